"""Later apps learn that a citizen was served only once the event is committed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sigap.services.events import record_service_event, service_event_recorded
from sigap.services.models import ServiceEvent
from sigap.services.tests.access_fixtures_officer import plain_service


@pytest.fixture
def heard():
    received: list[ServiceEvent] = []

    def receiver(sender, event, **kwargs):
        received.append(event)

    service_event_recorded.connect(receiver, dispatch_uid="test-heard")
    yield received
    service_event_recorded.disconnect(dispatch_uid="test-heard")


def test_the_signal_is_sent_after_commit_with_the_event(
    agency, opd, officer, heard, django_capture_on_commit_callbacks
):
    service = plain_service(agency, opd)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        event = record_service_event(
            agency=agency,
            service=service,
            unit=opd,
            officer_user=officer,
            channel=ServiceEvent.Channel.COUNTER,
            outcome=ServiceEvent.Outcome.DONE,
            requested_at=now - dt.timedelta(minutes=20),
            started_at=now - dt.timedelta(minutes=10),
            finished_at=now,
        )
    assert heard == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert heard == [event]
