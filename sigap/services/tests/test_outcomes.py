"""``services.outcomes.before_after``, hand-computed: the measures training and moves are
judged by (times from the events, satisfaction from surveys, complaints per 100
services), a difference in differences against the other officers of the same units."""

from __future__ import annotations

import datetime as dt

import pytest

from sigap.complaints import handling
from sigap.complaints.tests.factories import RUDE, with_categories
from sigap.services import outcomes
from sigap.services.tests.factories import officer, served
from sigap.surveys import responses
from sigap.surveys.tests import factories
from sigap.tenancy.context import activate
from sigap.workcal.calendar import WorkingCalendar
from sigap.workforce.registry import records
from sigap.workforce.tests.factories import position, unit


@pytest.fixture
def setting(agency, opd, settings):
    settings.SIGAP_SURVEY_MIN_GROUP = 2
    calendar = WorkingCalendar.for_agency(agency)
    today = agency.today()
    day = calendar.next_working_day(today - dt.timedelta(days=30))
    working = [
        d
        for d in (day + dt.timedelta(days=k) for k in range(-40, 29))
        if calendar.is_working_day(d) and d < today
    ]
    before = [d for d in working if d < day][-3:]
    after = [d for d in working if d > day][:3]
    return calendar, day, before, after


def _officer(agency, opd, name: str, seq: int):
    return officer(agency, opd, name, seq)


def _served(svc, user, on: dt.date, minutes: int, calendar, citizen=None):
    return served(svc, user, on, minutes, calendar.tz, citizen)


def test_before_after_by_hand(agency, opd, agency_admin, setting):
    calendar, day, before, after = setting
    with_categories(agency, opd)
    svc = factories.service(agency, opd)
    ani, ani_employee = _officer(agency, opd, "Ani", 1)
    budi, _budi = _officer(agency, opd, "Budi", 2)
    # Ani (trained): 30 and 50 minutes before, 20 after; a 300-minute event on the day
    # itself counts in neither window.
    a1 = _served(svc, ani, before[0], 30, calendar)
    a2 = _served(svc, ani, before[1], 50, calendar)
    a3 = _served(svc, ani, after[0], 20, calendar)
    _served(svc, ani, day, 300, calendar)
    # Budi: 40 before and after.
    _served(svc, budi, before[2], 40, calendar)
    _served(svc, budi, after[1], 40, calendar)
    # Satisfaction: Ani's two earlier citizens answer 4 everywhere (IKM 100), the later
    # one 2 everywhere: one response is below the minimum group of 2, so withheld.
    for event, value in ((a1, 4), (a2, 4), (a3, 2)):
        responses.submit(event, channel="paper", answers={f"u{i}": value for i in range(1, 10)})
    # One complaint about Ani's later service: 1 per 1 service = 100 per 100.
    handling.file_complaint(agency, text=RUDE, mode="anonymous", channel="portal", service_event=a3)
    with activate(agency):
        result = outcomes.before_after({ani_employee.pk}, [opd.pk], day)
    assert (result.group, result.others) == (1, 1)
    by_key = {c.measure.key: c for c in result.comparisons}
    processing = by_key["processing"]
    assert (processing.before, processing.after) == (40, 20)
    assert (processing.others_before, processing.others_after) == (40, 40)
    assert processing.difference_in_differences == -20 and processing.improved is True
    satisfaction = by_key["satisfaction"]
    assert satisfaction.before == 100 and satisfaction.after is None
    assert satisfaction.difference_in_differences is None and satisfaction.improved is None
    complaints = by_key["complaints"]
    assert (complaints.before, complaints.after) == (0, 100)
    assert complaints.others_before == 0 and complaints.others_after == 0
    assert complaints.difference_in_differences == 100 and complaints.improved is False
    # Waiting: ten minutes before every service, for everyone: no change.
    assert by_key["waiting"].difference_in_differences == 0


def test_every_capability_registers_its_measure():
    keys = [m.key for m in outcomes.measures()]
    assert keys == ["processing", "waiting", "satisfaction", "complaints"]


def test_groups_without_data_give_no_value():
    assert outcomes.mean([], 0) is None
    assert outcomes.per_hundred_events([], 0) is None
    assert outcomes.per_hundred_events([1, 1], 8) == 25


def test_before_after_each_by_hand(agency, opd, agency_admin, setting):
    """Ani moves from the OPD to its front-office bidang on ``day``: her own services,
    the OPD's (the unit she left) and the bidang's (the unit she joined), each in equal
    windows either side of the day."""
    calendar, day, before, after = setting
    with_categories(agency, opd)
    svc = factories.service(agency, opd)
    ani, ani_employee = _officer(agency, opd, "Ani", 1)
    budi, budi_employee = _officer(agency, opd, "Budi", 2)
    bidang = unit(agency, "PDF", "Bidang Pelayanan", parent=opd)
    desk = position(agency, bidang, "PL-9", "Pengadministrasi Kependudukan")
    records.move_employee(
        ani_employee, position=desk, sk_number="800/1", sk_date=before[0], starts_on=day
    )
    a1 = _served(svc, ani, before[0], 30, calendar)  # in the OPD
    a2 = _served(svc, ani, before[1], 50, calendar)
    a3 = _served(svc, ani, after[0], 20, calendar)  # in the bidang
    _served(svc, ani, day, 300, calendar)  # the day itself: neither side
    _served(svc, budi, before[2], 40, calendar)
    _served(svc, budi, after[1], 70, calendar)
    # Long before the day: inside an eight-week window, outside one cut to the days
    # that have passed since the day (about 30).
    early = calendar.next_working_day(day - dt.timedelta(days=45))
    _served(svc, budi, early, 100, calendar)
    for event, value in ((a1, 4), (a2, 4), (a3, 2)):
        responses.submit(event, channel="paper", answers={f"u{i}": value for i in range(1, 10)})
    handling.file_complaint(agency, text=RUDE, mode="anonymous", channel="portal", service_event=a3)
    changes = [
        outcomes.Change("ani", day, officer=ani_employee.pk),
        outcomes.Change("left", day, unit=opd.pk),
        outcomes.Change("joined", day, unit=bidang.pk),
    ]
    today = agency.today()
    with activate(agency):
        result = outcomes.before_after_each(changes, today=today, min_events=2)
        uncut = outcomes.before_after_each(changes[1:2], min_events=2)
    days = (today - day).days - 1
    assert days < 45
    own, left, joined = result["ani"], result["left"], result["joined"]
    assert (own.days, own.start, own.end) == (
        days,
        day - dt.timedelta(days=days),
        day + dt.timedelta(days=days),
    )
    # Ani herself: 30 and 50 before, 20 after; IKM 100 from two answers before, the one
    # answer after is below the minimum group; one complaint about one service after.
    assert (own.events_before, own.events_after) == (2, 1)
    assert not own.enough  # one event after: no claim whatever the figures
    processing = own.figure("processing")
    assert (processing.before, processing.after, processing.change) == (40, 20, -20)
    assert (processing.n_before, processing.n_after) == (2, 1)
    assert processing.improved is None
    satisfaction = own.figure("satisfaction")
    assert (satisfaction.before, satisfaction.after) == (100, None)
    assert (satisfaction.n_before, satisfaction.n_after) == (2, 1)
    complaints = own.figure("complaints")
    assert (complaints.before, complaints.after, complaints.n_after) == (0, 100, 1)
    # The OPD she left: Ani's two and Budi's one before (30, 50, 40), Budi's 70 after.
    assert (left.events_before, left.events_after) == (3, 1)
    assert left.figure("processing").before == 40 and left.figure("processing").after == 70
    assert left.figure("complaints").after == 0
    # The bidang she joined: nobody before, Ani's 20 after.
    assert (joined.events_before, joined.events_after) == (0, 1)
    assert joined.figure("processing").before is None
    assert joined.figure("processing").after == 20
    assert joined.figure("complaints").after == 100
    # Without "today" the windows are eight weeks: Budi's early 100 joins the OPD's
    # before side.
    wide = uncut["left"]
    assert wide.days == 56 and (wide.events_before, wide.events_after) == (4, 1)
    assert wide.figure("processing").before == (30 + 50 + 40 + 100) / 4


def test_a_claim_needs_enough_events_on_both_sides():
    measure = outcomes.measures()[0]  # processing: lower is better
    assert outcomes.Figure(measure, 40, 20, 30, 30, True).improved is True
    assert outcomes.Figure(measure, 40, 50, 30, 30, True).improved is False
    assert outcomes.Figure(measure, 40, 20, 30, 2, False).improved is None
    assert outcomes.Figure(measure, 40, 40, 30, 30, True).improved is None
    assert outcomes.Figure(measure, 0.064, 0.087, 30, 30, True).improved is None  # shows 0.0
    assert outcomes.Figure(measure, None, 20, 0, 30, True).improved is None
    assert outcomes.equal_days(dt.date(2026, 5, 1), outcomes.WINDOW, dt.date(2026, 5, 11)) == 9
    assert outcomes.equal_days(dt.date(2026, 5, 1), outcomes.WINDOW, dt.date(2026, 5, 1)) == 0
    assert outcomes.equal_days(dt.date(2026, 5, 1), outcomes.WINDOW, None) == 56
    assert outcomes.before_after_each([]) == {}
