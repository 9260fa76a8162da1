"""Builders for the survey tests: service events through ``services.events``, responses
through ``surveys.responses``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from sigap.services.events import record_service_event
from sigap.services.models import Service, ServiceEvent
from sigap.services.tests.factories import service_with_standard
from sigap.surveys import responses
from sigap.surveys.models import Channel, Response
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
