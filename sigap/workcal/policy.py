"""Writes to a pemda's calendar policy: every change goes through these functions.

Each validates (messages in Indonesian, tied to the field they concern), runs in one
transaction for the agency given, and leaves an audit record (auditlog, with the
agency id in ``additional_data``). ``by`` is the user acting, or None for system work
(demo seeding, commands).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sigap.audit.events import acting
from sigap.tenancy.context import acting_for
from sigap.workcal import calendar as wc
from sigap.workcal.models import HolidayOverride, OfficeHours

if TYPE_CHECKING:
    from sigap.accounts.models import User
    from sigap.tenancy.models import Agency


def _national_on(day: dt.date) -> list[wc.Holiday]:
    return [h for h in wc.package_holidays(day.year) if h.date == day]


@transaction.atomic
def add_holiday(
    agency: Agency, date: dt.date, name: str, kind: str, *, by: User | None
) -> HolidayOverride:
    """Add a cuti bersama or local holiday, or declare a national day a working day.

    Refused: a date that already has an override (one per date), a weekend (already
    not a working day), a cuti bersama/local holiday on a national holiday, and a
    "working day" on a date that is no national holiday or cuti bersama.
    """
    with acting_for(agency), acting(by):
        name = (name or "").strip()
        if kind not in HolidayOverride.Kind.values:
            raise ValidationError({"kind": "Jenis hari tidak dikenal."})
        existing = HolidayOverride.objects.filter(date=date).first()
        if existing is not None:
            raise ValidationError(
                {
                    "date": f"Tanggal ini sudah diatur ({existing.get_kind_display()}: "
                    f"{existing.name}). Hapus pengaturan itu lebih dulu."
                }
            )
        national = _national_on(date)
        if kind == HolidayOverride.Kind.WORKING_DAY:
            if not national:
                raise ValidationError(
                    {"date": "Tanggal ini bukan hari libur nasional atau cuti bersama."}
                )
            if date.weekday() >= 5:
                raise ValidationError(
                    {"date": "Tanggal ini jatuh pada akhir pekan dan tetap bukan hari kerja."}
                )
            name = name or f"Hari kerja (menggantikan {national[0].name})"
        else:
            if not name:
                raise ValidationError({"name": "Nama hari libur wajib diisi."})
            if date.weekday() >= 5:
                raise ValidationError(
                    {"date": "Tanggal ini hari Sabtu/Minggu, sudah bukan hari kerja."}
                )
            if national:
                raise ValidationError(
                    {"date": f"Tanggal ini sudah hari libur nasional ({national[0].name})."}
                )
        override = HolidayOverride(agency=agency, date=date, name=name, kind=kind, created_by=by)
        override.full_clean(exclude=["agency", "created_by"], validate_unique=False)
        try:
            with transaction.atomic():
                override.save()
        except IntegrityError:
            # Two admins adding the same date at once: the constraint decides.
            raise ValidationError(
                {"date": "Tanggal ini baru saja diatur oleh orang lain."}
            ) from None
        return override


@transaction.atomic
def remove_holiday_override(override: HolidayOverride, *, by: User | None) -> None:
    """Undo an override: the day returns to what the national calendar says."""
    with acting_for(override.agency), acting(by):
        override.delete()


@transaction.atomic
def set_office_hours(
    agency: Agency, weekday: int, opens: dt.time, closes: dt.time, *, by: User | None
) -> OfficeHours:
    """Set the opening and closing time of one weekday (Monday 0 … Friday 4)."""
    with acting_for(agency), acting(by):
        if not 0 <= weekday <= 4:
            raise ValidationError(
                {
                    "weekday": "Jam kantor hanya diatur untuk Senin–Jumat; Sabtu dan Minggu bukan hari kerja."
                }
            )
        if closes <= opens:
            raise ValidationError({"closes": "Jam tutup harus setelah jam buka."})
        row = OfficeHours.objects.select_for_update().filter(weekday=weekday).first()
        if row is None:
            row = OfficeHours(agency=agency, weekday=weekday)
        row.opens, row.closes, row.updated_by = opens, closes, by
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            raise ValidationError(
                {"weekday": "Jam kantor hari ini baru saja diubah oleh orang lain; coba lagi."}
            ) from None
        return row
