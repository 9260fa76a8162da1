"""Public services: the catalogue with its published standards, online applications and
the service event, the record every later capability hangs on.

* ``Service`` belongs to a unit; what it promises lives in ``ServiceStandard`` versions
  (PermenPAN-RB 15/2014). A published version is never edited: a change is a new
  version, and every application keeps the version it was filed under.
* ``Application`` moves through ``APPLICATION_FLOW``; each move is one ``ApplicationStep``
  (the citizen's timeline) and one named audit event.
* ``ServiceEvent``: one row each time a citizen is served, whatever the channel, with
  the officer's workforce record, position and unit *as they were then*.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sigap.platform.stored_text import StoredTextField, shown
from sigap.platform.transitions import Workflow
from sigap.services.step_notes import STEP_NOTES
from sigap.services.uploads import private_storage
from sigap.tenancy.managers import TenantModel


class Service(TenantModel):
    class Category(models.TextChoices):
        ADMINDUK = "adminduk", _("Administrasi kependudukan")
        PERIZINAN = "perizinan", _("Perizinan dan nonperizinan")
        KESEHATAN = "kesehatan", _("Kesehatan")
        SOSIAL = "sosial", _("Sosial")
        KEPEGAWAIAN = "kepegawaian", _("Kepegawaian")
        LAINNYA = "lainnya", _("Lainnya")

    unit = models.ForeignKey(
        "tenancy.OrgUnit", on_delete=models.PROTECT, related_name="services", verbose_name=_("unit")
    )
    code = models.CharField(_("kode"), max_length=40)
    name = models.CharField(_("nama layanan"), max_length=200)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    summary = models.TextField(_("ringkasan"), blank=True)
    accepts_online = models.BooleanField(_("menerima permohonan daring"), default=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(verbose_name=_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("layanan")
        verbose_name_plural = _("layanan")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="service_code_unique_in_agency")
        ]

    def __str__(self) -> str:
        return self.name


class ServiceStandard(TenantModel):
    """One version of a service's standar pelayanan (PermenPAN-RB 15/2014)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Konsep")
        PUBLISHED = "published", _("Berlaku")
        RETIRED = "retired", _("Tidak berlaku lagi")

    class TimeUnit(models.TextChoices):
        WORKING_HOURS = "hours", _("jam kerja")
        WORKING_DAYS = "days", _("hari kerja")

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="standards", verbose_name=_("layanan")
    )
    version = models.PositiveIntegerField(_("versi"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # The six published components.
    requirements = models.JSONField(_("persyaratan"), default=list)
    procedure = models.JSONField(_("sistem, mekanisme dan prosedur"), default=list)
    time_limit = models.PositiveIntegerField(
        _("jangka waktu penyelesaian"), validators=[MinValueValidator(1)]
    )
    time_unit = models.CharField(
        _("satuan waktu"), max_length=5, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS
    )
    fee = models.DecimalField(
        _("biaya/tarif (Rp)"), max_digits=14, decimal_places=0, default=Decimal(0)
    )
    fee_note = models.CharField(_("dasar biaya/tarif"), max_length=300, blank=True)
    product = models.TextField(_("produk pelayanan"))
    complaint_handling = models.TextField(_("penanganan pengaduan, saran dan masukan"))
    # The internal components.
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    facilities = models.TextField(_("sarana, prasarana dan/atau fasilitas"), blank=True)
    staff_competence = models.TextField(_("kompetensi pelaksana"), blank=True)
    internal_supervision = models.TextField(_("pengawasan internal"), blank=True)
    staff_count = models.PositiveIntegerField(_("jumlah pelaksana"), default=1)
    service_guarantee = models.TextField(_("jaminan pelayanan"), blank=True)
    safety_guarantee = models.TextField(_("jaminan keamanan dan keselamatan"), blank=True)
    performance_evaluation = models.TextField(_("evaluasi kinerja pelaksana"), blank=True)
    # The application form, defined in data (``forms_in_data.FieldSpec`` per item).
    form_fields = models.JSONField(_("isian formulir"), default=list, blank=True)
    published_at = models.DateTimeField(_("berlaku sejak"), null=True, blank=True)
    created_at = models.DateTimeField(verbose_name=_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("standar pelayanan")
        verbose_name_plural = _("standar pelayanan")
        ordering = ["service", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "version"], name="standard_version_unique_per_service"
            ),
            # At most one version of a service is in force.
            models.UniqueConstraint(
                fields=["service"],
                condition=Q(status="published"),
                name="one_published_standard_per_service",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} v{self.version}"

    @property
    def is_free(self) -> bool:
        return self.fee == 0


STANDARD_FLOW = Workflow(
    ServiceStandard,
    transitions={
        (ServiceStandard.Status.DRAFT, ServiceStandard.Status.PUBLISHED): "standar diterbitkan",
        (ServiceStandard.Status.PUBLISHED, ServiceStandard.Status.RETIRED): "standar dicabut",
    },
    stamps={ServiceStandard.Status.PUBLISHED: "published_at"},
)


class Application(TenantModel):
    """A citizen's online application for a service, tracked by its number."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Konsep")
        SUBMITTED = "submitted", _("Diajukan")
        VERIFIED = "verified", _("Terverifikasi")
        IN_PROCESS = "in_process", _("Diproses")
        RETURNED = "returned", _("Dikembalikan untuk perbaikan")
        DONE = "done", _("Selesai")
        REJECTED = "rejected", _("Ditolak")
        WITHDRAWN = "withdrawn", _("Dibatalkan pemohon")
        LAPSED = "lapsed", _("Gugur (tidak diperbaiki)")

    OPEN = (Status.SUBMITTED, Status.VERIFIED, Status.IN_PROCESS)
    FINAL = (Status.DONE, Status.REJECTED, Status.WITHDRAWN, Status.LAPSED)
    # The citizen may withdraw until the office starts the work itself.
    WITHDRAWABLE = (Status.SUBMITTED, Status.VERIFIED, Status.RETURNED)

    tracking_number = models.CharField(_("nomor pelacakan"), max_length=24, unique=True)
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="applications", verbose_name=_("layanan")
    )
    standard = models.ForeignKey(
        ServiceStandard,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("standar yang berlaku"),
    )
    unit = models.ForeignKey(
        "tenancy.OrgUnit",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("unit"),
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("pemohon"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    answers = models.JSONField(_("isian"), default=dict)
    idempotency_key = models.CharField(
        verbose_name=_("kunci pengiriman"), max_length=80, blank=True, default=""
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_applications",
        verbose_name=_("petugas"),
    )
    created_at = models.DateTimeField(verbose_name=_("dibuat"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    processing_at = models.DateTimeField(_("mulai diproses"), null=True, blank=True)
    returned_at = models.DateTimeField(_("dikembalikan"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    # SLA clock: due in the agency's working time; suspended while the citizen fixes it.
    due_at = models.DateTimeField(_("batas waktu"), null=True, blank=True)
    # When the clock turns near due (``sla.near_due_from``), set with every due time so
    # that the near-due flag and tab need no calendar walk. Read only while open.
    near_due_at = models.DateTimeField(
        verbose_name=_("mendekati batas waktu sejak"), null=True, blank=True
    )
    suspended_since = models.DateTimeField(
        verbose_name=_("ditangguhkan sejak"), null=True, blank=True
    )
    remaining_when_suspended = models.DurationField(
        verbose_name=_("sisa waktu saat ditangguhkan"), null=True, blank=True
    )
    suspended_total = models.DurationField(
        verbose_name=_("lama ditangguhkan"), default=dt.timedelta(0)
    )
    extended_at = models.DateTimeField(_("diperpanjang"), null=True, blank=True)
    extension_reason = models.TextField(_("alasan perpanjangan"), blank=True)
    escalated_at = models.DateTimeField(_("dieskalasi"), null=True, blank=True)
    # What the citizen is told when it is returned or rejected.
    note_to_citizen = models.TextField(_("catatan untuk pemohon"), blank=True)

    class Meta:
        verbose_name = _("permohonan")
        verbose_name_plural = _("permohonan")
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="application_idempotency_key_unique",
            )
        ]
        indexes = [
            # The unit's work queue and the SLA sweep: open work by urgency.
            models.Index(fields=["agency", "unit", "status", "due_at"], name="app_unit_queue"),
            # An officer's own queue.
            models.Index(fields=["assigned_to", "status", "due_at"], name="app_officer_queue"),
            # A citizen's list.
            models.Index(fields=["citizen", "-created_at"], name="app_citizen_list"),
            models.Index(fields=["agency", "status", "due_at"], name="app_sla_sweep"),
            # The "waiting for the citizen" tab: returned applications, oldest return first.
            # Not partial: SQLite uses a partial index only for a literal, not a parameter.
            models.Index(fields=["agency", "status", "returned_at"], name="app_waiting_queue"),
            # The unit queue on PostgreSQL: open work of the agency as one range in
            # (due_at, id) order, which a unit head's subtree filters as it walks (the
            # three open statuses in app_sla_sweep are three ranges to merge and sort).
            # SQLite uses a partial index only for literal terms: the queue states
            # this condition as literals (``work_queue._open_work``) for it.
            models.Index(
                fields=["agency", "due_at", "id"],
                condition=Q(status__in=("submitted", "verified", "in_process")),
                name="app_open_by_due",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_suspended(self) -> bool:
        return self.suspended_since is not None


_S = Application.Status
APPLICATION_FLOW = Workflow(
    Application,
    transitions={
        (_S.DRAFT, _S.SUBMITTED): "permohonan diajukan",
        (_S.SUBMITTED, _S.VERIFIED): "permohonan diverifikasi",
        (_S.SUBMITTED, _S.RETURNED): "permohonan dikembalikan",
        (_S.SUBMITTED, _S.REJECTED): "permohonan ditolak",
        (_S.VERIFIED, _S.IN_PROCESS): "permohonan diproses",
        (_S.VERIFIED, _S.RETURNED): "permohonan dikembalikan",
        (_S.VERIFIED, _S.REJECTED): "permohonan ditolak",
        (_S.IN_PROCESS, _S.DONE): "permohonan selesai",
        (_S.IN_PROCESS, _S.RETURNED): "permohonan dikembalikan",
        (_S.IN_PROCESS, _S.REJECTED): "permohonan ditolak",
        (_S.RETURNED, _S.SUBMITTED): "permohonan diajukan ulang",
        (_S.SUBMITTED, _S.WITHDRAWN): "permohonan dibatalkan pemohon",
        (_S.VERIFIED, _S.WITHDRAWN): "permohonan dibatalkan pemohon",
        (_S.RETURNED, _S.WITHDRAWN): "permohonan dibatalkan pemohon",
        # Returned and never fixed within the period the agency allows (services.lapse).
        (_S.RETURNED, _S.LAPSED): "permohonan gugur",
    },
    stamps={
        _S.SUBMITTED: "submitted_at",
        _S.VERIFIED: "verified_at",
        _S.IN_PROCESS: "processing_at",
        _S.RETURNED: "returned_at",
        _S.DONE: "finished_at",
        _S.REJECTED: "finished_at",
        _S.WITHDRAWN: "finished_at",
        _S.LAPSED: "finished_at",
    },
)


class ApplicationStep(TenantModel):
    """One line of the application's timeline, as the citizen sees it."""

    application = models.ForeignKey(
        Application, verbose_name=_("permohonan"), on_delete=models.CASCADE, related_name="steps"
    )
    status = models.CharField(
        verbose_name=_("status"), max_length=12, choices=Application.Status.choices
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
    # What code wrote (an extension, a lapse), in the reader's language when shown;
    # ``note`` keeps what a person typed.
    note_text = StoredTextField(verbose_name=_("catatan sistem"), catalogue=STEP_NOTES)

    class Meta:
        verbose_name = _("riwayat permohonan")
        verbose_name_plural = _("riwayat permohonan")
        ordering = ["at", "pk"]

    @property
    def shown_note(self) -> str:
        """The note in the reader's language: what code wrote, else what was typed."""
        return shown(self.note_text, self.note, STEP_NOTES)


class ApplicationDocument(TenantModel):
    """A file the citizen uploaded, kept outside the web root (``PRIVATE_MEDIA_ROOT``)."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("permohonan"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    field_key = models.CharField(verbose_name=_("isian formulir"), max_length=60)
    file = models.FileField(verbose_name=_("berkas"), storage=private_storage, max_length=255)
    original_name = models.CharField(verbose_name=_("nama berkas asli"), max_length=200)
    content_type = models.CharField(verbose_name=_("jenis isi berkas"), max_length=100)
    size = models.PositiveIntegerField(verbose_name=_("ukuran (bita)"))
    sha256 = models.CharField(verbose_name=_("sidik SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(verbose_name=_("diunggah"), auto_now_add=True)

    class Meta:
        verbose_name = _("dokumen permohonan")
        verbose_name_plural = _("dokumen permohonan")


class ServiceEvent(TenantModel):
    """One citizen served: who, where, for what, how long. The spine of Sigap.

    The officer's position and unit are copied at the moment of service so that a later
    move never rewrites history. Durations are stored in both calendar and working time
    (seconds) so dashboards and evaluations aggregate without recomputing calendars.
    """

    class Channel(models.TextChoices):
        ONLINE = "online", _("Permohonan daring")
        COUNTER = "counter", _("Loket")
        PHONE = "phone", _("Telepon")
        OUTREACH = "outreach", _("Layanan jemput bola")
        QUEUE = "queue", _("Antrean")

    class Outcome(models.TextChoices):
        DONE = "done", _("Selesai")
        REJECTED = "rejected", _("Ditolak")
        INFORMED = "informed", _("Informasi diberikan")
        REFERRED = "referred", _("Dirujuk")

    unit = models.ForeignKey(
        "tenancy.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    service = models.ForeignKey(
        Service, verbose_name=_("layanan"), on_delete=models.PROTECT, related_name="events"
    )
    officer = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("petugas"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    officer_position = models.ForeignKey(
        "workforce.Position",
        verbose_name=_("jabatan petugas"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    officer_unit = models.ForeignKey(
        "tenancy.OrgUnit",
        verbose_name=_("unit petugas"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("warga"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    channel = models.CharField(verbose_name=_("saluran"), max_length=10, choices=Channel.choices)
    outcome = models.CharField(verbose_name=_("hasil"), max_length=10, choices=Outcome.choices)
    application = models.OneToOneField(
        Application,
        verbose_name=_("permohonan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event",
    )
    requested_at = models.DateTimeField(verbose_name=_("diminta"))
    started_at = models.DateTimeField(verbose_name=_("mulai dilayani"))
    finished_at = models.DateTimeField(verbose_name=_("selesai"))
    # The service day in the pemda's zone: the grain of every dashboard.
    day = models.DateField(verbose_name=_("hari"))
    waiting_seconds = models.PositiveIntegerField(verbose_name=_("lama menunggu (detik)"))
    processing_seconds = models.PositiveIntegerField(verbose_name=_("lama proses (detik)"))
    waiting_working_seconds = models.PositiveIntegerField(
        verbose_name=_("lama menunggu dalam jam kerja (detik)")
    )
    processing_working_seconds = models.PositiveIntegerField(
        verbose_name=_("lama proses dalam jam kerja (detik)")
    )
    within_sla = models.BooleanField(
        verbose_name=_("dalam batas waktu"), null=True, blank=True
    )  # unknown: no SLA applies
    note = models.CharField(verbose_name=_("catatan"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("peristiwa layanan")
        verbose_name_plural = _("peristiwa layanan")
        indexes = [
            models.Index(fields=["agency", "unit", "day"], name="event_by_unit_day"),
            models.Index(fields=["agency", "service", "day"], name="event_by_service_day"),
            models.Index(fields=["officer", "day"], name="event_by_officer_day"),
            models.Index(fields=["agency", "day"], name="event_by_day"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(started_at__gte=models.F("requested_at"))
                & Q(finished_at__gte=models.F("started_at")),
                name="event_times_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} · {self.day}"


class Open311Client(TenantModel):
    """A system allowed to use the pemda's Open311 GeoReport v2 ``requests`` endpoints
    (a city app, a kiosk, a partner portal). Its key is shown once when issued; only a
    SHA-256 hash is kept (like ``accounts.ApiToken``), and the key names the pemda."""

    name = models.CharField(_("nama klien"), max_length=120)
    key_prefix = models.CharField(verbose_name=_("awalan kunci"), max_length=8)
    key_hash = models.CharField(verbose_name=_("sidik kunci"), max_length=64, unique=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(verbose_name=_("dibuat"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("klien Open311")
        verbose_name_plural = _("klien Open311")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"


class Open311Request(TenantModel):
    """An application filed through an Open311 client: which client, under which of the
    client's idempotency tokens. A client sees only the requests it filed."""

    client = models.ForeignKey(
        Open311Client, verbose_name=_("klien"), on_delete=models.PROTECT, related_name="requests"
    )
    application = models.OneToOneField(
        Application,
        verbose_name=_("permohonan"),
        on_delete=models.PROTECT,
        related_name="open311_request",
    )
    token = models.CharField(verbose_name=_("token"), max_length=80, blank=True, default="")
    created_at = models.DateTimeField(verbose_name=_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("permohonan Open311")
        verbose_name_plural = _("permohonan Open311")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "token"],
                condition=~Q(token=""),
                name="open311_request_token_unique_per_client",
            )
        ]
        indexes = [models.Index(fields=["client", "-created_at"], name="open311_client_requests")]
