"""Side effects run after the transaction that caused them commits.

A task enqueued inside an open transaction can start before the rows it needs are
visible to the worker, and still runs when the transaction rolls back. Every domain
function queues its tasks and notifications through here instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction


def after_commit(fn: Callable[[], Any]) -> None:
    """Run ``fn`` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(fn, robust=False)


def enqueue_after_commit(task: Any, /, **kwargs: Any) -> None:
    """``task.enqueue(**kwargs)`` after commit (a django-tasks ``Task``)."""
    transaction.on_commit(lambda: task.enqueue(**kwargs))
