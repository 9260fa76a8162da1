"""Properties of the calendar arithmetic, over the package's real 2024–2028 holidays."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from sigap.workcal.calendar import WorkingCalendar

ZONES = [ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")]
CALENDARS = {z.key: WorkingCalendar.national(z) for z in ZONES}

calendars = st.sampled_from(sorted(CALENDARS)).map(CALENDARS.__getitem__)
moments = st.datetimes(
    min_value=dt.datetime(2024, 1, 1),  # noqa: DTZ001 - made aware by ``timezones``
    max_value=dt.datetime(2027, 12, 31),  # noqa: DTZ001
    timezones=st.sampled_from([dt.UTC, *ZONES]),
)
working_days = st.integers(min_value=1, max_value=40)
hours = st.floats(min_value=0, max_value=120, allow_nan=False, allow_infinity=False)


@given(calendars, moments, working_days)
def test_deadline_is_the_closing_time_of_a_working_day(cal, start, n):
    deadline = cal.add_working_days(start, n)
    assert deadline.tzinfo == cal.tz
    assert cal.is_working_day(deadline.date())
    assert deadline.time() == cal.office_hours[deadline.weekday()][1]
    assert deadline > start


@given(calendars, moments, working_days)
def test_deadline_is_exactly_n_working_days_after_the_start_day(cal, start, n):
    deadline = cal.add_working_days(start, n)
    assert cal.working_days_between(cal.local(start).date(), deadline.date()) == n


@given(calendars, moments, working_days)
def test_deadline_grows_with_n(cal, start, n):
    assert cal.add_working_days(start, n) < cal.add_working_days(start, n + 1)


@given(calendars, moments, hours)
def test_working_hours_consumed_equal_the_hours_asked(cal, start, h):
    end = cal.add_working_hours(start, h)
    assert end >= start
    assert cal.working_time_between(start, end) == dt.timedelta(hours=h)


@settings(max_examples=50)
@given(calendars, moments, hours, hours)
def test_working_hours_add_up(cal, start, a, b):
    once = cal.add_working_hours(start, dt.timedelta(hours=a) + dt.timedelta(hours=b))
    twice = cal.add_working_hours(cal.add_working_hours(start, a), b)
    assert once == twice


@given(calendars, moments)
def test_next_working_day_skips_only_non_working_days(cal, start):
    day = cal.local(start).date()
    following = cal.next_working_day(day)
    assert following > day and cal.is_working_day(following)
    assert cal.working_days_between(day, following) == 1
