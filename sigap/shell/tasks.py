from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from sigap.platform.periodic import schedule_next
from sigap.shell.health import record_heartbeat

HEARTBEAT_EVERY = timedelta(minutes=1)


@task()
def heartbeat() -> str:
    """Record that a worker is alive, then schedule the next beat.

    Self-rescheduling keeps exactly one pending beat per queue without a cron.
    """
    now = timezone.now()
    record_heartbeat(now)
    schedule_next(heartbeat, HEARTBEAT_EVERY)
    return now.isoformat()
