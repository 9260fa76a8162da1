"""Periodic work without cron or threads: a task that reschedules itself.

A periodic task does its work, then enqueues its next run ``every`` later unless a run
is already queued. The queue lives in the database (django-tasks-db), so the chain
survives a worker restart; ``ensure_scheduled`` (run by ``bin/demo`` and by the deploy,
through the shell's ``start_periodic`` command) starts a chain that is missing and is
harmless when one exists.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django_tasks_db.models import DBTaskResult


def is_pending(task: Any) -> bool:
    return DBTaskResult.objects.filter(task_path=task.module_path, status="READY").exists()


def schedule_next(task: Any, every: dt.timedelta) -> bool:
    """Queue the next run of ``task`` unless one is queued; True when one was queued."""
    if is_pending(task):
        return False
    task.using(run_after=timezone.now() + every).enqueue()
    return True


def ensure_scheduled(task: Any) -> bool:
    """Start the chain now if no run is queued."""
    if is_pending(task):
        return False
    task.enqueue()
    return True
