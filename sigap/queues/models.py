"""The online queue: service points (offices) with counters, bookable slots, bookings,
tickets and the per-day number sequences.

* ``ServicePoint``: one office where citizens queue (Disdukcapil's front office), in a
  unit of the pemda; its settings (slot length, hold time, call-ahead, staffing
  target) live on the row, per pemda and office, not in settings.
* ``PointService``: a catalogue service offered at a point, with its ticket prefix
  ("A") and the capacity of each of its slots.
* ``Slot``: a bookable period (unless a later closure covers it). ``booked`` counts
  active bookings (holds included) and the database refuses ``booked > capacity`` (a
  check constraint); bookings take a place with one conditional ``UPDATE``
  (``booking.book``), so no slot overbooks whatever the concurrency.
* ``Booking`` moves through ``BOOKING_FLOW``; one active booking per NIK, service
  and day is a partial unique index on a keyed hash of the NIK (never the NIK).
* ``Ticket`` moves through ``TICKET_FLOW`` with a timestamp per state; a finished
  ticket links to its ``services.ServiceEvent`` (channel QUEUE).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sigap.platform.transitions import Workflow
from sigap.tenancy.managers import TenantModel


class PriorityReason(models.TextChoices):
    ELDERLY = "elderly", _("Lansia")
    DISABLED = "disabled", _("Penyandang disabilitas")
    PREGNANT = "pregnant", _("Ibu hamil")


class ServicePoint(TenantModel):
    unit = models.ForeignKey(
        "tenancy.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama kantor"), max_length=200)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    slot_minutes = models.PositiveSmallIntegerField(
        _("lama slot (menit)"),
        default=15,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    booking_days_ahead = models.PositiveSmallIntegerField(
        _("pemesanan paling lambat (hari)"), default=14
    )
    hold_minutes = models.PositiveSmallIntegerField(
        _("slot ditahan selama (menit)"), default=5, validators=[MinValueValidator(1)]
    )
    call_ahead = models.PositiveSmallIntegerField(
        _("beri tahu warga saat urutan ke-"), default=3, validators=[MinValueValidator(1)]
    )
    # Which groups are served first (configurable per office).
    priority_reasons = models.JSONField(_("kelompok prioritas"), default=list, blank=True)
    # The staffing advisor's target: ``target_share`` of citizens called within
    # ``target_wait_minutes``; ``shrinkage`` is the share of paid time not at the counter.
    target_share = models.FloatField(
        _("target porsi terlayani tepat waktu"),
        default=0.8,
        validators=[MinValueValidator(0.01), MaxValueValidator(0.999)],
    )
    target_wait_minutes = models.PositiveSmallIntegerField(_("target tunggu (menit)"), default=15)
    shrinkage = models.FloatField(
        _("penyusutan (istirahat, absen)"),
        default=0.3,
        validators=[MinValueValidator(0), MaxValueValidator(0.9)],
    )
    # Bumped by every change a display shows: the ETag of the display's state.
    display_version = models.PositiveBigIntegerField(
        verbose_name=_("versi layar panggilan"), default=0
    )
    # Tickets still waiting or called this long after the office's hours end are
    # closed as expired by the periodic task (``sweep.close_stale_tickets``).
    close_after_minutes = models.PositiveSmallIntegerField(
        _("tiket terbuka ditutup setelah jam layanan (menit)"),
        default=60,
        validators=[MaxValueValidator(600)],
    )
    online_since = models.DateField(_("antrean daring berlaku sejak"), null=True, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("kantor layanan")
        verbose_name_plural = _("kantor layanan")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="queue_point_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class PointService(TenantModel):
    point = models.ForeignKey(
        ServicePoint,
        verbose_name=_("kantor antrean"),
        on_delete=models.CASCADE,
        related_name="offers",
    )
    service = models.ForeignKey(
        "services.Service", on_delete=models.PROTECT, related_name="+", verbose_name=_("layanan")
    )
    prefix = models.CharField(
        _("awalan nomor"),
        max_length=2,
        validators=[],
    )
    capacity = models.PositiveSmallIntegerField(
        _("kapasitas per slot"), default=2, validators=[MinValueValidator(1)]
    )
    bookable = models.BooleanField(_("dapat dipesan daring"), default=True)
    # Mean service minutes assumed until enough tickets are recorded.
    mean_service_minutes = models.PositiveSmallIntegerField(
        _("rata-rata lama layanan (menit)"), default=10, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("layanan di kantor")
        verbose_name_plural = _("layanan di kantor")
        ordering = ["point", "prefix"]
        constraints = [
            models.UniqueConstraint(fields=["point", "service"], name="queue_offer_unique"),
            models.UniqueConstraint(fields=["point", "prefix"], name="queue_prefix_unique"),
            models.CheckConstraint(
                condition=Q(prefix__regex=r"^[A-Z]{1,2}$"), name="queue_prefix_letters"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix} · {self.service}"


class Counter(TenantModel):
    point = models.ForeignKey(
        ServicePoint,
        verbose_name=_("kantor antrean"),
        on_delete=models.CASCADE,
        related_name="counters",
    )
    number = models.PositiveSmallIntegerField(_("nomor loket"), validators=[MinValueValidator(1)])
    name = models.CharField(_("nama loket"), max_length=60)
    # Empty: every service of the point.
    offers = models.ManyToManyField(
        PointService, verbose_name=_("layanan yang dilayani"), blank=True, related_name="counters"
    )
    is_open = models.BooleanField(_("buka"), default=True)

    class Meta:
        verbose_name = _("loket")
        verbose_name_plural = _("loket")
        ordering = ["point", "number"]
        constraints = [
            models.UniqueConstraint(fields=["point", "number"], name="queue_counter_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Closure(TenantModel):
    """A period the point takes no bookings and issues no tickets (blackout)."""

    point = models.ForeignKey(
        ServicePoint,
        verbose_name=_("kantor antrean"),
        on_delete=models.CASCADE,
        related_name="closures",
    )
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    reason = models.CharField(_("alasan"), max_length=200)

    class Meta:
        verbose_name = _("penutupan")
        verbose_name_plural = _("penutupan")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="queue_closure_order"
            )
        ]


class Slot(TenantModel):
    offer = models.ForeignKey(
        PointService,
        verbose_name=_("layanan antrean"),
        on_delete=models.CASCADE,
        related_name="slots",
    )
    day = models.DateField(verbose_name=_("hari"))  # in the pemda's zone
    starts_at = models.DateTimeField(verbose_name=_("mulai"))
    ends_at = models.DateTimeField(verbose_name=_("selesai"))
    capacity = models.PositiveSmallIntegerField(verbose_name=_("kapasitas"))
    booked = models.PositiveSmallIntegerField(verbose_name=_("terpesan"), default=0)
    # Set when a closure added after the slot was made covers it: the slot takes no
    # booking (the conditional update requires it empty) and its bookings were
    # cancelled. Lifting the closure clears it.
    closure = models.ForeignKey(
        Closure,
        verbose_name=_("penutupan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="closed_slots",
    )

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slot")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "starts_at"], name="queue_slot_unique"),
            # The database, not the application, guarantees no slot overbooks.
            models.CheckConstraint(
                condition=Q(booked__lte=F("capacity")), name="queue_slot_not_overbooked"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="queue_slot_order"
            ),
        ]
        indexes = [models.Index(fields=["offer", "day"], name="queue_slot_day")]

    @property
    def free(self) -> int:
        # ``stale_holds``: holds past their time, annotated by ``booking.bookable_slots``
        # (their places are free: the next booking takes them back).
        return max(0, self.capacity - self.booked + getattr(self, "stale_holds", 0))


class Booking(TenantModel):
    class Status(models.TextChoices):
        HELD = "held", _("Ditahan")
        CONFIRMED = "confirmed", _("Terkonfirmasi")
        CHECKED_IN = "checked_in", _("Sudah datang")
        CANCELLED = "cancelled", _("Dibatalkan")
        EXPIRED = "expired", _("Kedaluwarsa")
        MISSED = "missed", _("Tidak datang")

    ACTIVE = (Status.HELD, Status.CONFIRMED, Status.CHECKED_IN)

    slot = models.ForeignKey(
        Slot, verbose_name=_("slot"), on_delete=models.PROTECT, related_name="bookings"
    )
    offer = models.ForeignKey(
        PointService, verbose_name=_("layanan antrean"), on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField(verbose_name=_("hari"))
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("warga"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # HMAC-SHA256 of the NIK under the installation key: enforces one booking per NIK
    # without storing the NIK again (UU 27/2022: no more copies than needed).
    nik_digest = models.CharField(verbose_name=_("sidik NIK"), max_length=64)
    code = models.CharField(_("kode booking"), max_length=12, unique=True)
    status = models.CharField(
        verbose_name=_("status"), max_length=12, choices=Status.choices, default=Status.HELD
    )
    priority_reason = models.CharField(
        verbose_name=_("alasan prioritas"),
        max_length=10,
        choices=PriorityReason.choices,
        blank=True,
    )
    created_at = models.DateTimeField(verbose_name=_("dibuat"), auto_now_add=True)
    held_until = models.DateTimeField(verbose_name=_("ditahan sampai"), null=True, blank=True)
    confirmed_at = models.DateTimeField(verbose_name=_("dikonfirmasi"), null=True, blank=True)
    checked_in_at = models.DateTimeField(verbose_name=_("hadir"), null=True, blank=True)
    ended_at = models.DateTimeField(verbose_name=_("berakhir"), null=True, blank=True)
    reminded_at = models.DateTimeField(verbose_name=_("diingatkan"), null=True, blank=True)

    class Meta:
        verbose_name = _("pemesanan antrean")
        verbose_name_plural = _("pemesanan antrean")
        constraints = [
            models.UniqueConstraint(
                fields=["nik_digest", "offer", "day"],
                condition=Q(status__in=["held", "confirmed", "checked_in"]),
                name="queue_one_active_booking_per_nik",
            )
        ]
        indexes = [
            models.Index(fields=["citizen", "day"], name="queue_booking_citizen"),
            models.Index(fields=["status", "held_until"], name="queue_booking_holds"),
        ]

    def __str__(self) -> str:
        return self.code


_B = Booking.Status
BOOKING_FLOW = Workflow(
    Booking,
    transitions={
        (_B.HELD, _B.CONFIRMED): "antrean dipesan",
        (_B.HELD, _B.CANCELLED): "pemesanan antrean dibatalkan",
        (_B.HELD, _B.EXPIRED): "penahanan slot berakhir",
        (_B.CONFIRMED, _B.CANCELLED): "pemesanan antrean dibatalkan",
        (_B.CONFIRMED, _B.CHECKED_IN): "pemesan antrean datang",
        (_B.CONFIRMED, _B.MISSED): "pemesan antrean tidak datang",
    },
    stamps={
        _B.CONFIRMED: "confirmed_at",
        _B.CHECKED_IN: "checked_in_at",
        _B.CANCELLED: "ended_at",
        _B.EXPIRED: "ended_at",
        _B.MISSED: "ended_at",
    },
)


class Ticket(TenantModel):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Menunggu")
        CALLED = "called", _("Dipanggil")
        SERVING = "serving", _("Dilayani")
        DONE = "done", _("Selesai")
        NO_SHOW = "no_show", _("Tidak hadir")
        CANCELLED = "cancelled", _("Dibatalkan")
        # Still waiting or called when the office's day ended (closed by the sweep).
        EXPIRED = "expired", _("Kedaluwarsa")

    class Source(models.TextChoices):
        KIOSK = "kiosk", _("Kios")
        COUNTER = "counter", _("Petugas")
        BOOKING = "booking", _("Pemesanan daring")

    OPEN = (Status.WAITING, Status.CALLED, Status.SERVING)

    point = models.ForeignKey(
        ServicePoint,
        verbose_name=_("kantor antrean"),
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    offer = models.ForeignKey(
        PointService,
        verbose_name=_("layanan antrean"),
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    day = models.DateField(verbose_name=_("hari"))  # the service day in the pemda's zone
    seq = models.PositiveIntegerField(verbose_name=_("nomor urut"))
    number = models.CharField(_("nomor"), max_length=8)  # "A-012"
    # Unguessable: the citizen's phone follows its place in line with it (QR on the slip).
    token = models.CharField(verbose_name=_("token"), max_length=22, unique=True)
    status = models.CharField(
        verbose_name=_("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    source = models.CharField(verbose_name=_("sumber"), max_length=10, choices=Source.choices)
    priority_reason = models.CharField(
        _("prioritas"), max_length=10, choices=PriorityReason.choices, blank=True
    )
    priority = models.BooleanField(
        verbose_name=_("prioritas"), default=False
    )  # priority_reason given: called first
    booking = models.OneToOneField(
        Booking,
        verbose_name=_("pesanan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ticket",
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("warga"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    counter = models.ForeignKey(
        Counter,
        verbose_name=_("loket"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("petugas"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    booked_at = models.DateTimeField(verbose_name=_("dipesan"), null=True, blank=True)
    arrived_at = models.DateTimeField(verbose_name=_("datang"))
    # Ordering key in line: arrival, or the booked slot's start for an early arrival.
    queued_at = models.DateTimeField(verbose_name=_("masuk antrean"))
    called_at = models.DateTimeField(verbose_name=_("dipanggil"), null=True, blank=True)
    started_at = models.DateTimeField(verbose_name=_("mulai dilayani"), null=True, blank=True)
    finished_at = models.DateTimeField(verbose_name=_("selesai"), null=True, blank=True)
    recalls = models.PositiveSmallIntegerField(verbose_name=_("panggilan ulang"), default=0)
    transfers = models.PositiveSmallIntegerField(verbose_name=_("pengalihan loket"), default=0)
    notified_ahead = models.BooleanField(
        verbose_name=_("diberi tahu menjelang giliran"), default=False
    )
    service_event = models.OneToOneField(
        "services.ServiceEvent",
        verbose_name=_("peristiwa layanan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    application = models.ForeignKey(
        "services.Application",
        verbose_name=_("permohonan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tiket antrean")
        verbose_name_plural = _("tiket antrean")
        constraints = [
            models.UniqueConstraint(
                fields=["point", "day", "number"], name="queue_ticket_number_unique"
            ),
        ]
        indexes = [
            # Call next: a point's waiting line, priority first, then by queue time.
            models.Index(
                fields=["point", "status", "-priority", "queued_at"], name="queue_ticket_line"
            ),
            models.Index(fields=["point", "day", "status", "called_at"], name="queue_ticket_calls"),
            models.Index(fields=["counter", "status"], name="queue_ticket_counter"),
        ]

    def __str__(self) -> str:
        return self.number


_T = Ticket.Status
TICKET_FLOW = Workflow(
    Ticket,
    transitions={
        (_T.WAITING, _T.CALLED): "tiket dipanggil",
        (_T.WAITING, _T.CANCELLED): "tiket dibatalkan",
        (_T.CALLED, _T.SERVING): "layanan tiket dimulai",
        (_T.CALLED, _T.NO_SHOW): "tiket dilewati (tidak hadir)",
        # A transfer puts the ticket back in line at another counter or service.
        (_T.CALLED, _T.WAITING): "tiket dialihkan",
        (_T.SERVING, _T.WAITING): "tiket dialihkan",
        (_T.SERVING, _T.DONE): "layanan tiket selesai",
        # The office's day is over: a ticket nobody served is closed, not left open.
        (_T.WAITING, _T.EXPIRED): "tiket ditutup: hari layanan berakhir",
        (_T.CALLED, _T.EXPIRED): "tiket ditutup: hari layanan berakhir",
    },
    stamps={
        _T.CALLED: "called_at",
        _T.SERVING: "started_at",
        _T.DONE: "finished_at",
        _T.NO_SHOW: "finished_at",
        _T.CANCELLED: "finished_at",
        _T.EXPIRED: "finished_at",
    },
)


class TicketSequence(TenantModel):
    """The last number issued per point, service and day (A-001, A-002, ...)."""

    offer = models.ForeignKey(
        PointService, verbose_name=_("layanan antrean"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(verbose_name=_("hari"))
    last = models.PositiveIntegerField(verbose_name=_("nomor terakhir"), default=0)

    class Meta:
        verbose_name = _("nomor urut antrean")
        verbose_name_plural = _("nomor urut antrean")
        constraints = [
            models.UniqueConstraint(fields=["offer", "day"], name="queue_sequence_unique")
        ]
