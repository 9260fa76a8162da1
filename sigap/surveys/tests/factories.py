"""Builders for the survey tests: service events through ``services.events``, responses
through ``surveys.responses``."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from sigap.services.events import record_service_event
from sigap.services.models import Service, ServiceEvent
from sigap.services.tests.factories import service_with_standard
from sigap.surveys import actions, responses
from sigap.surveys.models import Channel, ImprovementAction, Response
from sigap.tenancy.context import activate
from sigap.tenancy.models import Agency, OrgUnit


def service(
    agency: Agency, unit: OrgUnit, code: str = "SKM-AKTA", name: str = "Akta kelahiran"
) -> Service:
    with activate(agency):
        existing = Service.objects.filter(code=code).first()
    if existing is not None:
        return existing
    return service_with_standard(agency, unit, code=code, name=name)[0]


def event(
    svc: Service,
    *,
    citizen: Any = None,
    officer_user: Any = None,
    finished: dt.datetime | None = None,
    unit: OrgUnit | None = None,
    minutes: int = 20,
) -> ServiceEvent:
    finished = finished or timezone.now() - dt.timedelta(minutes=5)
    return record_service_event(
        agency=svc.agency,
        service=svc,
        unit=unit or svc.unit,
        officer_user=officer_user,
        channel=ServiceEvent.Channel.COUNTER,
        outcome=ServiceEvent.Outcome.DONE,
        requested_at=finished - dt.timedelta(minutes=minutes + 10),
        started_at=finished - dt.timedelta(minutes=minutes),
        finished_at=finished,
        citizen=citizen,
    )


def answered(
    svc: Service,
    values: list[int | None],
    *,
    channel: str = Channel.PAPER,
    officer_user: Any = None,
    finished: dt.datetime | None = None,
    **profile: str,
) -> Response:
    e = event(svc, officer_user=officer_user, finished=finished)
    return responses.submit(
        e,
        channel=channel,
        answers={f"u{i + 1}": v for i, v in enumerate(values)},
        profile=profile,
    )


_OWNER_SEQ = itertools.count(5)


def _mid_morning(agency: Agency, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=agency.zone)


def improvement_action(
    agency: Agency, unit: OrgUnit, *, done_days_ago: int | None, element: str = "U3"
) -> ImprovementAction:
    """An action recorded through ``surveys.actions`` (owner: a new ASN), finished
    ``done_days_ago`` days ago (None: still open), loaded with its unit and owner."""
    from sigap.workforce.tests.factories import hire

    owner = hire(agency, "Sari Penanggung", dt.date(1988, 2, 2), seq=next(_OWNER_SEQ))
    action = actions.record_action(
        agency,
        unit=unit,
        element=element,
        period_start=agency.today().replace(day=1),
        description="Tambah satu loket pada Senin",
        owner=owner,
        due_date=agency.today(),
        by=None,
    )
    if done_days_ago is not None:
        actions.complete_action(action, note="Loket dibuka", by=None)
        done = _mid_morning(agency, agency.today() - dt.timedelta(days=done_days_ago))
        with activate(agency):
            # Backdated: the domain stamps the moment it is marked done.
            ImprovementAction.objects.filter(pk=action.pk).update(done_at=done)
    with activate(agency):
        return ImprovementAction.objects.select_related("unit", "owner").get(pk=action.pk)


def answers_on(svc: Service, agency: Agency, days_ago: int, u3: int, count: int) -> None:
    """``count`` responses ``days_ago`` days ago, every element 3 but U3."""
    finished = _mid_morning(agency, agency.today() - dt.timedelta(days=days_ago))
    for _i in range(count):
        answered(svc, [3, 3, u3, 3, 3, 3, 3, 3, 3], finished=finished)
