from __future__ import annotations

import datetime as dt

from django_tasks import task

from sigap.platform.periodic import schedule_next
from sigap.services.models import ServiceEvent
from sigap.surveys import invitations
from sigap.tenancy.context import unscoped
from sigap.tenancy.models import Agency

EXPIRE_EVERY = dt.timedelta(hours=1)


@task()
def send_invitation(event_id: int) -> bool:
    """Invite the citizen served in ``event_id`` to rate the service."""
    with unscoped():
        event = (
            ServiceEvent.objects.select_related("agency", "service", "citizen")
            .filter(pk=event_id)
            .first()
        )
    if event is None:
        return False
    return invitations.invite(event) is not None


@task()
def expire_invitations() -> int:
    """Close expired survey links in every pemda, then schedule the next run."""
    total = 0
    with unscoped():
        agencies = list(Agency.objects.filter(is_active=True))
    for agency in agencies:
        total += invitations.expire_due(agency)
    schedule_next(expire_invitations, EXPIRE_EVERY)
    return total
