"""The service event: the one writer of ``ServiceEvent``.

Applications (this app), queue tickets (``queues``) and officers' quick entries (a
service at the counter, by phone or on outreach without an application) all record
through ``record_service_event``. It copies the serving officer's workforce record,
position and unit *as they were at the time of service*, and stores the waiting and
processing durations in calendar and in working time, so that surveys, complaints,
dashboards and impact evaluations read them without recomputing anything.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.audit.events import acting
from sigap.platform.effects import after_commit
from sigap.services.models import Application, Service, ServiceEvent
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workcal.calendar import WorkingCalendar
from sigap.workforce.registry import current_assignment

# Sent once the transaction that recorded a service event has committed, with
# ``event=``: how later apps react to a citizen having been served (surveys send the
# rating link, live dashboards refresh) without this app knowing them. A receiver
# that needs the database queues a task; it must not fail the caller.
service_event_recorded = Signal()


def _seconds(delta: dt.timedelta) -> int:
    return max(0, int(delta.total_seconds()))


def officer_snapshot(user: Any, on: dt.date) -> tuple[Any, Any, Any]:
    """(employee, position, unit) of the officer behind ``user`` on ``on``; Nones when
    the account is not linked to an ASN record."""
    employee = getattr(user, "employee", None) if user is not None else None
    if employee is None:
        return None, None, None
    assignment = current_assignment(employee, on)
    if assignment is None:
        return employee, None, None
    return employee, assignment.position, assignment.position.unit


@transaction.atomic
def record_service_event(
    *,
    agency: Agency,
    service: Service,
    unit: OrgUnit,
    officer_user: Any,
    channel: str,
    outcome: str,
    requested_at: dt.datetime,
    started_at: dt.datetime,
    finished_at: dt.datetime,
    citizen: Any = None,
    application: Application | None = None,
    within_sla: bool | None = None,
    note: str = "",
    recorded_by: Any = None,
    excluded_working_time: dt.timedelta = dt.timedelta(0),
    calendar: WorkingCalendar | None = None,
) -> ServiceEvent:
    if not requested_at <= started_at <= finished_at:
        raise ValidationError(_("Urutan waktu tidak masuk akal: datang ≤ mulai ≤ selesai."))
    if finished_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError(_("Waktu selesai tidak boleh di masa depan."))
    if service.agency_id != agency.pk or unit.agency_id != agency.pk:
        raise ValidationError(_("Layanan atau unit milik pemda lain."))
    with acting_for(agency):
        calendar = calendar or WorkingCalendar.for_agency(agency)
        day = calendar.local(finished_at).date()
        employee, position, officer_unit = officer_snapshot(officer_user, day)
        waiting_working = calendar.working_time_between(requested_at, started_at)
        processing_working = calendar.working_time_between(started_at, finished_at)
        # Time the application spent back with the citizen is not the office's time.
        processing_working = max(dt.timedelta(0), processing_working - excluded_working_time)
        event = ServiceEvent(
            agency=agency,
            unit=unit,
            service=service,
            officer=employee,
            officer_position=position,
            officer_unit=officer_unit,
            citizen=citizen,
            channel=channel,
            outcome=outcome,
            application=application,
            requested_at=requested_at,
            started_at=started_at,
            finished_at=finished_at,
            day=day,
            waiting_seconds=_seconds(started_at - requested_at),
            processing_seconds=_seconds(finished_at - started_at),
            waiting_working_seconds=_seconds(waiting_working),
            processing_working_seconds=_seconds(processing_working),
            within_sla=within_sla,
            note=note[:300],
            recorded_by=recorded_by if getattr(recorded_by, "is_authenticated", False) else None,
        )
        event.full_clean(
            exclude=[
                "officer",
                "officer_position",
                "officer_unit",
                "citizen",
                "application",
                "recorded_by",
            ]
        )
        event.save()
        after_commit(lambda: service_event_recorded.send(sender=ServiceEvent, event=event))
        return event


def record_quick_entry(
    *,
    officer_user: Any,
    service: Service,
    channel: str,
    outcome: str,
    arrived_at: dt.datetime,
    started_at: dt.datetime | None = None,
    finished_at: dt.datetime | None = None,
    note: str = "",
) -> ServiceEvent:
    """A service given at the counter, by phone or on outreach without an application,
    recorded by the officer who gave it, so that every service is counted."""
    if channel not in (
        ServiceEvent.Channel.COUNTER,
        ServiceEvent.Channel.PHONE,
        ServiceEvent.Channel.OUTREACH,
    ):
        raise ValidationError({"channel": _("Pilih loket, telepon atau jemput bola.")})
    finished_at = finished_at or timezone.now()
    started_at = started_at or arrived_at
    with acting(officer_user):
        return record_service_event(
            agency=service.agency,
            service=service,
            unit=service.unit,
            officer_user=officer_user,
            channel=channel,
            outcome=outcome,
            requested_at=arrived_at,
            started_at=started_at,
            finished_at=finished_at,
            note=note,
            recorded_by=officer_user,
        )
