from __future__ import annotations

import datetime as dt

from sigap.queues import points
from sigap.queues.models import Slot
from sigap.queues.sweep import sweep
from sigap.queues.tests.factories import always_open
from sigap.tenancy.context import activate


def _days(point) -> list[dt.date]:
    with activate(point.agency):
        return sorted(set(Slot.objects.filter(offer__point=point).values_list("day", flat=True)))


def test_slots_are_kept_bookable_up_to_the_horizon(desk):
    point, _offers, _counters = desk
    today = point.agency.today()
    cal = always_open(point.agency)
    made = points.extend_slots(point, today, cal)
    assert made > 0
    assert _days(point) == [
        today + dt.timedelta(days=n) for n in range(point.booking_days_ahead + 1)
    ]
    # Nothing to do until the horizon moves; then only the new day is made.
    assert points.extend_slots(point, today, cal) == 0
    tomorrow = today + dt.timedelta(days=1)
    assert points.extend_slots(point, tomorrow, cal) == made // (point.booking_days_ahead + 1)
    assert _days(point)[-1] == tomorrow + dt.timedelta(days=point.booking_days_ahead)


def test_the_sweep_makes_the_slots_of_the_office_calendar(desk):
    point, _offers, _counters = desk
    sweep()
    days = _days(point)
    horizon = point.agency.today() + dt.timedelta(days=point.booking_days_ahead)
    # The pemda's calendar: working days only (weekends and holidays have no slots).
    assert days and all(d.weekday() < 5 for d in days) and days[-1] <= horizon
