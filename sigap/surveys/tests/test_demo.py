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
