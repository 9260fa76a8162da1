"""Per-pemda calendar policy: holiday overrides and office hours.

National holidays and cuti bersama come from the ``holidays`` package; only what a
pemda changes is stored (domain.md: cuti bersama are decreed year by year, local
holidays differ per pemda). Writes go through ``sigap.workcal.policy``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy

from sigap.tenancy.managers import TenantModel
from sigap.workcal import calendar as wc


class HolidayOverride(TenantModel):
    """One day a pemda treats differently from the national calendar."""

    class Kind(models.TextChoices):
        CUTI_BERSAMA = wc.OVERRIDE_JOINT_LEAVE, gettext_lazy("Cuti bersama")
        LOCAL = wc.OVERRIDE_LOCAL, gettext_lazy("Libur daerah")
        WORKING_DAY = (
            wc.OVERRIDE_WORKING_DAY,
            gettext_lazy("Hari kerja (libur nasional dibatalkan)"),
        )

    date = models.DateField(gettext_lazy("tanggal"))
    name = models.CharField(gettext_lazy("nama/keterangan"), max_length=200)
    kind = models.CharField(gettext_lazy("jenis"), max_length=20, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=gettext_lazy("ditetapkan oleh"),
    )
    created_at = models.DateTimeField(verbose_name=gettext_lazy("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("pengaturan hari libur")
        verbose_name_plural = gettext_lazy("pengaturan hari libur")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "date"], name="holidayoverride_one_per_agency_date"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=[wc.OVERRIDE_JOINT_LEAVE, wc.OVERRIDE_LOCAL, wc.OVERRIDE_WORKING_DAY]
                ),
                name="holidayoverride_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name} ({self.get_kind_display()})"


class OfficeHours(TenantModel):
    """Opening and closing time of one weekday; weekdays without a row use the defaults."""

    weekday = models.PositiveSmallIntegerField(
        gettext_lazy("hari"), choices=sorted(WEEKDAYS.items())
    )
    opens = models.TimeField(gettext_lazy("jam buka"))
    closes = models.TimeField(gettext_lazy("jam tutup"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=gettext_lazy("diubah oleh"),
    )
    updated_at = models.DateTimeField(verbose_name=gettext_lazy("diubah"), auto_now=True)

    class Meta:
        verbose_name = gettext_lazy("jam kantor")
        verbose_name_plural = gettext_lazy("jam kantor")
        ordering = ["weekday"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "weekday"], name="officehours_one_per_agency_weekday"
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__gte=0, weekday__lte=6),
                name="officehours_weekday_range",
            ),
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")),
                name="officehours_closes_after_opens",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"
