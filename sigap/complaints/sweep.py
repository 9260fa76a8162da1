"""The complaint sweep, run by the task worker (``tasks.complaint_sweep``).

Per agency: answered complaints whose close time has passed close (the complainant
stayed silent for ``close_after_days`` working days); open complaints past their
deadline escalate to the heads of their unit (level 1), and, still open
``deadlines.INSPECTORATE_AFTER`` working days later, to the inspectorate (level 2).
Unrouted complaints past the verification deadline have no unit yet: they go to the
inspectorate at once. Each change goes through ``handling`` one complaint at a time:
complaints are few next to applications, and every one needs its own timeline line.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sigap.complaints import deadlines, handling
from sigap.complaints.models import Complaint
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency
from sigap.workcal.calendar import WorkingCalendar

BATCH = 500


def sweep(agency: Agency, *, now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    done = {"closed": 0, "unit_head": 0, "inspectorate": 0}
    calendar = WorkingCalendar.for_agency(agency)
    with acting_for(agency):
        to_close = list(
            Complaint.objects.filter(status=Complaint.Status.ANSWERED, due_at__lt=now).order_by(
                "due_at"
            )[:BATCH]
        )
        overdue = list(
            Complaint.objects.filter(
                status__in=Complaint.OPEN, due_at__lt=now, escalation_level__lt=2
            )
            .select_related("unit", "category")
            .order_by("due_at")[:BATCH]
        )
    for complaint in to_close:
        done["closed"] += handling.close_silent(complaint, now=now)
    for complaint in overdue:
        if complaint.escalation_level == 0 and complaint.unit_id is not None:
            done["unit_head"] += handling.escalate(complaint, level=1, now=now)
        elif complaint.unit_id is None or (
            complaint.escalated_at is not None
            and deadlines.inspectorate_at(calendar, complaint.escalated_at) < now
        ):
            done["inspectorate"] += handling.escalate(complaint, level=2, now=now)
    return done
