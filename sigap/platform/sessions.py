"""Django's database sessions, with the read every signed-in request makes compiled once.

``SESSION_ENGINE = "sigap.platform.sessions"``. Storage, keys, expiry and the table are
Django's (``django.contrib.sessions.backends.db``); only the load differs: the row is
read by its key through a ``PreparedRead`` and its expiry compared here, where Django's
query compares it in SQL (the same rule: a session whose ``expire_date`` has passed is
no session).
"""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from sigap.platform.prepared import PreparedRead

_SESSION_BY_KEY = PreparedRead(Session, lambda sessions, key: sessions.filter(session_key=key))


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Session | None:
        session = _SESSION_BY_KEY.first(self.session_key)
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None
            return None
        return session
