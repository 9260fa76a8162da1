from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from sigap.audit.context import additional_data as audit_data
from sigap.tenancy.managers import TenantModel


class Agency(models.Model):
    """A pemda: one tenant of Sigap."""

    class Kind(models.TextChoices):
        PROVINCE = "provinsi", gettext_lazy("Provinsi")
        REGENCY = "kabupaten", gettext_lazy("Kabupaten")
        CITY = "kota", gettext_lazy("Kota")

    class TimeZone(models.TextChoices):
        WIB = "Asia/Jakarta", gettext_lazy("WIB (UTC+7)")
        WITA = "Asia/Makassar", gettext_lazy("WITA (UTC+8)")
        WIT = "Asia/Jayapura", gettext_lazy("WIT (UTC+9)")

    name = models.CharField(gettext_lazy("nama"), max_length=120)
    slug = models.SlugField(gettext_lazy("kode singkat"), max_length=60, unique=True)
    kind = models.CharField(gettext_lazy("jenis"), max_length=10, choices=Kind.choices)
    # Kode wilayah Kemendagri: "15" (Jambi), "15.09" (Tebo), "13.73" (Sawahlunto).
    region_code = models.CharField(gettext_lazy("kode wilayah"), max_length=13, unique=True)
    time_zone = models.CharField(
        gettext_lazy("zona waktu"), max_length=20, choices=TimeZone.choices, default=TimeZone.WIB
    )
    is_active = models.BooleanField(gettext_lazy("aktif"), default=True)
    created_at = models.DateTimeField(verbose_name=gettext_lazy("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("pemda")
        verbose_name_plural = gettext_lazy("pemda")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region_code__regex=r"^[0-9]{2}(\.[0-9]{2})?$"),
                name="agency_region_code_format",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return audit_data(self.pk)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def today(self) -> dt.date:
        """Today in this pemda's own zone: the one "today" of every rule, in a worker too
        (a bare ``localdate()`` there is the server's WIB, not WITA/WIT)."""
        return timezone.localdate(timezone=self.zone)


class OrgUnit(TenantModel):
    """A node of the agency's organisation tree: OPD → bidang / seksi / UPT."""

    class Kind(models.TextChoices):
        OPD = "opd", gettext_lazy("OPD (dinas/badan)")
        BIDANG = "bidang", pgettext_lazy("jenis unit", "Bidang")
        SEKSI = "seksi", gettext_lazy("Seksi/Subbidang")
        UPT = "upt", pgettext_lazy("jenis unit", "UPT")

    # Which kinds may hang under which: the tree's one rule.
    ALLOWED_PARENTS: dict[str, set[str | None]] = {
        Kind.OPD: {None},
        Kind.BIDANG: {Kind.OPD},
        Kind.SEKSI: {Kind.BIDANG, Kind.OPD},
        Kind.UPT: {Kind.OPD, Kind.BIDANG},
    }

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=gettext_lazy("induk"),
    )
    kind = models.CharField(gettext_lazy("jenis"), max_length=10, choices=Kind.choices)
    name = models.CharField(gettext_lazy("nama"), max_length=200)
    short_name = models.CharField(gettext_lazy("singkatan"), max_length=40, blank=True)
    code = models.CharField(gettext_lazy("kode"), max_length=40)
    # Materialised path of pks ("/12/40/"): subtree queries without recursion.
    path = models.CharField(
        verbose_name=gettext_lazy("jalur pohon organisasi"),
        max_length=255,
        editable=False,
        db_index=True,
        default="",
    )
    is_active = models.BooleanField(gettext_lazy("aktif"), default=True)

    class Meta:
        verbose_name = gettext_lazy("unit organisasi")
        verbose_name_plural = gettext_lazy("unit organisasi")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "code"], name="orgunit_code_unique_per_agency"
            ),
            models.UniqueConstraint(
                "agency", "parent", Lower("name"), name="orgunit_name_unique_per_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2 if self.path else 0
