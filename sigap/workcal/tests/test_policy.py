"""Domain writes: validation in Indonesian, tenant scope, and what the calendar sees."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from sigap.tenancy.context import activate, unscoped
from sigap.tenancy.models import Agency
from sigap.workcal.calendar import Source, WorkingCalendar
from sigap.workcal.models import HolidayOverride, OfficeHours
from sigap.workcal.policy import add_holiday, remove_holiday_override, set_office_hours

LOCAL = HolidayOverride.Kind.LOCAL
CUTI = HolidayOverride.Kind.CUTI_BERSAMA
WORKING = HolidayOverride.Kind.WORKING_DAY
WIB = ZoneInfo("Asia/Jakarta")


def test_local_holiday_closes_the_day_for_that_agency_only(agency, other_agency, agency_admin):
    add_holiday(agency, dt.date(2026, 1, 6), "HUT Provinsi Jambi", LOCAL, by=agency_admin)
    assert not WorkingCalendar.for_agency(agency).is_working_day(dt.date(2026, 1, 6))
    assert WorkingCalendar.for_agency(other_agency).is_working_day(dt.date(2026, 1, 6))
    holidays = WorkingCalendar.for_agency(agency).holidays_in(2026)
    assert (dt.date(2026, 1, 6), "HUT Provinsi Jambi", Source.LOCAL) in holidays


def test_override_records_who_set_it(agency, agency_admin):
    override = add_holiday(
        agency, dt.date(2026, 4, 2), "Cuti bersama tambahan", CUTI, by=agency_admin
    )
    assert override.created_by == agency_admin
    assert override.agency == agency


def test_duplicate_date_is_refused_on_the_date_field(agency):
    add_holiday(agency, dt.date(2026, 1, 6), "HUT Provinsi Jambi", LOCAL, by=None)
    with pytest.raises(ValidationError) as exc:
        add_holiday(agency, dt.date(2026, 1, 6), "Lagi", CUTI, by=None)
    assert "sudah diatur" in exc.value.message_dict["date"][0]


def test_same_date_in_two_agencies_is_fine(agency, other_agency):
    add_holiday(agency, dt.date(2026, 1, 6), "HUT Provinsi Jambi", LOCAL, by=None)
    add_holiday(other_agency, dt.date(2026, 1, 6), "Libur lain", LOCAL, by=None)
    with unscoped():
        assert HolidayOverride.objects.filter(date=dt.date(2026, 1, 6)).count() == 2


@pytest.mark.parametrize(
    ("day", "kind", "field", "text"),
    [
        (dt.date(2026, 3, 7), LOCAL, "date", "Sabtu/Minggu"),
        (dt.date(2026, 8, 17), LOCAL, "date", "libur nasional"),
        (dt.date(2026, 3, 4), WORKING, "date", "bukan hari libur nasional"),
        (dt.date(2026, 3, 21), WORKING, "date", "akhir pekan"),
        (dt.date(2026, 3, 4), LOCAL, "name", "wajib diisi"),
        (dt.date(2026, 3, 4), "lainnya", "kind", "tidak dikenal"),
    ],
)
def test_invalid_holidays_are_refused_with_a_reason(agency, day, kind, field, text):
    name = "" if field == "name" else "Libur"
    with pytest.raises(ValidationError) as exc:
        add_holiday(agency, day, name, kind, by=None)
    assert text in exc.value.message_dict[field][0]
    with activate(agency):
        assert not HolidayOverride.objects.exists()


def test_national_day_declared_working_reopens_it(agency):
    override = add_holiday(agency, dt.date(2026, 5, 15), "", WORKING, by=None)
    assert override.name == "Hari kerja (menggantikan Cuti Bersama Kenaikan Yesus Kristus)"
    cal = WorkingCalendar.for_agency(agency)
    assert cal.is_working_day(dt.date(2026, 5, 15))
    assert [h.date for h in cal.declared_working_in(2026)] == [dt.date(2026, 5, 15)]


def test_removing_an_override_restores_the_national_calendar(agency):
    override = add_holiday(agency, dt.date(2026, 3, 20), "", WORKING, by=None)
    remove_holiday_override(override, by=None)
    assert not WorkingCalendar.for_agency(agency).is_working_day(dt.date(2026, 3, 20))
    with activate(agency):
        assert not HolidayOverride.objects.exists()


def test_writing_for_another_agency_than_the_active_one_is_refused(agency, other_agency):
    from sigap.tenancy.context import NoActiveTenant

    with activate(other_agency), pytest.raises(NoActiveTenant):
        add_holiday(agency, dt.date(2026, 1, 6), "HUT", LOCAL, by=None)


def test_office_hours_replace_the_default_for_that_weekday(agency, agency_admin):
    set_office_hours(agency, 4, dt.time(8, 0), dt.time(11, 30), by=agency_admin)
    row = set_office_hours(agency, 4, dt.time(8, 0), dt.time(12, 0), by=agency_admin)
    assert row.updated_by == agency_admin
    with activate(agency):
        assert OfficeHours.objects.count() == 1
    cal = WorkingCalendar.for_agency(agency)
    assert cal.office_hours[4] == (dt.time(8, 0), dt.time(12, 0))
    assert cal.office_hours[0] == (dt.time(7, 30), dt.time(16, 0))  # default kept
    deadline = cal.add_working_days(dt.datetime(2026, 3, 5, 9, 0, tzinfo=WIB), 1)
    assert deadline == dt.datetime(2026, 3, 6, 12, 0, tzinfo=WIB)


@pytest.mark.parametrize(
    ("weekday", "opens", "closes", "field"),
    [
        (0, dt.time(16, 0), dt.time(8, 0), "closes"),
        (0, dt.time(8, 0), dt.time(8, 0), "closes"),
        (5, dt.time(8, 0), dt.time(12, 0), "weekday"),
        (7, dt.time(8, 0), dt.time(12, 0), "weekday"),
    ],
)
def test_invalid_office_hours_are_refused(agency, weekday, opens, closes, field):
    with pytest.raises(ValidationError) as exc:
        set_office_hours(agency, weekday, opens, closes, by=None)
    assert field in exc.value.message_dict


def test_wita_agency_calendar_uses_its_zone(db):
    wita = Agency.objects.create(
        slug="mks",
        name="Pemerintah Kota Makassar",
        kind=Agency.Kind.CITY,
        region_code="73.71",
        time_zone=Agency.TimeZone.WITA,
    )
    cal = WorkingCalendar.for_agency(wita)
    assert cal.tz.key == "Asia/Makassar"
    deadline = cal.add_working_days(dt.datetime(2026, 3, 5, 23, 30, tzinfo=WIB), 1)
    assert deadline.isoformat() == "2026-03-09T16:00:00+08:00"


def test_writes_are_audited_with_agency_and_actor_outside_requests(agency, agency_admin):
    override = add_holiday(
        agency, dt.date(2026, 1, 6), "HUT Provinsi Jambi", LOCAL, by=agency_admin
    )
    pk = override.pk
    remove_holiday_override(override, by=agency_admin)
    entries = LogEntry.objects.filter(
        content_type__model="holidayoverride", object_pk=str(pk)
    ).order_by("pk")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.DELETE]
    assert all(e.additional_data["agency_id"] == agency.pk for e in entries)
    assert all(e.actor == agency_admin for e in entries)
    # The actor does not leak into later system writes.
    later = add_holiday(agency, dt.date(2026, 1, 7), "Libur lain", LOCAL, by=None)
    assert (
        LogEntry.objects.get(content_type__model="holidayoverride", object_pk=str(later.pk)).actor
        is None
    )
