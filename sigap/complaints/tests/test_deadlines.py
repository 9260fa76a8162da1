"""SP4N-LAPOR! deadlines counted by hand across holidays, cuti bersama and time zones.

2026 in Indonesia (the ``holidays`` package, categories public + government):
18 Mar cuti bersama Nyepi, 19 Mar Nyepi, 20 Mar cuti bersama Idulfitri, 21–22 Mar
Idulfitri (a weekend), 23–24 Mar cuti bersama; 17 Aug Independence Day; 24 Dec cuti
bersama, 25 Dec Christmas; 1 Jan 2027 New Year, 5 Jan 2027 Isra Mikraj. Office hours by default close 16:00
Monday–Thursday and 16:30 on Friday.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from sigap.complaints import deadlines, handling
from sigap.complaints.tests.factories import filed, with_categories
from sigap.tenancy.context import activate
from sigap.workcal.calendar import WorkingCalendar
from sigap.workcal.models import HolidayOverride
from sigap.workcal.policy import add_holiday

WIB, WIT = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Jayapura")


def at(y, m, d, h, mi, tz=WIB):  # noqa: ANN001, ANN201
    return dt.datetime(y, m, d, h, mi, tzinfo=tz)


@pytest.fixture
def wib():
    return WorkingCalendar.national("Asia/Jakarta")


def test_verification_skips_cuti_bersama_nyepi_and_idulfitri(wib):
    # Filed Tue 17 Mar; 18–24 Mar are all holidays or weekend: 25, 26, 27 count.
    assert deadlines.verify_by(wib, at(2026, 3, 17, 10, 0)) == at(2026, 3, 27, 16, 30)


def test_follow_up_skips_independence_day(wib):
    # Routed Thu 13 Aug: 14, (17 off), 18, 19, 20, 21.
    assert deadlines.answer_by(wib, at(2026, 8, 13, 9, 0)) == at(2026, 8, 21, 16, 30)


def test_silent_close_crosses_christmas_and_new_year(wib):
    # Answered Mon 21 Dec: 22, 23, (24, 25 off), 28, 29, 30, 31, (1 Jan off), 4, (5 Isra
    # Mikraj), 6, 7, 8: a Friday, closing 16:30.
    assert deadlines.close_at(wib, at(2026, 12, 21, 10, 0)) == at(2027, 1, 8, 16, 30)


def test_the_same_moment_counts_from_a_different_day_in_wit():
    moment = dt.datetime(2026, 8, 10, 16, 30, tzinfo=dt.UTC)  # Mon 23:30 WIB, Tue 01:30 WIT
    wib = WorkingCalendar.national("Asia/Jakarta")
    wit = WorkingCalendar.national("Asia/Jayapura")
    assert deadlines.verify_by(wib, moment) == at(2026, 8, 13, 16, 0)  # 11, 12, 13
    assert deadlines.verify_by(wit, moment) == at(2026, 8, 14, 16, 30, WIT)  # 12, 13, 14


def test_a_category_may_shorten_its_deadline(wib):
    class Urgent:
        verify_days = 1

    assert deadlines.verify_by(wib, at(2026, 8, 10, 9, 0), Urgent()) == at(2026, 8, 11, 16, 0)


def test_filing_uses_the_agencys_local_holiday(agency, opd, agency_admin):
    with_categories(agency, opd)
    add_holiday(
        agency, dt.date(2026, 8, 12), "HUT Kota", HolidayOverride.Kind.LOCAL, by=agency_admin
    )
    complaint = filed(agency, filed_at=at(2026, 8, 10, 9, 0))
    # 11, (12 local holiday), 13, 14.
    assert complaint.due_at == at(2026, 8, 14, 16, 30)


def test_filing_in_a_wit_agency_counts_in_wit(agency, opd):
    agency.time_zone = "Asia/Jayapura"
    agency.save(update_fields=["time_zone"])
    with_categories(agency, opd)
    complaint = filed(agency, filed_at=dt.datetime(2026, 8, 10, 16, 30, tzinfo=dt.UTC))
    assert complaint.due_at == at(2026, 8, 14, 16, 30, WIT)


def test_routing_sets_the_follow_up_deadline_from_the_category(agency, opd, agency_admin):
    cats = with_categories(agency, opd)
    with activate(agency):
        from sigap.complaints.categories import save_category

        save_category(
            agency, code="pungli", name="Pungutan liar", unit=opd, follow_up_days=2, by=agency_admin
        )
    complaint = filed(agency, text="Ada pungli di loket, diminta uang pelicin supaya cepat.")
    complaint = handling.route(complaint, category=cats["pungli"].code, by=agency_admin)
    routed_at = complaint.verified_at
    expected = WorkingCalendar.for_agency(agency).add_working_days(routed_at, 2)
    assert complaint.due_at == expected
