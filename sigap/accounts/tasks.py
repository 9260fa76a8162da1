"""Background work of ``accounts``: the sweep of expired sessions."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django_tasks import task

from sigap.platform.periodic import schedule_next

SESSION_SWEEP_EVERY = timedelta(hours=1)


@task()
def clear_expired_sessions() -> str:
    """Delete the sessions whose expiry has passed (what Django's ``clearsessions``
    command does), then schedule the next sweep. An expired session is never loaded
    (``platform.sessions``); without this its row would stay in the table for ever,
    one per sign-in, since sessions end at browser close as well."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    schedule_next(clear_expired_sessions, SESSION_SWEEP_EVERY)
    return "cleared"
