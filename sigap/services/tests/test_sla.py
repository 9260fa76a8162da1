"""SLA clocks, hand-computed: weekends, national holidays, cuti bersama, three zones,
suspension while the citizen revises, and the near-due and overdue flags."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from sigap.services import sla
from sigap.workcal.calendar import WorkingCalendar

WIB, WITA, WIT = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")
H = dt.timedelta(hours=1)


def at(tz: ZoneInfo, *args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=tz)


@pytest.fixture
def wib() -> WorkingCalendar:
    return WorkingCalendar.national(WIB)


def test_days_skip_the_weekend(wib):
    # Thu 5 Nov 2026 09:00 + 3 working days: Fri 6, Mon 9, Tue 10 → Tue 16:00.
    assert sla.deadline(wib, at(WIB, 2026, 11, 5, 9), 3, "days") == at(WIB, 2026, 11, 10, 16)


def test_days_skip_a_national_holiday_and_cuti_bersama(wib):
    # Tue 17 Mar 2026 10:00 + 2: 18 cuti bersama Nyepi, 19 Nyepi, 20 and 23–24 Lebaran
    # cuti bersama, weekend 21–22 → Wed 25, Thu 26 → Thu 16:00.
    assert sla.deadline(wib, at(WIB, 2026, 3, 17, 10), 2, "days") == at(WIB, 2026, 3, 26, 16)


def test_hours_count_office_time_only(wib):
    # Adminduk documents within 24 working hours? Here: 10 hours from Fri 6 Nov 15:00.
    # Fri 15:00–16:30 = 1.5 h; Mon 9 Nov 07:30–16:00 = 8.5 h → exactly Mon 16:00.
    assert sla.deadline(wib, at(WIB, 2026, 11, 6, 15), 10, "hours") == at(WIB, 2026, 11, 9, 16)


@pytest.mark.parametrize(
    "tz,expected_utc_hour",
    [(WIB, 9), (WITA, 8), (WIT, 7)],  # 16:00 local in each zone
)
def test_each_pemda_counts_in_its_own_zone(tz, expected_utc_hour):
    calendar = WorkingCalendar.national(tz)
    # Submitted Wednesday 4 Nov 2026 at 23:30 UTC: already Thursday 5 Nov in WITA and
    # WIT (06:30/07:30), still Thursday 06:30 in WIB. Day 1 is Friday 6 Nov everywhere.
    due = sla.deadline(calendar, dt.datetime(2026, 11, 4, 23, 30, tzinfo=dt.UTC), 1, "days")
    assert due.date() == dt.date(2026, 11, 6)
    # Friday closes at 16:30 local.
    assert due.astimezone(dt.UTC).hour == expected_utc_hour


def test_wita_submission_late_in_the_utc_day_falls_on_the_next_local_day():
    wita = WorkingCalendar.national(WITA)
    # Thu 5 Nov 16:30 UTC = Fri 6 Nov 00:30 WITA: Friday does not count → Mon 9, Tue 10.
    due = sla.deadline(wita, dt.datetime(2026, 11, 5, 16, 30, tzinfo=dt.UTC), 2, "days")
    assert due == at(WITA, 2026, 11, 10, 16)


def test_suspension_keeps_the_time_left_and_resumes_from_resubmission(wib):
    submitted = at(WIB, 2026, 11, 2, 8)  # Mon 08:00
    due = sla.deadline(wib, submitted, 3, "days")  # Thu 5 Nov 16:00
    returned = at(WIB, 2026, 11, 4, 12)  # Wed 12:00: 4 h Wed + 8.5 h Thu left
    left = sla.remaining(wib, returned, due)
    assert left == 12.5 * H
    resubmitted = at(WIB, 2026, 11, 9, 9)  # Mon 9 Nov 09:00
    # Mon 09:00–16:00 = 7 h, Tue 07:30 + 5.5 h = 13:00.
    assert sla.resumed_due(wib, resubmitted, left) == at(WIB, 2026, 11, 10, 13)


def test_a_clock_already_overdue_when_returned_is_due_at_once_on_resubmission(wib):
    now = at(WIB, 2026, 11, 9, 9)
    assert sla.resumed_due(wib, now, -3 * H) == now


def test_flags(wib, settings):
    settings.SIGAP_SLA_NEAR_DUE_SHARE = 0.25
    due = at(WIB, 2026, 11, 10, 16)
    budget = 17 * H  # two working days of 8.5 h
    fresh = sla.clock(
        wib,
        now=at(WIB, 2026, 11, 9, 8),
        due_at=due,
        suspended=False,
        finished=False,
        budget_total=budget,
    )
    # Mon 08:00–16:00 = 8 h, Tue 07:30–16:00 = 8.5 h.
    assert not fresh.overdue and not fresh.near_due and fresh.left == 16.5 * H
    near = sla.clock(
        wib,
        now=at(WIB, 2026, 11, 10, 12),
        due_at=due,
        suspended=False,
        finished=False,
        budget_total=budget,
    )
    assert near.near_due and not near.overdue  # 4 h left ≤ 4.25 h
    late = sla.clock(
        wib,
        now=at(WIB, 2026, 11, 10, 16, 1),
        due_at=due,
        suspended=False,
        finished=False,
        budget_total=budget,
    )
    assert late.overdue and not late.near_due
    paused = sla.clock(
        wib,
        now=at(WIB, 2026, 11, 20, 9),
        due_at=due,
        suspended=True,
        finished=False,
        budget_total=budget,
    )
    assert not paused.overdue and paused.suspended
    done = sla.clock(
        wib,
        now=at(WIB, 2026, 11, 20, 9),
        due_at=due,
        suspended=False,
        finished=True,
        budget_total=budget,
    )
    assert not done.overdue


def test_budget_of_a_standard(wib):
    # 2 working days from Mon 07:00 (before opening): Tue + Wed closing → 17 h of office
    # time between Monday 07:00 and Wednesday 16:00 includes Monday's 8.5 h too.
    assert sla.budget(wib, at(WIB, 2026, 11, 2, 7), 2, "days") == 25.5 * H
