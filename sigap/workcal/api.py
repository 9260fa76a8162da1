# No "from __future__ import annotations": django-ninja reads real annotations at import.
"""API of the working calendar: the year's non-working days, overrides, deadlines.

Every operation declares its permission with ``auth=staff(...)`` (the successor of
the deprecated ``@requires``), so the check runs before the payload is parsed: a user
without the right gets 403, never a validation error that reveals the schema.
"""

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from sigap.platform.api import staff
from sigap.workcal import calendar as wc
from sigap.workcal import policy
from sigap.workcal.models import HolidayOverride

router = Router(tags=["kalender kerja"])

VIEW = "workcal.view_agency_calendar"
MANAGE = "workcal.manage_agency_calendar"


class HolidayOut(Schema):
    date: dt.date
    name: str
    source: str = Field(
        description="nasional | cuti_bersama | cuti_bersama_pemda | libur_daerah | hari_kerja"
    )
    source_label: str
    override_id: int | None = Field(
        None,
        description="ID pengaturan pemda (untuk DELETE); null untuk libur nasional dan cuti bersama dari ketetapan pusat",
    )


class CalendarYearOut(Schema):
    year: int
    time_zone: str
    holidays: list[HolidayOut] = Field(description="Hari libur selain Sabtu/Minggu")
    declared_working_days: list[HolidayOut] = Field(
        description="Libur nasional/cuti bersama yang ditetapkan pemda sebagai hari kerja"
    )


class YearQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="Bawaan: tahun berjalan")


class HolidayIn(Schema):
    date: dt.date
    name: str = Field("", max_length=200)
    kind: HolidayOverride.Kind


class OverrideOut(Schema):
    id: int
    date: dt.date
    name: str
    kind: str


class DeadlineQuery(Schema):
    start: dt.datetime = Field(
        description="Waktu diterima (ISO 8601); tanpa zona berarti zona waktu pemda"
    )
    working_days: int = Field(ge=1, le=365)


class DeadlineOut(Schema):
    start: dt.datetime
    working_days: int
    deadline: dt.datetime
    time_zone: str


@router.get(
    "/calendar/holidays",
    response=CalendarYearOut,
    summary="Hari libur pemda aktif dalam satu tahun",
    auth=staff(VIEW),
)
def list_holidays(request: HttpRequest, query: Query[YearQuery]):
    cal = wc.WorkingCalendar.for_agency(request.agency)
    year = query.year or timezone.now().astimezone(cal.tz).year
    overrides = {o.date: o.pk for o in HolidayOverride.objects.filter(date__year=year)}

    def out(h: wc.Holiday, source: str, label: str) -> HolidayOut:
        own = not h.source.from_package or source == "hari_kerja"
        return HolidayOut(
            date=h.date,
            name=h.name,
            source=source,
            source_label=label,
            override_id=overrides.get(h.date) if own else None,
        )

    return CalendarYearOut(
        year=year,
        time_zone=cal.tz.key,
        holidays=[out(h, h.source.value, h.source.label) for h in cal.holidays_in(year)],
        declared_working_days=[
            out(h, "hari_kerja", "Hari kerja (ditetapkan pemda)")
            for h in cal.declared_working_in(year)
        ],
    )


@router.post(
    "/calendar/holidays",
    response={201: OverrideOut},
    summary="Tambah cuti bersama/libur daerah, atau jadikan libur nasional hari kerja",
    auth=staff(MANAGE),
)
def add_holiday(request: HttpRequest, payload: HolidayIn):
    override = policy.add_holiday(
        request.agency, payload.date, payload.name, payload.kind, by=request.user
    )
    return Status(201, override)


@router.delete(
    "/calendar/holidays/{holiday_id}",
    response={204: None},
    summary="Hapus pengaturan hari libur pemda",
    auth=staff(MANAGE),
)
def remove_holiday(request: HttpRequest, holiday_id: int):
    # Tenant-scoped manager: another pemda's override is simply not found (404).
    override = get_object_or_404(HolidayOverride, pk=holiday_id)
    policy.remove_holiday_override(override, by=request.user)
    return Status(204, None)


@router.get(
    "/calendar/deadline",
    response=DeadlineOut,
    summary="Tenggat: waktu mulai + N hari kerja",
    auth=staff(VIEW),
)
def deadline(request: HttpRequest, query: Query[DeadlineQuery]):
    cal = wc.WorkingCalendar.for_agency(request.agency)
    start = query.start
    if start.utcoffset() is None:
        start = start.replace(tzinfo=cal.tz)
    return DeadlineOut(
        start=cal.local(start),
        working_days=query.working_days,
        deadline=cal.add_working_days(start, query.working_days),
        time_zone=cal.tz.key,
    )
