from __future__ import annotations

import datetime as dt

from django_tasks import task

from sigap.platform.periodic import schedule_next
from sigap.queues.sweep import close_all_stale_tickets, sweep

SWEEP_EVERY = dt.timedelta(minutes=1)
CLOSE_DAY_EVERY = dt.timedelta(minutes=5)


@task()
def queue_sweep() -> int:
    """Expire holds, mark yesterday's bookings missed, send reminders, make slots; then
    schedule the next run."""
    total = sweep()
    schedule_next(queue_sweep, SWEEP_EVERY)
    return total


@task()
def queue_close_day() -> int:
    """Close the tickets left waiting or called after the office's day ended
    (expired); then schedule the next run."""
    total = close_all_stale_tickets()
    schedule_next(queue_close_day, CLOSE_DAY_EVERY)
    return total
