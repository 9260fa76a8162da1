"""The ASN registry. Current state (position, unit, golongan, competency level) is
derived from the history tables — never stored twice (see ``registry/queries.py``) —
but for ``Employee.latest_golongan``, kept from the rank history (decision 0012)."""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy, pgettext_lazy

from sigap.audit.events import register_events
from sigap.identifiers.fields import NIPField
from sigap.platform.stored_text import StoredTextField, shown
from sigap.platform.transitions import Workflow
from sigap.tenancy.managers import TenantModel
from sigap.workforce import retirement
from sigap.workforce.notes import ASSIGNMENT_NOTES
from sigap.workforce.reference import (
    EDUCATION_LEVELS,
    GOLONGAN_CHOICES,
    STUDY_FIELD_CHOICES,
    study_field_label,
)


class JabatanType(models.TextChoices):
    """UU 20/2023: managerial and non-managerial positions."""

    JPT_UTAMA = "jpt_utama", pgettext_lazy("jenis jabatan", "JPT Utama")
    JPT_MADYA = "jpt_madya", pgettext_lazy("jenis jabatan", "JPT Madya")
    JPT_PRATAMA = "jpt_pratama", pgettext_lazy("jenis jabatan", "JPT Pratama")
    ADMINISTRATOR = "administrator", pgettext_lazy("jenis jabatan", "Administrator")
    PENGAWAS = "pengawas", pgettext_lazy("jenis jabatan", "Pengawas")
    FUNGSIONAL = "fungsional", pgettext_lazy("jenis jabatan", "Fungsional")
    PELAKSANA = "pelaksana", pgettext_lazy("jenis jabatan", "Pelaksana")


# BUP (batas usia pensiun) per position type — commonly 58 administrative, 60 senior.
# Configurable per agency in WorkforcePolicy.bup_by_type.
DEFAULT_BUP = {
    JabatanType.JPT_UTAMA: 60,
    JabatanType.JPT_MADYA: 60,
    JabatanType.JPT_PRATAMA: 60,
    JabatanType.ADMINISTRATOR: 58,
    JabatanType.PENGAWAS: 58,
    JabatanType.FUNGSIONAL: 58,
    JabatanType.PELAKSANA: 58,
}
DEFAULT_FIT_WEIGHTS = {
    "competency": 0.4,
    "education": 0.2,
    "pangkat": 0.15,
    "rotation": 0.1,
    "retirement": 0.15,
}


def default_bup() -> dict[str, int]:
    return {str(k): v for k, v in DEFAULT_BUP.items()}


def default_fit_weights() -> dict[str, float]:
    return dict(DEFAULT_FIT_WEIGHTS)


class WorkforcePolicy(TenantModel):
    """Per-agency settings for the figures the regulations leave open (unconfirmed)."""

    bup_by_type = models.JSONField(
        gettext_lazy("BUP per jenis jabatan (tahun)"), default=default_bup
    )
    rotation_due_years = models.PositiveSmallIntegerField(
        gettext_lazy("rotasi jatuh tempo setelah (tahun)"), default=5
    )
    fit_weights = models.JSONField(
        gettext_lazy("bobot kecocokan penempatan"), default=default_fit_weights
    )
    internal_candidate_threshold = models.FloatField(
        gettext_lazy("ambang kandidat internal"),
        default=0.6,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )

    class Meta:
        verbose_name = gettext_lazy("kebijakan kepegawaian")
        verbose_name_plural = gettext_lazy("kebijakan kepegawaian")
        constraints = [
            models.UniqueConstraint(fields=["agency"], name="workforcepolicy_one_per_agency")
        ]

    def __str__(self) -> str:
        return f"Kebijakan kepegawaian {self.agency}"

    def bup_for(self, jabatan_type: str | None) -> int:
        return int(self.bup_by_type.get(jabatan_type or JabatanType.PELAKSANA, 58))


class RegistryStamp(TenantModel):
    """Per agency, a number drawn anew (at random) whenever something the ASN list or
    profile keeps may have changed: an employee, a position and its competency standard,
    an assignment, a rank, an education, an assessment, the policy, a unit or a
    competency written (``registry.mark_totals_stale``, in the writer's transaction). The
    list's totals, id sets and orders, its option lists, the policy and the standards are
    kept under it (``platform.stamps``): those made under an earlier number are not read
    again."""

    version = models.PositiveBigIntegerField(gettext_lazy("versi"), default=0)

    class Meta:
        verbose_name = gettext_lazy("versi hitungan daftar ASN")
        verbose_name_plural = gettext_lazy("versi hitungan daftar ASN")
        constraints = [
            models.UniqueConstraint(fields=["agency"], name="workforce_registry_stamp_one")
        ]


class Competency(TenantModel):
    class Kind(models.TextChoices):
        TECHNICAL = "teknis", gettext_lazy("Teknis")
        MANAGERIAL = "manajerial", gettext_lazy("Manajerial")
        SOCIO_CULTURAL = "sosial_kultural", gettext_lazy("Sosial kultural")

    code = models.CharField(gettext_lazy("kode"), max_length=40)
    name = models.CharField(gettext_lazy("nama"), max_length=150)
    kind = models.CharField(gettext_lazy("jenis"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = gettext_lazy("kompetensi")
        verbose_name_plural = gettext_lazy("kompetensi")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="competency_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Position(TenantModel):
    """A jabatan in a unit, with its standard and its formasi (headcount needed)."""

    unit = models.ForeignKey(
        "tenancy.OrgUnit",
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=gettext_lazy("unit"),
    )
    code = models.CharField(gettext_lazy("kode"), max_length=60)
    title = models.CharField(gettext_lazy("nama jabatan"), max_length=200)
    jabatan_type = models.CharField(
        gettext_lazy("jenis jabatan"), max_length=20, choices=JabatanType.choices
    )
    min_golongan = models.CharField(
        gettext_lazy("golongan minimal"), max_length=5, choices=GOLONGAN_CHOICES, blank=True
    )
    relevant_fields = models.JSONField(
        gettext_lazy("bidang studi relevan"), default=list, blank=True
    )
    formasi = models.PositiveSmallIntegerField(gettext_lazy("formasi (kebutuhan)"), default=1)
    is_active = models.BooleanField(gettext_lazy("aktif"), default=True)

    class Meta:
        verbose_name = gettext_lazy("jabatan")
        verbose_name_plural = gettext_lazy("jabatan")
        ordering = ["unit__path", "title"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="position_code_unique")
        ]

    def __str__(self) -> str:
        return self.title


class PositionRequirement(TenantModel):
    """Standar kompetensi jabatan: the level a position needs in one competency."""

    position = models.ForeignKey(
        Position,
        verbose_name=gettext_lazy("jabatan"),
        on_delete=models.CASCADE,
        related_name="requirements",
    )
    competency = models.ForeignKey(
        Competency,
        verbose_name=gettext_lazy("kompetensi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField(
        gettext_lazy("tingkat"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )

    class Meta:
        verbose_name = gettext_lazy("standar kompetensi jabatan")
        verbose_name_plural = gettext_lazy("standar kompetensi jabatan")
        constraints = [
            models.UniqueConstraint(fields=["position", "competency"], name="requirement_unique"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="requirement_level_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}: {self.competency} ≥ {self.level}"


class Employee(TenantModel):
    """An ASN: PNS (NIP) or PPPK (PPPK number)."""

    class Kind(models.TextChoices):
        PNS = "pns", pgettext_lazy("jenis ASN", "PNS")
        PPPK = "pppk", pgettext_lazy("jenis ASN", "PPPK")

    class Gender(models.TextChoices):
        MALE = "L", gettext_lazy("Laki-laki")
        FEMALE = "P", gettext_lazy("Perempuan")

    class Status(models.TextChoices):
        # A context: "Pensiun" is also the ASN list's column (Retirement); the status
        # is Retired.
        ACTIVE = "active", pgettext_lazy("status ASN", "Aktif")
        RETIRED = "retired", pgettext_lazy("status ASN", "Pensiun")
        RESIGNED = "resigned", pgettext_lazy("status ASN", "Berhenti atas permintaan sendiri")
        DIED = "died", pgettext_lazy("status ASN", "Meninggal dunia")
        DISMISSED = "dismissed", pgettext_lazy("status ASN", "Diberhentikan")
        LEFT = "left", pgettext_lazy("status ASN", "Keluar/pindah instansi")

    kind = models.CharField(
        gettext_lazy("jenis ASN"), max_length=4, choices=Kind.choices, default=Kind.PNS
    )
    nip = NIPField(null=True, blank=True)
    # NULL, not "", so the partial unique constraint ignores PNS rows.
    pppk_number = models.CharField(gettext_lazy("nomor PPPK"), max_length=30, null=True, blank=True)  # noqa: DJ001
    full_name = models.CharField(gettext_lazy("nama"), max_length=150)
    gender = models.CharField(gettext_lazy("jenis kelamin"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(gettext_lazy("tanggal lahir"))
    service_start = models.DateField(gettext_lazy("TMT CPNS/PPPK"))
    status = models.CharField(
        gettext_lazy("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.ACTIVE,
    )
    # The day employment ended (TMT pensiun/berhenti); set by records.end_employment.
    left_on = models.DateField(gettext_lazy("tanggal berhenti"), null=True, blank=True)
    # The golongan of the latest rank (by TMT), or "" without one. Derived, the one
    # exception to "never stored twice" (decision 0012): the ASN list filters and counts
    # by it, and a "latest rank" subquery per person cost 50–130 ms at province scale.
    # Only ``records.refresh_latest_golongan`` writes it, for every writer of ranks.
    latest_golongan = models.CharField(
        gettext_lazy("golongan saat ini"),
        max_length=5,
        blank=True,
        default="",
        db_default="",  # bulk writers insert employees without naming it
        editable=False,
    )
    user = models.OneToOneField(
        "accounts.User",
        verbose_name=gettext_lazy("akun"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
    )

    class Meta:
        verbose_name = pgettext_lazy("nama model", "ASN")
        verbose_name_plural = pgettext_lazy("nama model", "ASN")
        ordering = ["full_name"]
        indexes = [
            models.Index(fields=["agency", "full_name"]),
            models.Index(fields=["agency", "birth_date"]),
            # The ASN list by golongan, in name order (walked, not sorted).
            models.Index(
                fields=["agency", "latest_golongan", "full_name", "id"], name="employee_golongan"
            ),
            # The ASN list of one status (active by default) in name order, and its total
            # as an index-only scan. Without full_name here SQLite took (agency, status)
            # for the list, sorted all 60,000 and checked every filter on each (106 ms
            # against 5 ms for the competency filter on the province demo).
            models.Index(fields=["agency", "status", "full_name", "id"], name="employee_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "nip"],
                condition=models.Q(nip__isnull=False),
                name="employee_nip_unique",
            ),
            models.UniqueConstraint(
                fields=["agency", "pppk_number"],
                condition=models.Q(pppk_number__isnull=False),
                name="employee_pppk_unique",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="pns", nip__isnull=False)
                    | models.Q(kind="pppk", pppk_number__isnull=False)
                ),
                name="employee_identifier_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.identifier})"

    @property
    def identifier(self) -> str:
        return self.nip or self.pppk_number or ""

    def age_on(self, day: dt.date) -> int:
        return (
            day.year
            - self.birth_date.year
            - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))
        )

    def retirement_date(self, bup_years: int) -> dt.date:
        """PP 11/2017 (see ``retirement.py``)."""
        return retirement.retirement_date(self.birth_date, bup_years)


class Education(TenantModel):
    employee = models.ForeignKey(
        Employee,
        verbose_name=gettext_lazy("pegawai"),
        on_delete=models.CASCADE,
        related_name="educations",
    )
    level = models.CharField(gettext_lazy("jenjang"), max_length=3, choices=EDUCATION_LEVELS)
    field_of_study = models.CharField(gettext_lazy("jurusan"), max_length=150, blank=True)
    field_group = models.CharField(
        gettext_lazy("rumpun bidang studi"),
        max_length=20,
        choices=STUDY_FIELD_CHOICES,
        default="umum",
    )
    institution = models.CharField(gettext_lazy("institusi"), max_length=150, blank=True)
    graduation_year = models.PositiveSmallIntegerField(gettext_lazy("tahun lulus"))

    class Meta:
        verbose_name = gettext_lazy("riwayat pendidikan")
        verbose_name_plural = gettext_lazy("riwayat pendidikan")
        ordering = ["-graduation_year"]
        # The ASN list's study-field filter reads who studied a field through this.
        indexes = [
            models.Index(fields=["field_group", "employee"], name="education_field_employee")
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.field_of_study} ({self.graduation_year})"

    @property
    def field_group_label(self) -> str:
        """``get_field_group_display`` without writing out every group's label first (the
        choices are lazy: Django's display builds a dict of all of them per call)."""
        return study_field_label(self.field_group)


class CompetencyAssessment(TenantModel):
    """An assessed level (1–5); the latest per competency is the current one."""

    class Method(models.TextChoices):
        # PermenPAN-RB 38/2017 (standar kompetensi jabatan ASN) names these ways of
        # measuring competency; older rows may hold free text, shown as it is.
        ASSESSMENT_CENTRE = "assessment_center", gettext_lazy("Assessment center")
        SUPERVISOR = "penilaian_atasan", gettext_lazy("Penilaian atasan")
        TEST = "uji_kompetensi", gettext_lazy("Uji kompetensi")
        PORTFOLIO = "portofolio", gettext_lazy("Portofolio")
        INTERVIEW = "wawancara", gettext_lazy("Wawancara perilaku")

    employee = models.ForeignKey(
        Employee,
        verbose_name=gettext_lazy("pegawai"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    competency = models.ForeignKey(
        Competency,
        verbose_name=gettext_lazy("kompetensi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField(
        gettext_lazy("tingkat"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    assessed_on = models.DateField(gettext_lazy("tanggal asesmen"))
    method = models.CharField(gettext_lazy("metode"), max_length=60, blank=True)
    # db_default: the demo and imports insert assessments in bulk without this column.
    assessor = models.CharField(
        gettext_lazy("asesor"), max_length=150, blank=True, default="", db_default=""
    )

    class Meta:
        verbose_name = gettext_lazy("hasil asesmen kompetensi")
        verbose_name_plural = gettext_lazy("hasil asesmen kompetensi")
        indexes = [
            models.Index(fields=["employee", "competency", "-assessed_on"]),
            # The ASN list's competency filter: who was assessed at ≥ level, as a range.
            models.Index(
                fields=["competency", "level", "employee"], name="assessment_competency_level"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="assessment_level_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency}: {self.level}"


class RankHistory(TenantModel):
    """Riwayat pangkat/golongan with its TMT; the latest TMT is the current golongan."""

    employee = models.ForeignKey(
        Employee,
        verbose_name=gettext_lazy("pegawai"),
        on_delete=models.CASCADE,
        related_name="ranks",
    )
    golongan = models.CharField(gettext_lazy("golongan"), max_length=5, choices=GOLONGAN_CHOICES)
    tmt = models.DateField(gettext_lazy("TMT"))
    sk_number = models.CharField(gettext_lazy("nomor SK"), max_length=80, blank=True)

    class Meta:
        verbose_name = gettext_lazy("riwayat pangkat")
        verbose_name_plural = gettext_lazy("riwayat pangkat")
        indexes = [
            models.Index(fields=["employee", "-tmt"]),
            # The ASN list's golongan filter: who ever held a golongan.
            models.Index(fields=["golongan", "employee"], name="rank_golongan_employee"),
        ]
        constraints = [models.UniqueConstraint(fields=["employee", "tmt"], name="rank_one_per_tmt")]

    def __str__(self) -> str:
        return f"{self.golongan} TMT {self.tmt:%d-%m-%Y}"


class Assignment(TenantModel):
    """Riwayat jabatan: every appointment, mutation, rotation, promotion, special
    assignment and secondment, with its SK. The open primary one is the current position."""

    class Kind(models.TextChoices):
        APPOINTMENT = "pengangkatan", pgettext_lazy("jenis penugasan", "Pengangkatan")
        MUTATION = "mutasi", pgettext_lazy("jenis penugasan", "Mutasi")
        ROTATION = "rotasi", pgettext_lazy("jenis penugasan", "Rotasi")
        PROMOTION = "promosi", pgettext_lazy("jenis penugasan", "Promosi")
        SPECIAL = "penugasan_khusus", pgettext_lazy("jenis penugasan", "Penugasan khusus")
        SECONDMENT = "detasering", pgettext_lazy("jenis penugasan", "Detasering")
        ACTING = "plt", pgettext_lazy("jenis penugasan", "Pelaksana tugas (Plt)")

    # Kinds that do not replace the person's own (primary) position.
    SECONDARY_KINDS = frozenset({Kind.SPECIAL, Kind.SECONDMENT, Kind.ACTING})

    employee = models.ForeignKey(
        Employee,
        verbose_name=gettext_lazy("pegawai"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    position = models.ForeignKey(
        Position,
        verbose_name=gettext_lazy("jabatan"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    kind = models.CharField(gettext_lazy("jenis"), max_length=20, choices=Kind.choices)
    is_primary = models.BooleanField(gettext_lazy("jabatan definitif"), default=True)
    sk_number = models.CharField(gettext_lazy("nomor SK"), max_length=80)
    sk_date = models.DateField(gettext_lazy("tanggal SK"))
    starts_on = models.DateField(gettext_lazy("mulai"))
    ends_on = models.DateField(gettext_lazy("selesai"), null=True, blank=True)
    note = models.CharField(gettext_lazy("catatan"), max_length=255, blank=True)
    # What code wrote (an import, the placement advisor, a handover), in the reader's
    # language when shown; ``note`` keeps what a person typed.
    note_text = StoredTextField(gettext_lazy("catatan sistem"), catalogue=ASSIGNMENT_NOTES)

    class Meta:
        verbose_name = gettext_lazy("riwayat jabatan")
        verbose_name_plural = gettext_lazy("riwayat jabatan")
        ordering = ["-starts_on"]
        indexes = [
            models.Index(fields=["employee", "-starts_on"]),
            models.Index(
                fields=["position"],
                condition=models.Q(ends_on__isnull=True),
                name="assignment_open_by_position",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["employee"],
                condition=models.Q(ends_on__isnull=True, is_primary=True),
                name="assignment_one_open_primary",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="assignment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.position} ({self.sk_number})"

    @property
    def shown_note(self) -> str:
        """The note in the reader's language: what code wrote, else what was typed."""
        return shown(self.note_text, self.note, ASSIGNMENT_NOTES)


class ActionItem(TenantModel):
    """A piece of open work owned by an ASN (follow-ups, programme tasks). Handover moves it."""

    class Status(models.TextChoices):
        # "Selesai" means End, Closed or Done elsewhere: this one is a task done.
        OPEN = "open", pgettext_lazy("tindak lanjut", "Terbuka")
        DONE = "done", pgettext_lazy("tindak lanjut", "Selesai")

    title = models.CharField(gettext_lazy("tugas"), max_length=200)
    owner = models.ForeignKey(
        Employee,
        verbose_name=gettext_lazy("penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    unit = models.ForeignKey(
        "tenancy.OrgUnit",
        verbose_name=gettext_lazy("unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(gettext_lazy("tenggat"), null=True, blank=True)
    status = models.CharField(
        gettext_lazy("status"),
        max_length=5,
        choices=Status.choices,
        default=Status.OPEN,
    )
    created_at = models.DateTimeField(verbose_name=gettext_lazy("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("tindak lanjut")
        verbose_name_plural = gettext_lazy("tindak lanjut")
        indexes = [models.Index(fields=["owner", "status"])]

    def __str__(self) -> str:
        return self.title


class Handover(TenantModel):
    """Serah terima jabatan: a position changes hands and its open work moves with it."""

    position = models.ForeignKey(
        Position,
        verbose_name=gettext_lazy("jabatan"),
        on_delete=models.PROTECT,
        related_name="handovers",
    )
    from_employee = models.ForeignKey(
        Employee,
        verbose_name=gettext_lazy("dari pegawai"),
        on_delete=models.PROTECT,
        related_name="handovers_given",
    )
    to_employee = models.ForeignKey(
        Employee,
        verbose_name=gettext_lazy("kepada pegawai"),
        on_delete=models.PROTECT,
        related_name="handovers_received",
    )
    is_acting = models.BooleanField(gettext_lazy("kepada Plt"), default=False)
    sk_number = models.CharField(gettext_lazy("nomor SK/berita acara"), max_length=80)
    handed_over_on = models.DateField(gettext_lazy("tanggal serah terima"))
    items_moved = models.JSONField(gettext_lazy("pekerjaan yang dipindahkan"), default=list)
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=gettext_lazy("dibuat oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=gettext_lazy("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("serah terima jabatan")
        verbose_name_plural = gettext_lazy("serah terima jabatan")
        ordering = ["-handed_over_on"]

    def __str__(self) -> str:
        return f"Serah terima {self.position}: {self.from_employee.full_name} → {self.to_employee.full_name}"


class RosterImport(TenantModel):
    """An uploaded roster (Excel/CSV): validated first (dry run), then imported all-or-nothing."""

    class Status(models.TextChoices):
        VALIDATED = "validated", pgettext_lazy("impor data ASN", "Tervalidasi")
        INVALID = "invalid", pgettext_lazy("impor data ASN", "Ada kesalahan")
        QUEUED = "queued", pgettext_lazy("impor data ASN", "Menunggu impor")
        RUNNING = "running", pgettext_lazy("impor data ASN", "Sedang diimpor")
        DONE = "done", pgettext_lazy("impor data ASN", "Selesai")
        FAILED = "failed", pgettext_lazy("impor data ASN", "Gagal")

    file_name = models.CharField(gettext_lazy("nama berkas"), max_length=255)
    content = models.BinaryField(gettext_lazy("isi berkas"))
    content_sha256 = models.CharField(
        verbose_name=gettext_lazy("sidik SHA-256 berkas"), max_length=64
    )
    status = models.CharField(gettext_lazy("status"), max_length=10, choices=Status.choices)
    total_rows = models.PositiveIntegerField(gettext_lazy("jumlah baris"), default=0)
    processed_rows = models.PositiveIntegerField(gettext_lazy("baris diproses"), default=0)
    problems = models.JSONField(gettext_lazy("masalah per baris"), default=list)
    created_count = models.PositiveIntegerField(
        verbose_name=gettext_lazy("jumlah dibuat"), default=0
    )
    updated_count = models.PositiveIntegerField(
        verbose_name=gettext_lazy("jumlah diperbarui"), default=0
    )
    uploaded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=gettext_lazy("diunggah oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=gettext_lazy("dibuat"), auto_now_add=True)
    finished_at = models.DateTimeField(verbose_name=gettext_lazy("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("impor data ASN")
        verbose_name_plural = gettext_lazy("impor data ASN")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        # No status: the audit trail keeps this text, and shows the status (a code) in
        # the reader's language beside it.
        return self.file_name


class PlacementRun(TenantModel):
    """One run of the placement advisor: vacancies × candidates → recommended assignment."""

    weights = models.JSONField(gettext_lazy("bobot"))
    position_ids = models.JSONField(gettext_lazy("jabatan lowong"), default=list)
    excluded_employee_ids = models.JSONField(gettext_lazy("ASN dikecualikan"), default=list)
    total_fit = models.FloatField(gettext_lazy("total kecocokan"), default=0)
    greedy_fit = models.FloatField(
        gettext_lazy("total kecocokan cara sederhana (pembanding)"), default=0
    )
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=gettext_lazy("dibuat oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=gettext_lazy("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("penasihat penempatan")
        verbose_name_plural = gettext_lazy("penasihat penempatan")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Penempatan {self.created_at:%Y-%m-%d %H:%M}"


class PlacementRecommendation(TenantModel):
    class Decision(models.TextChoices):
        PENDING = "pending", pgettext_lazy("rekomendasi penempatan", "Menunggu keputusan")
        ACCEPTED = "accepted", pgettext_lazy("rekomendasi penempatan", "Diterima")
        REJECTED = "rejected", pgettext_lazy("rekomendasi penempatan", "Ditolak")

    run = models.ForeignKey(
        PlacementRun,
        verbose_name=gettext_lazy("penelusuran penempatan"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    position = models.ForeignKey(
        Position, verbose_name=gettext_lazy("jabatan"), on_delete=models.PROTECT, related_name="+"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=gettext_lazy("pegawai"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.FloatField(gettext_lazy("skor"))
    terms = models.JSONField(gettext_lazy("rincian skor"))
    decision = models.CharField(
        gettext_lazy("keputusan"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    reason = models.CharField(gettext_lazy("alasan"), max_length=255, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=gettext_lazy("diputuskan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(
        verbose_name=gettext_lazy("diputuskan"), null=True, blank=True
    )
    assignment = models.ForeignKey(
        Assignment,
        verbose_name=gettext_lazy("penugasan jabatan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = gettext_lazy("rekomendasi penempatan")
        verbose_name_plural = gettext_lazy("rekomendasi penempatan")
        ordering = ["-score"]

    def __str__(self) -> str:
        return f"{self.employee.full_name} → {self.position}"


# -- state machines (sigap.platform.transitions) ----------------------------------------
# Each allowed move, with the audit event it records; every other move is refused.

_S = Employee.Status
EMPLOYEE_FLOW = Workflow(
    Employee,
    transitions={
        (_S.ACTIVE, _S.RETIRED): "pensiun",
        (_S.ACTIVE, _S.RESIGNED): "berhenti atas permintaan sendiri",
        (_S.ACTIVE, _S.DIED): "meninggal dunia",
        (_S.ACTIVE, _S.DISMISSED): "pemberhentian",
        (_S.ACTIVE, _S.LEFT): "pindah instansi",
        # A dismissal annulled by a court ruling (PTUN) restores the ASN; nothing else
        # comes back to active.
        (_S.DISMISSED, _S.ACTIVE): "pengaktifan kembali",
    },
)

_R = RosterImport.Status
ROSTER_IMPORT_FLOW = Workflow(
    RosterImport,
    transitions={
        (_R.VALIDATED, _R.QUEUED): "impor roster dijadwalkan",
        (_R.QUEUED, _R.RUNNING): "impor roster berjalan",
        (_R.RUNNING, _R.DONE): "impor roster",
        (_R.RUNNING, _R.FAILED): "impor roster gagal",
    },
    stamps={_R.DONE: "finished_at", _R.FAILED: "finished_at"},
)

_D = PlacementRecommendation.Decision
RECOMMENDATION_FLOW = Workflow(
    PlacementRecommendation,
    field="decision",
    transitions={
        (_D.PENDING, _D.ACCEPTED): "rekomendasi penempatan diterima",
        (_D.PENDING, _D.REJECTED): "rekomendasi penempatan ditolak",
    },
    stamps={_D.ACCEPTED: "decided_at", _D.REJECTED: "decided_at"},
)

# Typed audit events the workforce's domain functions record beside the field diffs.
register_events(
    {
        Assignment.Kind.APPOINTMENT.value: "Pengangkatan",
        Assignment.Kind.MUTATION.value: "Mutasi",
        Assignment.Kind.ROTATION.value: "Rotasi",
        Assignment.Kind.PROMOTION.value: "Promosi",
        "serah terima jabatan": "Serah terima jabatan",
        "penasihat penempatan": "Penasihat penempatan dijalankan",
        "asesmen kompetensi": "Asesmen kompetensi dicatat",
        "koreksi data ASN": "Koreksi data ASN",
    }
)
