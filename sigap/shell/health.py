"""What /healthz reports: the database and the task worker."""

from __future__ import annotations

import datetime as dt
import socket
from datetime import timedelta

from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sigap.shell.models import WorkerHeartbeat

# A worker that has not run the heartbeat task for this long is reported stale.
WORKER_STALE_AFTER = timedelta(minutes=5)


def database_state() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def record_heartbeat(now: dt.datetime) -> None:
    """A worker ran the heartbeat task (liveness, not domain data: not audited)."""
    WorkerHeartbeat.objects.update_or_create(
        pk=1, defaults={"beat_at": now, "worker_note": socket.gethostname()}
    )


def worker_state() -> dict:
    now = timezone.now()
    ready = DBTaskResult.objects.filter(status="READY", run_after__lte=now)
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    beat = WorkerHeartbeat.objects.filter(pk=1).values_list("beat_at", flat=True).first()
    alive = beat is not None and now - beat <= WORKER_STALE_AFTER
    return {
        "ok": alive,
        "last_heartbeat": beat.isoformat() if beat else None,
        "queued": ready.count(),
        "oldest_queued_seconds": int((now - oldest).total_seconds()) if oldest else 0,
    }
