"""Hand-computed cases of the pure calendar core (no database)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from sigap.workcal.calendar import (
    OVERRIDE_JOINT_LEAVE,
    OVERRIDE_LOCAL,
    OVERRIDE_WORKING_DAY,
    Holiday,
    Source,
    WorkingCalendar,
    package_holidays,
)

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")
UTC = dt.UTC


@pytest.fixture
def jakarta() -> WorkingCalendar:
    return WorkingCalendar.national(WIB)


def at(tz: ZoneInfo, *args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=tz)


# ------------------------------------------------------------------ national calendar


def test_package_gives_indonesian_names_and_both_categories():
    by_date = {h.date: h for h in package_holidays(2026)}
    assert by_date[dt.date(2026, 8, 17)] == Holiday(
        dt.date(2026, 8, 17), "Hari Kemerdekaan Republik Indonesia", Source.NATIONAL
    )
    assert by_date[dt.date(2026, 3, 20)].source == Source.JOINT_LEAVE
    assert by_date[dt.date(2026, 3, 20)].name == "Cuti Bersama Hari Raya Idul Fitri"


def test_lebaran_2026_cuti_bersama_are_not_working_days(jakarta):
    # Idul Fitri 1447 H: 21–22 March 2026 (Sat–Sun); cuti bersama 20, 23 and 24 March.
    for day in (20, 23, 24):
        assert not jakarta.is_working_day(dt.date(2026, 3, day)), day
    assert not jakarta.is_working_day(dt.date(2026, 3, 19))  # Nyepi
    assert not jakarta.is_working_day(dt.date(2026, 3, 18))  # cuti bersama Nyepi
    assert jakarta.is_working_day(dt.date(2026, 3, 17))
    assert jakarta.is_working_day(dt.date(2026, 3, 25))
    assert jakarta.next_working_day(dt.date(2026, 3, 17)) == dt.date(2026, 3, 25)


def test_one_working_day_across_lebaran(jakarta):
    # Tue 17 March 10:00: Wed 18 … Tue 24 are all off, so day 1 is Wed 25 March.
    assert jakarta.add_working_days(at(WIB, 2026, 3, 17, 10, 0), 1) == at(WIB, 2026, 3, 25, 16, 0)


def test_friday_afternoon_plus_three_days_skips_weekend_and_imlek(jakarta):
    # Fri 13 Feb 2026 16:15 (before Friday's 16:30 close; the day never counts anyway).
    # Sat 14, Sun 15 weekend; Mon 16 cuti bersama Imlek; Tue 17 Imlek.
    # Day 1 Wed 18, day 2 Thu 19, day 3 Fri 20 → closing time 16:30 on Friday.
    deadline = jakarta.add_working_days(at(WIB, 2026, 2, 13, 16, 15), 3)
    assert deadline == at(WIB, 2026, 2, 20, 16, 30)
    assert deadline.tzinfo == WIB


def test_five_working_days_over_ascension_and_its_cuti_bersama(jakarta):
    # Fri 8 May 2026 + 5: Mon 11, Tue 12, Wed 13, (Thu 14 Kenaikan, Fri 15 cuti bersama,
    # weekend), Mon 18, Tue 19.
    assert jakarta.add_working_days(at(WIB, 2026, 5, 8, 9, 0), 5) == at(WIB, 2026, 5, 19, 16, 0)


def test_the_day_of_submission_never_counts_even_before_opening(jakarta):
    early = jakarta.add_working_days(at(WIB, 2026, 3, 2, 6, 0), 1)
    late = jakarta.add_working_days(at(WIB, 2026, 3, 2, 23, 59), 1)
    assert early == late == at(WIB, 2026, 3, 3, 16, 0)


def test_weekend_submission_counts_from_monday(jakarta):
    assert jakarta.add_working_days(at(WIB, 2026, 3, 7, 12, 0), 1) == at(WIB, 2026, 3, 9, 16, 0)


def test_deadline_crosses_new_year(jakarta):
    # Thu 24 Dec cuti bersama, Fri 25 Natal, weekend, Mon 28 … Thu 31, Fri 1 Jan 2027 off.
    assert jakarta.add_working_days(at(WIB, 2026, 12, 23, 10, 0), 5) == at(WIB, 2027, 1, 4, 16, 0)


def test_zero_or_negative_working_days_is_refused(jakarta):
    with pytest.raises(ValueError):
        jakarta.add_working_days(at(WIB, 2026, 3, 2, 9, 0), 0)


def test_naive_moments_are_refused(jakarta):
    with pytest.raises(ValueError):
        jakarta.add_working_days(dt.datetime(2026, 3, 2, 9, 0), 1)  # noqa: DTZ001
    with pytest.raises(ValueError):
        jakarta.add_working_hours(dt.datetime(2026, 3, 2, 9, 0), 1)  # noqa: DTZ001


# ------------------------------------------------------------------ time zones


def test_wita_agency_counts_from_its_own_date():
    # Thu 5 March 2026 23:30 WIB is already Fri 6 March 00:30 WITA.
    moment = at(WIB, 2026, 3, 5, 23, 30)
    wib = WorkingCalendar.national(WIB)
    wita = WorkingCalendar.national(WITA)
    assert wib.add_working_days(moment, 1) == at(WIB, 2026, 3, 6, 16, 30)
    assert wita.add_working_days(moment, 1) == at(WITA, 2026, 3, 9, 16, 0)
    assert wita.add_working_days(moment, 1).astimezone(UTC) == at(UTC, 2026, 3, 9, 8, 0)


def test_wita_office_opens_an_hour_before_wib():
    wita = WorkingCalendar.national(WITA)
    # Mon 9 March 2026 06:45 WIB = 07:45 WITA: WITA offices have been open 15 minutes.
    moment = at(WIB, 2026, 3, 9, 6, 45)
    assert wita.working_time_between(at(WITA, 2026, 3, 9, 0, 0), moment) == dt.timedelta(minutes=15)
    assert WorkingCalendar.national(WIB).working_time_between(
        at(WIB, 2026, 3, 9, 0, 0), moment
    ) == dt.timedelta(0)


def test_wit_result_is_in_wit():
    wit = WorkingCalendar.national(WIT)
    deadline = wit.add_working_days(at(UTC, 2026, 3, 2, 1, 0), 2)
    assert deadline == at(WIT, 2026, 3, 4, 16, 0)
    assert deadline.utcoffset() == dt.timedelta(hours=9)


# ------------------------------------------------------------------ office hours


def test_working_hours_wait_for_opening_and_skip_holidays(jakarta):
    # Fri 13 Feb 15:30: one hour until the 16:30 close, then Mon 16 (cuti bersama) and
    # Tue 17 (Imlek) are off, so the second hour ends Wed 18 at 08:30.
    start = at(WIB, 2026, 2, 13, 15, 30)
    end = jakarta.add_working_hours(start, 2)
    assert end == at(WIB, 2026, 2, 18, 8, 30)
    assert jakarta.working_time_between(start, end) == dt.timedelta(hours=2)


def test_working_hours_ending_at_close_stay_on_that_day(jakarta):
    assert jakarta.add_working_hours(at(WIB, 2026, 3, 2, 15, 0), 1) == at(WIB, 2026, 3, 2, 16, 0)


def test_working_hours_from_the_night_start_at_opening(jakarta):
    assert jakarta.add_working_hours(at(WIB, 2026, 3, 2, 22, 0), 0.5) == at(WIB, 2026, 3, 3, 8, 0)


def test_working_time_between_a_whole_week(jakarta):
    # Mon 2 – Sun 8 March 2026: 4 × 8.5 h + 9 h on Friday.
    total = jakarta.working_time_between(at(WIB, 2026, 3, 2, 0, 0), at(WIB, 2026, 3, 9, 0, 0))
    assert total == dt.timedelta(hours=4 * 8.5 + 9)


def test_working_time_between_is_antisymmetric(jakarta):
    a, b = at(WIB, 2026, 3, 2, 9, 0), at(WIB, 2026, 3, 3, 9, 0)
    assert jakarta.working_time_between(b, a) == -jakarta.working_time_between(a, b)


def test_custom_office_hours_move_the_deadline():
    hours = {d: (dt.time(8, 0), dt.time(15, 0)) for d in range(5)}
    cal = WorkingCalendar.national(WIB, office_hours=hours)
    assert cal.add_working_days(at(WIB, 2026, 3, 2, 9, 0), 1) == at(WIB, 2026, 3, 3, 15, 0)


def test_office_hours_must_close_after_opening():
    with pytest.raises(ValueError):
        WorkingCalendar(WIB, {0: (dt.time(16, 0), dt.time(8, 0))})


def test_a_calendar_without_working_days_fails_loudly():
    cal = WorkingCalendar(WIB, office_hours={})
    with pytest.raises(ValueError):
        cal.next_working_day(dt.date(2026, 3, 2))
    with pytest.raises(ValueError):
        cal.add_working_hours(at(WIB, 2026, 3, 2, 9, 0), 1)


# ------------------------------------------------------------------ overrides


def test_from_holidays_uses_only_the_given_days():
    cal = WorkingCalendar.from_holidays(WIB, [(dt.date(2026, 3, 3), "Libur uji")])
    assert not cal.is_working_day(dt.date(2026, 3, 3))
    assert cal.is_working_day(dt.date(2026, 8, 17))  # no package data
    assert cal.holidays_in(2026) == [Holiday(dt.date(2026, 3, 3), "Libur uji", Source.LOCAL)]


def test_overrides_add_local_days_and_cancel_national_ones():
    overrides = [
        SimpleNamespace(date=dt.date(2026, 1, 6), name="HUT Provinsi Jambi", kind=OVERRIDE_LOCAL),
        SimpleNamespace(
            date=dt.date(2026, 4, 2), name="Cuti bersama SKB", kind=OVERRIDE_JOINT_LEAVE
        ),
        SimpleNamespace(date=dt.date(2026, 5, 15), name="Tetap masuk", kind=OVERRIDE_WORKING_DAY),
    ]
    cal = WorkingCalendar.national(WIB, overrides=overrides)
    assert not cal.is_working_day(dt.date(2026, 1, 6))
    assert not cal.is_working_day(dt.date(2026, 4, 2))
    assert cal.is_working_day(dt.date(2026, 5, 15))
    holidays = cal.holidays_in(2026)
    assert (dt.date(2026, 1, 6), "HUT Provinsi Jambi", Source.LOCAL) in holidays
    assert (dt.date(2026, 4, 2), "Cuti bersama SKB", Source.AGENCY_JOINT_LEAVE) in holidays
    assert all(h.date != dt.date(2026, 5, 15) for h in holidays)
    assert [h.date for h in cal.declared_working_in(2026)] == [dt.date(2026, 5, 15)]
    # Thu 14 May Kenaikan, Fri 15 now a working day: day 1 after Wed 13 is Fri 15.
    assert cal.add_working_days(at(WIB, 2026, 5, 13, 9, 0), 1) == at(WIB, 2026, 5, 15, 16, 30)


def test_holidays_are_loaded_once_per_year():
    loads: list[int] = []

    def load(year: int):
        loads.append(year)
        from sigap.workcal.calendar import YearHolidays

        return YearHolidays([], [])

    cal = WorkingCalendar(WIB, load_year=load)
    cal.add_working_days(at(WIB, 2026, 12, 30, 9, 0), 10)
    cal.is_working_day(dt.date(2026, 6, 1))
    assert loads == [2026, 2027]


def test_working_days_between_excludes_the_start_day(jakarta):
    assert jakarta.working_days_between(dt.date(2026, 3, 2), dt.date(2026, 3, 2)) == 0
    assert jakarta.working_days_between(dt.date(2026, 3, 2), dt.date(2026, 3, 9)) == 5
    assert jakarta.working_days_between(dt.date(2026, 3, 17), dt.date(2026, 3, 25)) == 1
