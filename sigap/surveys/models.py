"""Satisfaction survey (SKM, PermenPAN-RB 14/2017), tied to service events.

* ``Invitation``: the signed, single-use, expiring link sent to a citizen after a
  service event; moves ``sent → answered`` or ``sent → expired`` (``INVITATION_FLOW``).
* ``Response``: one per service event, whatever the channel (link, kiosk, paper).
  Stored **pseudonymously**: it copies the service, unit, officer and day of the event
  it rates, and keeps the event only as a keyed digest (``event_digest``, HMAC with the
  installation's secret) that enforces "one response per event" without a join back to
  the citizen.
* ``DailyCount`` / ``MonthlyCount`` / ``UnitMonthlyCount``: count tables (per day or
  month, service, unit, officer; per month and unit) holding the integers the IKM is computed from, maintained in the transaction
  that stores a response (``responses.submit``); dashboards read these, never responses.
* ``ExtraQuestion``: an agency's own questions, answered alongside, never in the IKM.
* ``ImprovementAction``: a unit's follow-up on a weak element, owned by an ASN, with a
  due date, ``open → done`` (``ACTION_FLOW``).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sigap.platform.transitions import Workflow
from sigap.surveys.questionnaire import CODES
from sigap.tenancy.managers import TenantModel

ANSWER = [MinValueValidator(1), MaxValueValidator(4)]


class Channel(models.TextChoices):
    LINK = "link", _("Tautan")
    KIOSK = "kiosk", _("Kios di loket")
    PAPER = "paper", _("Formulir kertas")


class Invitation(TenantModel):
    class Status(models.TextChoices):
        SENT = "sent", _("Terkirim")
        ANSWERED = "answered", _("Dijawab")
        EXPIRED = "expired", _("Kedaluwarsa")

    event = models.OneToOneField(
        "services.ServiceEvent",
        verbose_name=_("peristiwa layanan"),
        on_delete=models.CASCADE,
        related_name="survey_invitation",
    )
    nonce = models.CharField(verbose_name=_("kode undangan"), max_length=32)
    status = models.CharField(
        verbose_name=_("status"), max_length=10, choices=Status.choices, default=Status.SENT
    )
    created_at = models.DateTimeField(verbose_name=_("dibuat"), auto_now_add=True)
    expires_at = models.DateTimeField(verbose_name=_("berlaku sampai"))
    answered_at = models.DateTimeField(verbose_name=_("dijawab"), null=True, blank=True)
    expired_at = models.DateTimeField(verbose_name=_("kedaluwarsa"), null=True, blank=True)

    class Meta:
        verbose_name = _("undangan survei")
        verbose_name_plural = _("undangan survei")


INVITATION_FLOW = Workflow(
    Invitation,
    transitions={
        (Invitation.Status.SENT, Invitation.Status.ANSWERED): "undangan survei dijawab",
        (Invitation.Status.SENT, Invitation.Status.EXPIRED): "undangan survei kedaluwarsa",
    },
    stamps={Invitation.Status.ANSWERED: "answered_at", Invitation.Status.EXPIRED: "expired_at"},
)


class Response(TenantModel):
    class AgeBand(models.TextChoices):
        UNDER_20 = "lt20", _("< 20 tahun")
        A20 = "20-29", _("20–29 tahun")
        A30 = "30-39", _("30–39 tahun")
        A40 = "40-49", _("40–49 tahun")
        A50 = "50+", _("≥ 50 tahun")

    class Gender(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    class Education(models.TextChoices):
        SD = "sd", _("SD ke bawah")
        SMP = "smp", _("SMP")
        SMA = "sma", _("SMA/SMK")
        D3 = "d3", _("Diploma")
        S1 = "s1", _("S1")
        S2 = "s2", _("S2 ke atas")

    class Occupation(models.TextChoices):
        PNS = "pns", _("PNS/TNI/Polri")
        PRIVATE = "swasta", _("Pegawai swasta")
        SELF = "wirausaha", _("Wirausaha")
        STUDENT = "pelajar", _("Pelajar/mahasiswa")
        OTHER = "lainnya", _("Lainnya")

    event_digest = models.CharField(
        verbose_name=_("sidik peristiwa layanan"), max_length=64, unique=True
    )
    channel = models.CharField(_("cara"), max_length=10, choices=Channel.choices)
    # What the response rates, copied from the event (no link back to the citizen).
    service = models.ForeignKey(
        "services.Service", verbose_name=_("layanan"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "tenancy.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    officer = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("petugas"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    day = models.DateField(_("tanggal layanan"))
    u1 = models.PositiveSmallIntegerField(
        verbose_name=_("unsur 1"), null=True, blank=True, validators=ANSWER
    )
    u2 = models.PositiveSmallIntegerField(
        verbose_name=_("unsur 2"), null=True, blank=True, validators=ANSWER
    )
    u3 = models.PositiveSmallIntegerField(
        verbose_name=_("unsur 3"), null=True, blank=True, validators=ANSWER
    )
    u4 = models.PositiveSmallIntegerField(
        verbose_name=_("unsur 4"), null=True, blank=True, validators=ANSWER
    )
    u5 = models.PositiveSmallIntegerField(
        verbose_name=_("unsur 5"), null=True, blank=True, validators=ANSWER
    )
    u6 = models.PositiveSmallIntegerField(
        verbose_name=_("unsur 6"), null=True, blank=True, validators=ANSWER
    )
    u7 = models.PositiveSmallIntegerField(
        verbose_name=_("unsur 7"), null=True, blank=True, validators=ANSWER
    )
    u8 = models.PositiveSmallIntegerField(
        verbose_name=_("unsur 8"), null=True, blank=True, validators=ANSWER
    )
    u9 = models.PositiveSmallIntegerField(
        verbose_name=_("unsur 9"), null=True, blank=True, validators=ANSWER
    )
    age_band = models.CharField(_("usia"), max_length=6, choices=AgeBand.choices, blank=True)
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices, blank=True)
    education = models.CharField(
        _("pendidikan"), max_length=10, choices=Education.choices, blank=True
    )
    occupation = models.CharField(
        _("pekerjaan"), max_length=10, choices=Occupation.choices, blank=True
    )
    suggestion = models.TextField(_("saran"), blank=True)
    extra_answers = models.JSONField(verbose_name=_("jawaban tambahan"), default=dict, blank=True)
    answered_on = models.DateField(verbose_name=_("tanggal menjawab"))

    class Meta:
        verbose_name = _("jawaban survei")
        verbose_name_plural = _("jawaban survei")
        indexes = [
            models.Index(fields=["agency", "unit", "day"], name="response_unit_day"),
            models.Index(fields=["agency", "day"], name="response_day"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"{f}__gte": 1, f"{f}__lte": 4})
                | models.Q(**{f"{f}__isnull": True}),
                name=f"response_{f}_on_scale",
            )
            for f in (c.lower() for c in CODES)
        ]

    def values(self) -> list[int | None]:
        return [getattr(self, c.lower()) for c in CODES]


def _count_columns() -> list[tuple[str, models.Field]]:
    columns: list[tuple[str, models.Field]] = [
        ("responses", models.PositiveIntegerField(_("jumlah responden"), default=0))
    ]
    for code in CODES:
        for a in range(1, 5):
            label = format_lazy(_("unsur {code}: jumlah jawaban {answer}"), code=code, answer=a)
            columns.append((f"{code.lower()}_a{a}", models.PositiveIntegerField(label, default=0)))
    columns += [
        (
            "full_n",
            models.PositiveIntegerField(_("responden dengan jawaban lengkap"), default=0),
        ),
        ("full_sum", models.BigIntegerField(_("jumlah nilai jawaban lengkap"), default=0)),
        (
            "full_sq",
            models.BigIntegerField(_("jumlah kuadrat nilai jawaban lengkap"), default=0),
        ),
    ]
    return columns


COUNT_FIELDS: tuple[str, ...] = tuple(name for name, _f in _count_columns())


class CountBase(TenantModel):
    """Per grain (day or month), service, unit and officer: how many responses, how
    many of each answer per element, and the complete respondents' Σ S, Σ S², n.
    ``officer_ref`` is the officer's id or 0, a non-null key for the unique constraint."""

    service = models.ForeignKey(
        "services.Service", verbose_name=_("layanan"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "tenancy.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    officer = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("petugas"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    officer_ref = models.PositiveIntegerField(_("petugas (acuan hitungan)"), default=0)

    class Meta:
        abstract = True


for _name, _field in _count_columns():
    _field.contribute_to_class(CountBase, _name)


class DailyCount(CountBase):
    day = models.DateField(verbose_name=_("hari"))

    class Meta:
        verbose_name = _("rekap harian survei")
        verbose_name_plural = _("rekap harian survei")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "day", "service", "officer_ref"], name="survey_daily_key"
            )
        ]
        indexes = [models.Index(fields=["agency", "unit", "day"], name="survey_daily_unit")]


class MonthlyCount(CountBase):
    # First day of the month: every reporting period (month, quarter, semester, year)
    # is a union of months, so period reports add up a few rows per service and officer.
    month = models.DateField(verbose_name=_("bulan"))

    class Meta:
        verbose_name = _("rekap bulanan survei")
        verbose_name_plural = _("rekap bulanan survei")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "month", "service", "officer_ref"], name="survey_monthly_key"
            )
        ]
        indexes = [models.Index(fields=["agency", "unit", "month"], name="survey_monthly_unit")]


class UnitMonthlyCount(TenantModel):
    """Per month and unit only (all services and officers together): what unit and
    agency reports read, a few rows per unit and year whatever the number of officers."""

    unit = models.ForeignKey(
        "tenancy.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(verbose_name=_("bulan"))

    class Meta:
        verbose_name = _("rekap bulanan survei per unit")
        verbose_name_plural = _("rekap bulanan survei per unit")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "month", "unit"], name="survey_unit_monthly_key"
            )
        ]


for _name, _field in _count_columns():
    _field.contribute_to_class(UnitMonthlyCount, _name)


class ExtraQuestion(TenantModel):
    """An agency's own question, shown after the nine elements; never in the IKM."""

    text = models.CharField(_("pertanyaan"), max_length=300)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("pertanyaan tambahan")
        verbose_name_plural = _("pertanyaan tambahan")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class ImprovementAction(TenantModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Berjalan")
        DONE = "done", _("Selesai")

    unit = models.ForeignKey(
        "tenancy.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    element = models.CharField(_("unsur"), max_length=2, choices=[(c, c) for c in CODES])
    period_start = models.DateField(_("periode hasil survei"))
    description = models.TextField(_("rencana tindak lanjut"))
    owner = models.ForeignKey(
        "workforce.Employee",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("penanggung jawab"),
    )
    due_date = models.DateField(_("batas waktu"))
    status = models.CharField(
        verbose_name=_("status"), max_length=6, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(verbose_name=_("dibuat"), auto_now_add=True)
    done_at = models.DateTimeField(verbose_name=_("selesai dikerjakan"), null=True, blank=True)
    result_note = models.TextField(_("hasil"), blank=True)

    class Meta:
        verbose_name = _("tindak lanjut survei")
        verbose_name_plural = _("tindak lanjut survei")
        ordering = ["status", "due_date", "pk"]

    def __str__(self) -> str:
        return f"{self.element} · {self.description[:40]}"


ACTION_FLOW = Workflow(
    ImprovementAction,
    transitions={
        (
            ImprovementAction.Status.OPEN,
            ImprovementAction.Status.DONE,
        ): "tindak lanjut survei selesai"
    },
    stamps={ImprovementAction.Status.DONE: "done_at"},
)
