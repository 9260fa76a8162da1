"""Applications returned for revision and never fixed lapse.

Without this a returned application waits for its citizen for ever: the unit's
"waiting for the citizen" tab only grows, and the citizen's list keeps a dead item. The
citizen has ``SIGAP_RETURNED_LAPSE_WORKING_DAYS`` working days (a setting, default 14;
unconfirmed, no regulation names it) after the day it was returned: the period ends at
office closing time of the last of those days in the pemda's zone
(``WorkingCalendar.add_working_days``), which the return notification and the
application page tell them. After that the periodic sweep moves it RETURNED → LAPSED
through ``APPLICATION_FLOW`` (one audit entry each), adds the timeline step and tells
the citizen. A lapsed application is final; the citizen may apply again. It writes no
service event: nobody was served.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sigap.notifications import notify
from sigap.platform.stored_text import text
from sigap.platform.transitions import try_transition
from sigap.services.models import Application, ApplicationStep
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency
from sigap.workcal.calendar import WorkingCalendar, zone_abbreviation

BATCH = 500  # per agency and sweep; the next sweep takes the rest


def lapse_days() -> int:
    return max(1, int(settings.SIGAP_RETURNED_LAPSE_WORKING_DAYS))


def fix_by(calendar: WorkingCalendar, returned_at: dt.datetime) -> dt.datetime:
    """The last moment a returned application can be resubmitted."""
    return calendar.add_working_days(returned_at, lapse_days())


def fix_by_context(calendar: WorkingCalendar, deadline: dt.datetime) -> dict:
    """The period's end for a message: wall-clock time in the pemda's zone (naive, so that
    templates do not shift it to the server's zone) and the zone's name (WIB/WITA/WIT)."""
    return {
        "fix_by": calendar.local(deadline).replace(tzinfo=None),
        "zone": zone_abbreviation(calendar.tz),
    }


def lapse_abandoned(agency: Agency, *, now: dt.datetime | None = None) -> int:
    """Lapse this agency's returned applications whose period to fix them has ended."""
    now = now or timezone.now()
    calendar = WorkingCalendar.for_agency(agency)
    # N working days are at least N calendar days: a cheap bound for the index
    # (agency, status, returned_at), then the exact rule per row. ``fix_by`` never
    # decreases with the return time, so the first one still in time ends the walk.
    bound = now - dt.timedelta(days=lapse_days())
    lapsed = 0
    with acting_for(agency):
        candidates = (
            Application.objects.filter(status=Application.Status.RETURNED, returned_at__lt=bound)
            .select_related("service", "citizen", "agency")
            .order_by("returned_at", "pk")[:BATCH]
        )
        for app in candidates:
            deadline = fix_by(calendar, app.returned_at)
            if deadline >= now:
                break
            if _lapse(app, deadline, calendar):
                lapsed += 1
    return lapsed


def _lapse(app: Application, deadline: dt.datetime, calendar: WorkingCalendar) -> bool:
    with transaction.atomic():
        moved = try_transition(
            app,
            Application.Status.LAPSED,
            details={"tracking_number": app.tracking_number, "fix_by": deadline.isoformat()},
            suspended_since=None,
            remaining_when_suspended=None,
        )
        if not moved:
            return False  # resubmitted or withdrawn meanwhile
        ApplicationStep.objects.create(
            agency=app.agency,
            application=app,
            status=Application.Status.LAPSED,
            at=timezone.now(),
            note_text=text("lapsed"),  # step_notes.STEP_NOTES
        )
        notify(
            app.citizen,
            "services/lapsed",
            {"application": app, "service": app.service, **fix_by_context(calendar, deadline)},
            agency=app.agency,
            url=f"/layanan/permohonan/{app.tracking_number}/",
        )
    return True
