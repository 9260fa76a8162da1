"""The survey demo: consistent with the service events it rates."""

from __future__ import annotations

import datetime as dt
import statistics

from django.utils import timezone

from sigap.accounts.models import CitizenProfile, User
from sigap.notifications.models import Notification
from sigap.platform.demo import DemoContext
from sigap.services.demo import DEMO_CITIZEN
from sigap.surveys import counts, demo
from sigap.surveys.models import Response
from sigap.surveys.tests import factories
from sigap.tenancy.context import activate
from sigap.workcal.calendar import WorkingCalendar


def _demo_citizen() -> User:
    user = User.objects.create_user(
        DEMO_CITIZEN,
        "kata-sandi-uji-123",
        full_name="Siti",
        email=DEMO_CITIZEN,
        kind=User.Kind.CITIZEN,
    )
    CitizenProfile.objects.create(
        user=user,
        nik="1571024506880002",
        birth_date=dt.date(1988, 6, 5),
        consent_version="2026-11",
        consent_given_at=timezone.now(),
    )
    return user


def test_demo_responses_rate_slow_service_lower_and_match_the_count_tables(
    agency, opd, monkeypatch
):
    monkeypatch.setitem(demo.RESPONSE_RATE, "small", 1.0)
    svc = factories.service(agency, opd)
    citizen = _demo_citizen()
    slow_days = set()
    # Each event ends at 15:00 on a past working day, so a 4-hour calendar span is 4
    # working hours whatever time of day the test runs (the demo reads working time).
    cal = WorkingCalendar.for_agency(agency)
    day = agency.today()
    for i in range(24):
        day -= dt.timedelta(days=1)
        while not cal.is_working_day(day):
            day -= dt.timedelta(days=1)
        finished = dt.datetime.combine(day, dt.time(15, 0), tzinfo=agency.zone)
        minutes = 10 if i % 2 else 4 * 60
        e = factories.event(svc, minutes=minutes, finished=finished)
        if minutes > 10:
            slow_days.add(e.day)
    factories.event(svc, citizen=citizen)  # the demo citizen's latest service
    demo.seed(DemoContext("small", 7))
    with activate(agency):
        rows = list(Response.objects.all())
        assert len(rows) == 24  # every event but the demo citizen's
        assert counts.stored() == counts.recomputed(rows)
        assert counts.stored(monthly=True) == counts.recomputed(rows, monthly=True)
        assert counts.stored_by_unit() == counts.recomputed_by_unit(rows)
    # The demo citizen has one survey link waiting.
    assert (
        Notification.objects.filter(recipient=citizen, template="surveys/invitation").count() == 1
    )
    # U3 (completion time) follows processing time: slow events rate it lower.
    slow = [r.u3 for r in rows if r.day in slow_days and r.u3]
    fast = [r.u3 for r in rows if r.day not in slow_days and r.u3]
    assert statistics.mean(slow) < statistics.mean(fast)


def test_demo_records_the_ict_training_as_a_follow_up_with_its_before_and_after(
    agency, opd, monkeypatch
):
    from conftest import make_staff
    from sigap.accounts.models import Role
    from sigap.services.demo import ICT_COHORT_PREFIX, ict_training_date
    from sigap.surveys import results
    from sigap.surveys.models import ImprovementAction
    from sigap.workforce.models import Employee
    from sigap.workforce.tests.factories import hire

    monkeypatch.setitem(demo.RESPONSE_RATE, "small", 1.0)
    svc = factories.service(agency, opd)
    user = make_staff(f"{ICT_COHORT_PREFIX}1", agency, Role.OFFICER, opd)
    employee = hire(agency, "Rina Loket", dt.date(1990, 3, 3), seq=3)
    Employee.all_objects.filter(pk=employee.pk).update(user=user)
    user = User.objects.get(pk=user.pk)
    trained_on = ict_training_date(agency.today())
    for offset in (-20, -10, 10, 20):
        day = trained_on + dt.timedelta(days=offset)
        finished = dt.datetime.combine(day, dt.time(15, 0), tzinfo=agency.zone)
        factories.event(svc, officer_user=user, finished=finished)
    demo.seed(DemoContext("small", 7))
    with activate(agency):
        action = ImprovementAction.objects.select_related("unit", "owner").get()
        [outcome] = results.action_outcomes(agency, [action])
    assert (action.element, action.unit, action.owner) == ("U3", opd, employee)
    assert action.status == ImprovementAction.Status.DONE and outcome.day == trained_on
    assert (outcome.window, outcome.n_before, outcome.n_after) == (90, 2, 2)
