"""The pemda's own clock around the clock: 16:59, 17:00 and midnight in WIB, WITA and
WIT. 17:00 WIB is 10:00 UTC; midnight WIB is 17:00 UTC of the day before, which is
where queue systems that number by the UTC date break ("corrupted tickets after 5 pm")."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from sigap.queues import counter as work
from sigap.queues import tickets
from sigap.queues.points import is_open_at
from sigap.queues.tests.factories import always_open, office
from sigap.services.models import ServiceEvent
from sigap.tenancy.models import Agency
from sigap.workcal.calendar import WorkingCalendar

ZONES = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]
WED = dt.date(2026, 11, 25)


def _setup(agency, opd, zone):
    Agency.objects.filter(pk=agency.pk).update(time_zone=zone)
    agency.refresh_from_db()
    opd.agency = agency
    return office(agency, opd)


@pytest.mark.parametrize("zone", ZONES)
def test_numbers_restart_at_local_midnight_not_utc(zone, agency, opd, officer):
    point, (a, _b), (one, _) = _setup(agency, opd, zone)
    tz = ZoneInfo(zone)
    cal = always_open(agency)
    times = [
        dt.datetime.combine(WED, t, tzinfo=tz)
        for t in (dt.time(16, 59), dt.time(17, 0), dt.time(23, 59, 59))
    ]
    issued = [tickets.issue_walk_in(a, now=t, calendar=cal) for t in times]
    midnight = dt.datetime.combine(WED + dt.timedelta(days=1), dt.time(0, 0), tzinfo=tz)
    next_day = tickets.issue_walk_in(a, now=midnight, calendar=cal)
    assert [t.number for t in issued] == ["A-001", "A-002", "A-003"]
    assert {t.day for t in issued} == {WED}
    assert next_day.number == "A-001" and next_day.day == WED + dt.timedelta(days=1)


@pytest.mark.parametrize("zone", ZONES)
def test_a_ticket_served_across_local_midnight_counts_on_its_finish_day(zone, agency, opd, officer):
    point, (a, _b), (one, _) = _setup(agency, opd, zone)
    tz = ZoneInfo(zone)
    cal = always_open(agency)
    arrived = dt.datetime.combine(WED, dt.time(23, 50), tzinfo=tz)
    tickets.issue_walk_in(a, now=arrived, calendar=cal)
    called = work.call_next(one, by=officer, now=arrived + dt.timedelta(minutes=5))
    work.start(called, by=officer, now=arrived + dt.timedelta(minutes=6))
    done = work.finish(called, by=officer, now=arrived + dt.timedelta(minutes=15))
    event = ServiceEvent.all_objects.get(pk=done.service_event_id)
    assert done.day == WED
    assert event.day == WED + dt.timedelta(days=1)  # the service event's day: when it finished
    assert event.waiting_seconds == 6 * 60 and event.processing_seconds == 9 * 60


@pytest.mark.parametrize("zone", ZONES)
def test_the_kiosk_follows_local_closing_time(zone, agency, opd):
    point, _offers, _ = _setup(agency, opd, zone)
    tz = ZoneInfo(zone)
    hours = {d: (dt.time(8, 0), dt.time(17, 0)) for d in range(5)}
    cal = WorkingCalendar.from_holidays(zone, [], office_hours=hours)
    at = lambda h, m: dt.datetime.combine(WED, dt.time(h, m), tzinfo=tz)  # noqa: E731
    assert is_open_at(point, at(16, 59), cal)
    assert not is_open_at(point, at(17, 0), cal)
    assert not is_open_at(
        point, dt.datetime.combine(WED + dt.timedelta(days=1), dt.time(0, 0), tzinfo=tz), cal
    )
