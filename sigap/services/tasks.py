from __future__ import annotations

import datetime as dt

from django_tasks import task

from sigap.platform.periodic import schedule_next
from sigap.services.lapse import lapse_abandoned
from sigap.services.sweep import escalate_overdue
from sigap.tenancy.context import unscoped
from sigap.tenancy.models import Agency

SWEEP_EVERY = dt.timedelta(minutes=15)


@task()
def sla_sweep() -> int:
    """Escalate overdue applications and lapse returned ones never fixed, in every pemda,
    then schedule the next sweep."""
    total = 0
    with unscoped():
        agencies = list(Agency.objects.filter(is_active=True))
    for agency in agencies:
        total += escalate_overdue(agency)
        total += lapse_abandoned(agency)
    schedule_next(sla_sweep, SWEEP_EVERY)
    return total
