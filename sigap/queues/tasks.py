from __future__ import annotations

import datetime as dt

from django_tasks import task

from sigap.platform.periodic import schedule_next
from sigap.queues.sweep import sweep

SWEEP_EVERY = dt.timedelta(minutes=1)


@task()
def queue_sweep() -> int:
    """Expire holds, close yesterday's open tickets and bookings, send reminders; then
    schedule the next run."""
    total = sweep()
    schedule_next(queue_sweep, SWEEP_EVERY)
    return total
