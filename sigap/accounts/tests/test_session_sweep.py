"""The hourly sweep of expired sessions (``accounts.tasks``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.utils import timezone

from sigap.accounts.tasks import clear_expired_sessions
from sigap.platform.periodic import is_pending
from sigap.platform.sessions import SessionStore

pytestmark = pytest.mark.django_db


def _session(expires_in: dt.timedelta) -> str:
    store = SessionStore()
    store["x"] = 1
    store.create()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() + expires_in
    )
    return store.session_key


def test_the_sweep_deletes_expired_sessions_only_and_schedules_the_next():
    gone = _session(-dt.timedelta(seconds=1))
    kept = _session(dt.timedelta(hours=1))
    assert clear_expired_sessions.call() == "cleared"  # what the worker runs
    assert list(Session.objects.values_list("session_key", flat=True)) == [kept]
    assert gone != kept and is_pending(clear_expired_sessions)
    assert SessionStore(kept).load() == {"x": 1}
    # Once queued, a second run queues no second chain.
    clear_expired_sessions.call()
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.filter(
        task_path=clear_expired_sessions.module_path, status="READY"
    )
    assert queued.count() == 1


def test_the_sweep_is_started_with_the_other_periodic_tasks():
    declared = apps.get_app_config("accounts").periodic_tasks
    assert "sigap.accounts.tasks:clear_expired_sessions" in declared
