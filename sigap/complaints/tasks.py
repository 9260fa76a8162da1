from __future__ import annotations

import datetime as dt

from django_tasks import task

from sigap.complaints import classifier
from sigap.complaints.sweep import sweep
from sigap.platform.periodic import schedule_next
from sigap.tenancy.context import unscoped
from sigap.tenancy.models import Agency

SWEEP_EVERY = dt.timedelta(minutes=15)
RETRAIN_EVERY = dt.timedelta(days=1)


def _agencies() -> list[Agency]:
    with unscoped():
        return list(Agency.objects.filter(is_active=True))


@task()
def complaint_sweep() -> int:
    """Close silent answered complaints and escalate overdue ones, every pemda."""
    total = 0
    for agency in _agencies():
        total += sum(sweep(agency).values())
    schedule_next(complaint_sweep, SWEEP_EVERY)
    return total


@task()
def retrain(agency_id: int) -> int | None:
    """Train one agency's classifier on its routed complaints (corrections included)."""
    with unscoped():
        agency = Agency.objects.get(pk=agency_id)
    model = classifier.train(agency)
    return model.pk if model is not None else None


@task()
def retrain_all() -> int:
    """Retrain the agencies with enough new routing decisions (``classifier.is_stale``):
    a fresh start (bin/demo, a deploy) has nothing new and costs the worker nothing."""
    trained = 0
    for agency in _agencies():
        if classifier.is_stale(agency):
            trained += classifier.train(agency) is not None
    schedule_next(retrain_all, RETRAIN_EVERY)
    return trained
