from __future__ import annotations

import socket
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from sigap.shell.models import WorkerHeartbeat

HEARTBEAT_EVERY = timedelta(minutes=1)


@task()
def heartbeat() -> str:
    """Record that a worker is alive, then schedule the next beat.

    Self-rescheduling keeps exactly one pending beat per queue without a cron.
    """
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        pk=1, defaults={"beat_at": now, "worker_note": socket.gethostname()}
    )
    pending = DBTaskResult.objects.filter(task_path=heartbeat.module_path, status="READY").exists()
    if not pending:
        heartbeat.using(run_after=now + HEARTBEAT_EVERY).enqueue()
    return now.isoformat()
