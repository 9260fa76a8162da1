"""Complaints (pengaduan) handled in SP4N-LAPOR! practice.

* ``Category``: the agency's list (a default from ``data/categories.csv``), each mapped
  to the unit that answers it, with its own deadlines in working days.
* ``Complaint`` moves through ``COMPLAINT_FLOW``; each move is one ``ComplaintStep``
  (the timeline the complainant sees) and one named audit event.
* ``ComplaintIdentity``: who complained, kept *apart* from the complaint so that an
  anonymous complaint has none at all and a confidential one is read only by roles
  holding ``complaints.view_identity`` (with a recorded reason). Units work from
  ``Complaint`` rows, which carry no identifying field.
* ``RoutingDecision``: what Sigap suggested and what the handler decided, the data the
  accuracy, abstention and reassignment reports are computed from.
* ``ClassifierModel``: a trained classifier's parameters as JSON (never pickle).
* ``MonthlyCount``: the public statistics' count table, kept in step by the domain
  functions so that the public page never scans the complaints.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sigap.complaints.step_notes import STEP_NOTES
from sigap.platform.stored_text import StoredTextField, shown
from sigap.platform.transitions import Workflow
from sigap.services.event_links import AboutKind
from sigap.services.uploads import private_storage
from sigap.tenancy.managers import TenantModel


class Category(TenantModel):
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama kategori"), max_length=120)
    unit = models.ForeignKey(
        "tenancy.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit penanggung jawab"),
    )
    keywords = models.JSONField(_("kata kunci"), default=list, blank=True)
    # SP4N-LAPOR! practice (domain.md): 3 working days to verify and route, 5 to follow
    # up, closed 10 working days after the answer when the complainant stays silent.
    verify_days = models.PositiveSmallIntegerField(_("hari kerja verifikasi"), default=3)
    follow_up_days = models.PositiveSmallIntegerField(_("hari kerja tindak lanjut"), default=5)
    close_after_days = models.PositiveSmallIntegerField(_("hari kerja tutup otomatis"), default=10)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("kategori pengaduan")
        verbose_name_plural = _("kategori pengaduan")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "code"], name="complaint_category_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Complaint(TenantModel):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Diterima")
        VERIFIED = "verified", _("Diverifikasi dan diteruskan")
        IN_FOLLOW_UP = "in_follow_up", _("Ditindaklanjuti")
        ANSWERED = "answered", _("Dijawab")
        CLOSED = "closed", _("Selesai")
        REJECTED = "rejected", _("Ditolak")
        MERGED = "merged", _("Digabung")
        REOPENED = "reopened", _("Dibuka kembali")

    class Mode(models.TextChoices):
        IDENTIFIED = "identified", _("Identitas terbuka")
        CONFIDENTIAL = "confidential", _("Identitas dirahasiakan")
        ANONYMOUS = "anonymous", _("Anonim")

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Portal warga")
        OFFICER = "officer", _("Dicatat petugas")
        API = "api", _("API")
        OPEN311 = "open311", _("Open311")
        LAPOR = "lapor", _("SP4N-LAPOR!")

    OPEN = (Status.RECEIVED, Status.VERIFIED, Status.IN_FOLLOW_UP, Status.REOPENED)
    FINAL = (Status.CLOSED, Status.REJECTED, Status.MERGED)

    tracking_number = models.CharField(_("nomor pelacakan"), max_length=24, unique=True)
    mode = models.CharField(_("identitas pelapor"), max_length=12, choices=Mode.choices)
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    text = models.TextField(_("isi pengaduan"))
    address = models.CharField(_("alamat/lokasi"), max_length=300, blank=True)
    lat = models.DecimalField(
        verbose_name=_("lintang"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    long = models.DecimalField(
        verbose_name=_("bujur"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("kategori"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    unit = models.ForeignKey(
        "tenancy.OrgUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # What it is about: the application (and so the service event, officer and unit).
    application = models.ForeignKey(
        "services.Application",
        verbose_name=_("permohonan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    service_event = models.ForeignKey(
        "services.ServiceEvent",
        verbose_name=_("peristiwa layanan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    service = models.ForeignKey(
        "services.Service",
        verbose_name=_("layanan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # How the complainant pointed at the service event (``services.event_links``): an
    # application, a queue ticket, a survey (never the survey answer itself: those are
    # pseudonymous) or one of their services picked from a list; and what to show for it.
    about_kind = models.CharField(
        _("diadukan dari"), max_length=12, choices=AboutKind.choices, blank=True
    )
    about_reference = models.CharField(_("rujukan"), max_length=40, blank=True)
    # Copied from the event so that every mode (an anonymous complaint keeps no link to
    # the event, whose citizen would name the complainant) counts against the officer
    # and the day it is about.
    officer = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("petugas"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    served_on = models.DateField(_("tanggal layanan"), null=True, blank=True)
    # Sigap's suggestion (``classifier.suggest``) and whether it abstained.
    suggested_category = models.ForeignKey(
        Category,
        verbose_name=_("kategori yang disarankan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    suggestion_confidence = models.FloatField(
        verbose_name=_("keyakinan saran"), null=True, blank=True
    )
    suggestion_source = models.CharField(verbose_name=_("sumber saran"), max_length=10, blank=True)
    needs_triage = models.BooleanField(_("perlu triase"), default=False)
    # Deadlines in the agency's working time (``deadlines``).
    due_at = models.DateTimeField(_("batas waktu"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(
        verbose_name=_("tingkat eskalasi"), default=0
    )  # 1 unit head, 2 inspectorate
    escalated_at = models.DateTimeField(verbose_name=_("dieskalasi"), null=True, blank=True)
    created_at = models.DateTimeField(verbose_name=_("dibuat"), auto_now_add=True)
    verified_at = models.DateTimeField(verbose_name=_("diverifikasi"), null=True, blank=True)
    follow_up_at = models.DateTimeField(verbose_name=_("ditindaklanjuti"), null=True, blank=True)
    answered_at = models.DateTimeField(verbose_name=_("dijawab"), null=True, blank=True)
    closed_at = models.DateTimeField(verbose_name=_("ditutup"), null=True, blank=True)
    reopened_at = models.DateTimeField(verbose_name=_("dibuka kembali"), null=True, blank=True)
    answer = models.TextField(_("jawaban"), blank=True)
    answered_on_time = models.BooleanField(
        verbose_name=_("dijawab tepat waktu"), null=True, blank=True
    )
    # Working time from routing to the first answer, as counted in ``MonthlyCount``:
    # kept so that a reassignment after a reopening moves exactly what was counted.
    answer_working_seconds = models.BigIntegerField(
        verbose_name=_("lama menjawab dalam jam kerja (detik)"), null=True, blank=True
    )
    reason = models.TextField(_("alasan"), blank=True)  # of a rejection
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("digabung ke"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
    )
    rating = models.PositiveSmallIntegerField(_("penilaian"), null=True, blank=True)
    rating_note = models.TextField(verbose_name=_("catatan penilaian"), blank=True)
    reassigned_count = models.PositiveSmallIntegerField(
        verbose_name=_("jumlah pengalihan"), default=0
    )
    lapor_id = models.CharField(_("nomor LAPOR!"), max_length=40, blank=True, default="")
    # The Open311 client that filed it: a client sees only the requests it filed.
    open311_client = models.ForeignKey(
        "services.Open311Client",
        verbose_name=_("klien Open311"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    idempotency_key = models.CharField(
        verbose_name=_("kunci pengiriman"), max_length=80, blank=True, default=""
    )

    class Meta:
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "lapor_id"],
                condition=~Q(lapor_id=""),
                name="complaint_lapor_id_unique",
            ),
            models.UniqueConstraint(
                fields=["agency", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="complaint_idempotency_key_unique",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="complaint_rating_1_to_5",
            ),
        ]
        indexes = [
            # A unit's inbox: open complaints by urgency.
            models.Index(
                fields=["agency", "unit", "status", "due_at"], name="complaint_unit_inbox"
            ),
            models.Index(fields=["agency", "needs_triage", "created_at"], name="complaint_triage"),
            models.Index(fields=["agency", "status", "due_at"], name="complaint_sweep"),
            models.Index(fields=["agency", "created_at"], name="complaint_recent"),
        ]

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def identity_hidden(self) -> bool:
        return self.mode != self.Mode.IDENTIFIED


_S = Complaint.Status
COMPLAINT_FLOW = Workflow(
    Complaint,
    transitions={
        (_S.RECEIVED, _S.VERIFIED): "pengaduan diverifikasi",
        (_S.RECEIVED, _S.REJECTED): "pengaduan ditolak",
        (_S.RECEIVED, _S.MERGED): "pengaduan digabung",
        (_S.VERIFIED, _S.IN_FOLLOW_UP): "pengaduan ditindaklanjuti",
        (_S.VERIFIED, _S.ANSWERED): "pengaduan dijawab",
        (_S.VERIFIED, _S.REJECTED): "pengaduan ditolak",
        (_S.VERIFIED, _S.MERGED): "pengaduan digabung",
        (_S.IN_FOLLOW_UP, _S.ANSWERED): "pengaduan dijawab",
        (_S.IN_FOLLOW_UP, _S.MERGED): "pengaduan digabung",
        (_S.ANSWERED, _S.CLOSED): "pengaduan selesai",
        (_S.ANSWERED, _S.REOPENED): "pengaduan dibuka kembali",
        (_S.CLOSED, _S.REOPENED): "pengaduan dibuka kembali",
        (_S.REOPENED, _S.IN_FOLLOW_UP): "pengaduan ditindaklanjuti",
        (_S.REOPENED, _S.ANSWERED): "pengaduan dijawab",
    },
    stamps={
        _S.VERIFIED: "verified_at",
        _S.IN_FOLLOW_UP: "follow_up_at",
        _S.ANSWERED: "answered_at",
        _S.CLOSED: "closed_at",
        _S.REJECTED: "closed_at",
        _S.MERGED: "closed_at",
        _S.REOPENED: "reopened_at",
    },
)


class ComplaintIdentity(TenantModel):
    """Who complained (identified and confidential complaints only). Kept out of the
    audit trail's field diff (``apps.ComplaintsConfig.ready``)."""

    complaint = models.OneToOneField(
        Complaint, verbose_name=_("pengaduan"), on_delete=models.CASCADE, related_name="identity"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("nama"), max_length=200, blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        verbose_name = _("identitas pelapor")
        verbose_name_plural = _("identitas pelapor")
        indexes = [models.Index(fields=["user"], name="complaint_identity_user")]


class ComplaintStep(TenantModel):
    """One line of the timeline. ``by`` is never set for the complainant's own lines of
    a confidential or anonymous complaint."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Status")
        REPLY = "reply", _("Tanggapan pelapor")
        NOTE = "note", _("Catatan petugas")

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("pengaduan"), on_delete=models.CASCADE, related_name="steps"
    )
    kind = models.CharField(
        verbose_name=_("jenis"), max_length=8, choices=Kind.choices, default=Kind.STATUS
    )
    status = models.CharField(
        verbose_name=_("status"), max_length=12, choices=Complaint.Status.choices
    )
    at = models.DateTimeField(verbose_name=_("waktu"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(verbose_name=_("catatan"), blank=True)
    # What code wrote (routing, a merge, the sweep), in the reader's language when shown;
    # ``note`` keeps what a person typed.
    note_text = StoredTextField(verbose_name=_("catatan sistem"), catalogue=STEP_NOTES)
    public = models.BooleanField(
        verbose_name=_("tampil untuk pelapor"), default=True
    )  # shown to the complainant

    class Meta:
        verbose_name = _("riwayat pengaduan")
        verbose_name_plural = _("riwayat pengaduan")
        ordering = ["at", "pk"]

    @property
    def shown_note(self) -> str:
        """The note in the reader's language: what code wrote, else what was typed."""
        return shown(self.note_text, self.note, STEP_NOTES)


class ComplaintAttachment(TenantModel):
    complaint = models.ForeignKey(
        Complaint, verbose_name=_("pengaduan"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(verbose_name=_("berkas"), storage=private_storage, max_length=255)
    original_name = models.CharField(verbose_name=_("nama berkas asli"), max_length=200)
    content_type = models.CharField(verbose_name=_("jenis isi berkas"), max_length=100)
    size = models.PositiveIntegerField(verbose_name=_("ukuran (bita)"))
    sha256 = models.CharField(verbose_name=_("sidik SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(verbose_name=_("diunggah"), auto_now_add=True)

    class Meta:
        verbose_name = _("lampiran pengaduan")
        verbose_name_plural = _("lampiran pengaduan")


class RoutingDecision(TenantModel):
    complaint = models.ForeignKey(
        Complaint, verbose_name=_("pengaduan"), on_delete=models.CASCADE, related_name="routings"
    )
    suggested_category = models.ForeignKey(
        Category,
        verbose_name=_("kategori yang disarankan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confidence = models.FloatField(verbose_name=_("keyakinan"), null=True, blank=True)
    source = models.CharField(
        verbose_name=_("sumber"), max_length=10, blank=True
    )  # model / keywords / none
    abstained = models.BooleanField(verbose_name=_("tidak menyarankan"), default=False)
    category = models.ForeignKey(
        Category, verbose_name=_("kategori"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "tenancy.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    is_reassignment = models.BooleanField(verbose_name=_("pengalihan"), default=False)
    at = models.DateTimeField(verbose_name=_("waktu"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("keputusan penerusan")
        verbose_name_plural = _("keputusan penerusan")
        indexes = [models.Index(fields=["agency", "at"], name="routing_by_time")]


class ClassifierModel(TenantModel):
    """A trained classifier as plain JSON (vocabulary, idf, coefficients): loading it
    runs no code, unlike a pickle (docs/decisions/0009)."""

    trained_at = models.DateTimeField(verbose_name=_("dilatih"))
    samples = models.PositiveIntegerField(verbose_name=_("jumlah contoh"))
    classes = models.JSONField(verbose_name=_("kelas"), default=list)  # category codes
    params = models.JSONField(verbose_name=_("parameter"), default=dict)
    holdout_accuracy = models.FloatField(verbose_name=_("akurasi uji"), null=True, blank=True)
    is_active = models.BooleanField(verbose_name=_("aktif"), default=True)

    class Meta:
        verbose_name = _("model klasifikasi pengaduan")
        verbose_name_plural = _("model klasifikasi pengaduan")
        ordering = ["-trained_at", "-pk"]


class ResponseTemplate(TenantModel):
    name = models.CharField(_("nama templat"), max_length=120)
    body = models.TextField(_("isi jawaban"))
    category = models.ForeignKey(
        Category, verbose_name=_("kategori"), on_delete=models.CASCADE, null=True, blank=True
    )

    class Meta:
        verbose_name = _("templat jawaban")
        verbose_name_plural = _("templat jawaban")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MonthlyCount(TenantModel):
    """Counts per month, unit and category of routed complaints (filed once routed,
    moved on reassignment): what the public statistics page reads."""

    month = models.DateField(
        verbose_name=_("bulan")
    )  # first day of the month, in the agency's zone
    unit = models.ForeignKey(
        "tenancy.OrgUnit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("kategori"), on_delete=models.CASCADE, related_name="+"
    )
    filed = models.PositiveIntegerField(verbose_name=_("diajukan"), default=0)
    answered = models.PositiveIntegerField(verbose_name=_("dijawab"), default=0)
    answered_on_time = models.PositiveIntegerField(verbose_name=_("dijawab tepat waktu"), default=0)
    answer_working_seconds = models.BigIntegerField(
        verbose_name=_("lama menjawab dalam jam kerja (detik)"), default=0
    )

    class Meta:
        verbose_name = _("rekap pengaduan bulanan")
        verbose_name_plural = _("rekap pengaduan bulanan")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "month", "unit", "category"],
                name="complaint_monthly_count_unique",
            )
        ]
