"""Competency development (pengembangan kompetensi): programmes, JP rules as data,
budgets whose commitments the database refuses to overspend, enrolments through one
transition table, the 20 JP ledger, mentoring, and socialisation of policies.

* ``JpRule``: how one form of learning converts to JP, per agency (defaults from
  ``data/jp_rules.csv``, marked unconfirmed where the domain notes say so).
* ``Programme`` with its ``ProgrammeSession`` rows and target competencies.
* ``Budget``: a unit's yearly budget per funding source. ``committed + realised`` may
  never exceed ``planned + overrun`` (a CHECK constraint): approvals commit, completions
  realise, cancellations release; ``overrun`` grows only through an audited override.
* ``Enrolment`` moves through ``ENROLMENT_FLOW``; ``Attendance`` per session,
  ``Certificate`` on completion, ``JpCredit`` rows form the ledger.
* ``MentoringPair`` / ``MentoringSession``; ``Announcement`` / ``AnnouncementRecipient``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sigap.platform.transitions import Workflow
from sigap.tenancy.managers import TenantModel


class Form(models.TextChoices):
    """Every form of competency development in the domain notes (klasikal first)."""

    KEPEMIMPINAN = "kepemimpinan", _("Pelatihan kepemimpinan")
    MANAJERIAL = "manajerial", _("Pelatihan manajerial")
    TEKNIS = "teknis", _("Pelatihan teknis")
    FUNGSIONAL = "fungsional", _("Pelatihan fungsional")
    SOSIAL_KULTURAL = "sosial_kultural", _("Pelatihan sosial kultural")
    SEMINAR = "seminar", _("Seminar/sosialisasi")
    WORKSHOP = "workshop", _("Lokakarya (workshop)")
    KURSUS = "kursus", _("Kursus")
    BIMTEK = "bimtek", _("Bimbingan teknis")
    COACHING = "coaching", _("Coaching")
    MENTORING = "mentoring", _("Mentoring")
    E_LEARNING = "e_learning", _("E-learning")
    DISTANCE = "distance", _("Pelatihan jarak jauh")
    DETASERING = "detasering", _("Detasering (secondment)")
    MAGANG = "magang", _("Magang")
    JOB_EXCHANGE = "job_exchange", _("Pertukaran pegawai (job exchange)")
    BENCHMARKING = "benchmarking", _("Benchmarking")
    SELF_STUDY = "self_study", _("Belajar mandiri")
    LEARNING_COMMUNITY = "learning_community", _("Komunitas belajar")
    SPECIAL_ASSIGNMENT = "special_assignment", _("Penugasan khusus")
    ROTATION = "rotation", _("Rotasi jabatan")


CLASSICAL = frozenset(
    {
        Form.KEPEMIMPINAN,
        Form.MANAJERIAL,
        Form.TEKNIS,
        Form.FUNGSIONAL,
        Form.SOSIAL_KULTURAL,
        Form.SEMINAR,
        Form.WORKSHOP,
        Form.KURSUS,
        Form.BIMTEK,
    }
)
# Forms that are lived through (workforce history, mentoring pairs), not catalogued.
EXPERIENTIAL = frozenset({Form.DETASERING, Form.SPECIAL_ASSIGNMENT, Form.ROTATION})


class JpRule(TenantModel):
    class Method(models.TextChoices):
        HOURS = "hours", _("jam pelajaran: menit ÷ menit per JP")
        PER_DAY = "per_day", _("JP per hari")
        PER_SESSION = "per_session", _("JP per sesi")
        FIXED = "fixed", _("JP tetap")

    form = models.CharField(_("bentuk"), max_length=20, choices=Form.choices)
    method = models.CharField(_("cara hitung"), max_length=12, choices=Method.choices)
    # HOURS: minutes per JP; PER_DAY / PER_SESSION: JP each; FIXED: JP for the whole.
    value = models.DecimalField(
        _("nilai"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    monthly_cap = models.PositiveSmallIntegerField(
        _("sesi dihitung paling banyak per bulan"), null=True, blank=True
    )
    daily_cap = models.DecimalField(
        _("JP paling banyak per hari"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    confirmed = models.BooleanField(_("dikonfirmasi regulasi"), default=False)
    note = models.CharField(_("catatan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("aturan JP")
        verbose_name_plural = _("aturan JP")
        ordering = ["form"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "form"], name="learning_jprule_one_per_form")
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()}: {self.get_method_display()} {self.value}"


class Programme(TenantModel):
    class Provider(models.TextChoices):
        GOVERNMENT = "government", _("Lembaga pelatihan pemerintah")
        PRIVATE = "private", _("Penyelenggara swasta")
        INTERNAL = "internal", _("Internal pemda")

    code = models.CharField(_("kode"), max_length=40)
    title = models.CharField(_("nama program"), max_length=200)
    form = models.CharField(_("bentuk"), max_length=20, choices=Form.choices)
    provider_kind = models.CharField(_("penyelenggara"), max_length=12, choices=Provider.choices)
    provider_name = models.CharField(_("nama penyelenggara"), max_length=200, blank=True)
    description = models.TextField(_("uraian"), blank=True)
    jp = models.DecimalField(
        _("JP"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    cost_per_participant = models.DecimalField(
        _("biaya per peserta (Rp)"), max_digits=14, decimal_places=0, default=Decimal(0)
    )
    capacity = models.PositiveIntegerField(_("kapasitas"), validators=[MinValueValidator(1)])
    year = models.PositiveSmallIntegerField(_("tahun"))
    created_at = models.DateTimeField(verbose_name=_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("program pengembangan")
        verbose_name_plural = _("program pengembangan")
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="learning_programme_code"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="learning_capacity_pos"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_classical(self) -> bool:
        return self.form in CLASSICAL


class ProgrammeTarget(TenantModel):
    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), on_delete=models.CASCADE, related_name="targets"
    )
    competency = models.ForeignKey(
        "workforce.Competency",
        verbose_name=_("kompetensi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField(
        _("level sasaran"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("sasaran kompetensi program")
        verbose_name_plural = _("sasaran kompetensi program")
        constraints = [
            models.UniqueConstraint(fields=["programme", "competency"], name="learning_target_once")
        ]


class ProgrammeSession(TenantModel):
    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), on_delete=models.CASCADE, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    online_link = models.URLField(_("tautan daring"), blank=True)

    class Meta:
        verbose_name = _("sesi")
        verbose_name_plural = _("sesi")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="learning_session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.starts_at:%Y-%m-%d}"


class Budget(TenantModel):
    class Source(models.TextChoices):
        APBD = "apbd", _("APBD")
        APBN = "apbn", _("APBN")
        GRANT = "hibah", _("Hibah")
        OTHER = "lainnya", _("Lainnya")

    unit = models.ForeignKey(
        "tenancy.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    source = models.CharField(_("sumber dana"), max_length=8, choices=Source.choices)
    planned = models.DecimalField(_("pagu (Rp)"), max_digits=16, decimal_places=0)
    committed = models.DecimalField(
        _("terikat (Rp)"), max_digits=16, decimal_places=0, default=Decimal(0)
    )
    realised = models.DecimalField(
        _("terealisasi (Rp)"), max_digits=16, decimal_places=0, default=Decimal(0)
    )
    # Raised only by an audited override; the CHECK below holds against it.
    overrun = models.DecimalField(
        _("pelampauan disetujui (Rp)"), max_digits=16, decimal_places=0, default=Decimal(0)
    )

    class Meta:
        verbose_name = _("anggaran pengembangan")
        verbose_name_plural = _("anggaran pengembangan")
        ordering = ["-year", "unit__path", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "source"], name="learning_budget_one_per_source"
            ),
            # The database, not the application, is the last word: no commitment, from
            # any number of concurrent approvals, can take a budget past its ceiling.
            models.CheckConstraint(
                condition=Q(committed__gte=0)
                & Q(realised__gte=0)
                & Q(overrun__gte=0)
                & Q(planned__gte=0)
                & Q(
                    committed__lte=F("planned") + F("overrun") - F("realised"),
                ),
                name="learning_budget_never_overspent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year} {self.get_source_display()}"

    @property
    def remaining(self) -> Decimal:
        return self.planned + self.overrun - self.committed - self.realised


class Enrolment(TenantModel):
    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Diusulkan")
        WAITLISTED = "waitlisted", _("Daftar tunggu")
        APPROVED = "approved", _("Disetujui")
        COMPLETED = "completed", _("Selesai")
        REJECTED = "rejected", _("Ditolak")
        CANCELLED = "cancelled", _("Dibatalkan")
        NO_SHOW = "no_show", _("Tidak hadir")

    # Seats held: counted against the programme's capacity.
    SEATED = (Status.APPROVED, Status.COMPLETED)
    LIVE = (Status.NOMINATED, Status.WAITLISTED, Status.APPROVED, Status.COMPLETED)

    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), on_delete=models.PROTECT, related_name="enrolments"
    )
    employee = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    unit = models.ForeignKey(
        "tenancy.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NOMINATED
    )
    budget = models.ForeignKey(
        Budget,
        verbose_name=_("anggaran"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
    )
    cost = models.DecimalField(_("biaya (Rp)"), max_digits=14, decimal_places=0, default=0)
    override_reason = models.CharField(_("alasan pelampauan"), max_length=300, blank=True)
    reason = models.CharField(_("alasan usulan"), max_length=300, blank=True)
    pre_test = models.DecimalField(
        _("nilai pra-tes"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    post_test = models.DecimalField(
        _("nilai pasca-tes"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diusulkan oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("dibuat"), auto_now_add=True)
    approved_at = models.DateTimeField(verbose_name=_("disetujui"), null=True, blank=True)
    completed_at = models.DateTimeField(verbose_name=_("diselesaikan"), null=True, blank=True)
    closed_at = models.DateTimeField(verbose_name=_("ditutup"), null=True, blank=True)

    class Meta:
        verbose_name = _("peserta program")
        verbose_name_plural = _("peserta program")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["programme", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "employee"],
                condition=Q(status__in=["nominated", "waitlisted", "approved", "completed"]),
                name="learning_one_live_enrolment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.programme}"

    @property
    def learning_gain(self) -> Decimal | None:
        if self.pre_test is None or self.post_test is None:
            return None
        return self.post_test - self.pre_test


_E = Enrolment.Status
ENROLMENT_FLOW = Workflow(
    Enrolment,
    transitions={
        (_E.NOMINATED, _E.APPROVED): "usulan pelatihan disetujui",
        (_E.NOMINATED, _E.WAITLISTED): "usulan pelatihan masuk daftar tunggu",
        (_E.NOMINATED, _E.REJECTED): "usulan pelatihan ditolak",
        (_E.NOMINATED, _E.CANCELLED): "usulan pelatihan dibatalkan",
        (_E.WAITLISTED, _E.APPROVED): "peserta daftar tunggu dinaikkan",
        (_E.WAITLISTED, _E.CANCELLED): "peserta daftar tunggu dibatalkan",
        (_E.APPROVED, _E.COMPLETED): "pelatihan diselesaikan",
        (_E.APPROVED, _E.CANCELLED): "keikutsertaan dibatalkan",
        (_E.APPROVED, _E.NO_SHOW): "peserta tidak hadir",
    },
    stamps={_E.APPROVED: "approved_at", _E.COMPLETED: "completed_at"},
)


class Attendance(TenantModel):
    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("pendaftaran"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    session = models.ForeignKey(
        ProgrammeSession, verbose_name=_("sesi"), on_delete=models.CASCADE, related_name="+"
    )
    present = models.BooleanField(_("hadir"))
    recorded_at = models.DateTimeField(verbose_name=_("dicatat"), auto_now=True)

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "session"], name="learning_attend_once")
        ]


class Certificate(TenantModel):
    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("pendaftaran"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    number = models.CharField(_("nomor sertifikat"), max_length=40, unique=True)
    issued_on = models.DateField(_("tanggal sertifikat"))
    file = models.FileField(_("berkas"), upload_to="learning/certificates/", blank=True)
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        ordering = ["-issued_on", "number"]

    def __str__(self) -> str:
        return self.number


class JpCredit(TenantModel):
    """One line of the 20 JP ledger: JP earned by an ASN on a day, from one source."""

    class Source(models.TextChoices):
        PROGRAMME = "programme", _("Program pengembangan")
        MENTORING = "mentoring", _("Mentoring/coaching")
        EXPERIENTIAL = "experiential", _("Pembelajaran dari pengalaman")

    employee = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.PROTECT,
        related_name="jp_credits",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    day = models.DateField(_("tanggal"))
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=2)
    source = models.CharField(_("sumber"), max_length=12, choices=Source.choices)
    form = models.CharField(_("bentuk"), max_length=20, choices=Form.choices)
    title = models.CharField(_("kegiatan"), max_length=200)
    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("pendaftaran"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit",
    )
    mentoring_session = models.OneToOneField(
        "learning.MentoringSession",
        verbose_name=_("sesi mentoring"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit",
    )
    assignment = models.OneToOneField(
        "workforce.Assignment",
        verbose_name=_("penugasan jabatan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("kredit JP")
        verbose_name_plural = _("kredit JP")
        ordering = ["-day", "-pk"]
        # Covering: a person's JP in a year is one index range, never a table lookup
        # (the "below 20 JP" list sums it for every ASN placed in a unit).
        indexes = [
            models.Index(fields=["agency", "year", "employee", "jp"], name="learning_jp_year_cover")
        ]
        constraints = [
            models.CheckConstraint(condition=Q(jp__gte=0), name="learning_credit_not_negative"),
        ]


class JpTotal(TenantModel):
    """An ASN's JP in a year: the sum of their ``JpCredit`` rows, kept by the functions
    that write credits (``jp.add_to_totals``, same transaction) so the "below 20 JP"
    lists read a page of rows by index instead of summing every placed ASN's credits.
    Derived data: ``jp.rebuild_totals`` recomputes it from the credits."""

    employee = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="jp_totals",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    jp = models.DecimalField(_("JP"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("total JP tahunan")
        verbose_name_plural = _("total JP tahunan")
        indexes = [
            # The list reads those with JP in JP order (the ASN with none come from the
            # name index of Employee).
            models.Index(
                fields=["agency", "year", "jp", "employee"], name="learning_jp_total_order"
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["employee", "year"], name="learning_jp_total_one"),
            models.CheckConstraint(condition=Q(jp__gte=0), name="learning_jp_total_not_negative"),
        ]


class JpCountStamp(TenantModel):
    """Per agency, a number drawn anew (at random) whenever something the "below target"
    counts read may have changed: a yearly total crossing a target, a rebuild of the
    totals, an employee, a position or an assignment written (``learning.counts.changed``,
    in the writer's transaction). The counts are cached under it (``learning.counts``):
    those made under an earlier number are not read again."""

    version = models.PositiveBigIntegerField(_("versi"), default=0)

    class Meta:
        verbose_name = _("versi hitungan JP")
        verbose_name_plural = _("versi hitungan JP")
        constraints = [models.UniqueConstraint(fields=["agency"], name="learning_jp_stamp_one")]


class MentoringPair(TenantModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Berjalan")
        CLOSED = "closed", _("Selesai")

    kind = models.CharField(
        _("jenis"),
        max_length=10,
        choices=[
            (Form.MENTORING.value, Form.MENTORING.label),
            (Form.COACHING.value, Form.COACHING.label),
        ],
        default=Form.MENTORING,
    )
    mentor = models.ForeignKey(
        "workforce.Employee", verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="+"
    )
    mentee = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("peserta mentoring"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    cohort = models.CharField(_("angkatan"), max_length=120, blank=True)
    goals = models.TextField(_("sasaran"))
    started_on = models.DateField(_("mulai"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default="active")
    outcome = models.TextField(_("hasil"), blank=True)
    closed_at = models.DateTimeField(verbose_name=_("ditutup"), null=True, blank=True)

    class Meta:
        verbose_name = _("pasangan mentoring")
        verbose_name_plural = _("pasangan mentoring")
        ordering = ["cohort", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(mentor=F("mentee")), name="learning_mentor_not_mentee"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor.full_name} → {self.mentee.full_name}"


MENTORING_FLOW = Workflow(
    MentoringPair,
    transitions={(MentoringPair.Status.ACTIVE, MentoringPair.Status.CLOSED): "mentoring selesai"},
    stamps={MentoringPair.Status.CLOSED: "closed_at"},
)


class MentoringSession(TenantModel):
    pair = models.ForeignKey(
        MentoringPair,
        verbose_name=_("pasangan mentoring"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    held_on = models.DateField(_("tanggal"))
    minutes = models.PositiveIntegerField(_("durasi (menit)"), validators=[MinValueValidator(1)])
    notes = models.TextField(_("catatan"), blank=True)
    jp = models.DecimalField(_("JP diakui"), max_digits=6, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("sesi mentoring")
        verbose_name_plural = _("sesi mentoring")
        ordering = ["-held_on", "-pk"]


class Announcement(TenantModel):
    """Socialisation of a policy: to every ASN, or to chosen units and position kinds."""

    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"))
    policy_reference = models.CharField(_("dasar kebijakan"), max_length=200, blank=True)
    unit_ids = models.JSONField(_("unit sasaran"), default=list, blank=True)
    jabatan_types = models.JSONField(_("jenis jabatan sasaran"), default=list, blank=True)
    read_by = models.DateField(_("dibaca paling lambat"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("diterbitkan"))

    class Meta:
        verbose_name = _("sosialisasi")
        verbose_name_plural = _("sosialisasi")
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return self.title


class AnnouncementRecipient(TenantModel):
    announcement = models.ForeignKey(
        Announcement,
        verbose_name=_("pengumuman"),
        on_delete=models.CASCADE,
        related_name="recipients",
    )
    employee = models.ForeignKey(
        "workforce.Employee", verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="+"
    )
    read_at = models.DateTimeField(verbose_name=_("dibaca"), null=True, blank=True)
    reminded_at = models.DateTimeField(verbose_name=_("diingatkan"), null=True, blank=True)

    class Meta:
        verbose_name = _("penerima pengumuman")
        verbose_name_plural = _("penerima pengumuman")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "employee"], name="learning_recipient_once"
            )
        ]
        indexes = [models.Index(fields=["announcement", "read_at"])]


class Feedback(TenantModel):
    """The reaction survey (Kirkpatrick level 1), from an ASN who attended."""

    enrolment = models.OneToOneField(
        Enrolment, verbose_name=_("pendaftaran"), on_delete=models.CASCADE, related_name="feedback"
    )
    relevance = models.PositiveSmallIntegerField(
        _("relevansi dengan tugas"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    delivery = models.PositiveSmallIntegerField(
        _("penyampaian/pengajar"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    overall = models.PositiveSmallIntegerField(
        _("kepuasan keseluruhan"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("komentar"), blank=True)
    created_at = models.DateTimeField(verbose_name=_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("umpan balik pelatihan")
        verbose_name_plural = _("umpan balik pelatihan")
