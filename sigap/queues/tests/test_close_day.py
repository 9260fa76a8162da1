"""Closing the office's day: tickets left waiting or called after the office's hours
end (plus ``close_after_minutes``) are closed as expired through the transition table,
audited; a ticket being served is left to its officer; a citizen an officer added after
the cutoff stays in line until local midnight. Hand-computed times in WIB and WIT."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry

from sigap.platform.transitions import workflow_of
from sigap.queues import counter as work
from sigap.queues import tickets
from sigap.queues.models import Ticket
from sigap.queues.sweep import close_stale_tickets, day_cutoff
from sigap.queues.tests.factories import office
from sigap.tenancy.context import activate
from sigap.workcal.calendar import WorkingCalendar

# 08:00–16:00 every day; the office closes open tickets 60 minutes later (17:00).
DAYTIME = {d: (dt.time(8, 0), dt.time(16, 0)) for d in range(7)}
DAY = dt.date(2026, 12, 7)  # a Monday


def _calendar(agency) -> WorkingCalendar:
    return WorkingCalendar.from_holidays(agency.time_zone, [], office_hours=DAYTIME)


def _status(ticket: Ticket) -> str:
    with activate(ticket.agency):
        ticket.refresh_from_db()
    return ticket.status


@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Asia/Jayapura"])
def test_open_tickets_close_at_the_end_of_the_offices_day(agency, opd, officer, zone):
    agency.time_zone = zone
    agency.save()
    tz = ZoneInfo(zone)
    cal = _calendar(agency)
    point, (a, b), (one, _two) = office(agency, opd)

    def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz)

    def walk_in(offer, when):
        return tickets.issue_walk_in(
            offer, source=Ticket.Source.COUNTER, by=officer, now=when, calendar=cal
        )

    serving = walk_in(a, at(8, 30))
    called = walk_in(b, at(9))
    waiting = walk_in(a, at(10))
    work.start(work.call_next(one, by=officer, now=at(15, 30)), by=officer)
    work.call_next(_two, by=officer, now=at(15, 40))  # B-001
    assert (_status(serving), _status(called), _status(waiting)) == ("serving", "called", "waiting")
    door = walk_in(a, at(17, 10))  # added by an officer after the cutoff

    # 17:00 local is the cutoff: WIB 10:00 UTC, WIT 08:00 UTC.
    assert day_cutoff(point, DAY, cal) == at(17)
    assert day_cutoff(point, DAY, cal).astimezone(dt.UTC).hour == (
        10 if zone == "Asia/Jakarta" else 8
    )
    assert close_stale_tickets(agency, at(16, 59), cal) == 0
    assert close_stale_tickets(agency, at(17), cal) == 2
    assert (_status(waiting), _status(called), _status(serving), _status(door)) == (
        "expired",
        "expired",
        "serving",
        "waiting",
    )
    with activate(agency):
        waiting.refresh_from_db()
    assert waiting.finished_at is not None
    entries = LogEntry.objects.filter(additional_data__event="tiket ditutup: hari layanan berakhir")
    assert entries.count() == 2
    assert {e.additional_data["details"]["reason"] for e in entries} == {"hari layanan berakhir"}
    # Idempotent; at local midnight the day is over for the latecomer too.
    assert close_stale_tickets(agency, at(23, 59), cal) == 0
    assert close_stale_tickets(agency, at(0, 0, DAY + dt.timedelta(days=1)), cal) == 1
    assert _status(door) == "expired" and _status(serving) == "serving"


def test_a_holiday_ticket_closes_at_midnight(agency, opd, officer):
    tz = agency.zone
    cal = WorkingCalendar.from_holidays(agency.time_zone, [], office_hours={})
    point, (a, _b), _ = office(agency, opd)
    ticket = tickets.issue_walk_in(
        a,
        source=Ticket.Source.COUNTER,
        by=officer,
        now=dt.datetime.combine(DAY, dt.time(10), tzinfo=tz),
        calendar=cal,
    )
    assert day_cutoff(point, DAY, cal) is None
    assert (
        close_stale_tickets(agency, dt.datetime.combine(DAY, dt.time(23, 59), tzinfo=tz), cal) == 0
    )
    nextday = dt.datetime.combine(DAY + dt.timedelta(days=1), dt.time(0, 0), tzinfo=tz)
    assert close_stale_tickets(agency, nextday, cal) == 1
    assert _status(ticket) == "expired"


def test_expired_is_a_terminal_state_of_the_table():
    flow = workflow_of(Ticket)
    assert flow.allows("waiting", "expired") and flow.allows("called", "expired")
    assert not flow.allows("serving", "expired")
    assert flow.targets("expired") == []
    assert flow.stamps["expired"] == "finished_at"


def test_the_close_day_task_is_periodic():
    from django.apps import apps

    assert "sigap.queues.tasks:queue_close_day" in apps.get_app_config("queues").periodic_tasks
