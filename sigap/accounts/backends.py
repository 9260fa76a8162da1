from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.backends import ModelBackend

from sigap.accounts.login_identity import find_login_user
from sigap.accounts.models import User
from sigap.platform.prepared import PreparedRead

# Figures an app adds to the signed-in user's own read, the one statement every signed-in
# request makes to know who is asking: {attribute: expression factory}, registered in the
# app's ``ready`` (``notifications``: the unread count the header shows on every page,
# which then costs no statement of its own). Apps above ``accounts`` plug in here; this
# module names none of them.
_SIGNED_IN_ANNOTATIONS: dict[str, Callable[[], Any]] = {}


def annotate_signed_in_user(attribute: str, expression: Callable[[], Any]) -> None:
    """Read ``expression()`` (correlated with the user row) with the signed-in user on
    every request, as ``user.<attribute>``. A figure as of the request's start: a
    request that changes it must read it again itself."""
    _SIGNED_IN_ANNOTATIONS[attribute] = expression
    _signed_in_read.cache_clear()


@functools.cache
def _signed_in_read() -> PreparedRead[User]:
    """Every signed-in request makes this read: compiled once (``platform.prepared``),
    after the apps have registered their figures."""
    annotations = dict(_SIGNED_IN_ANNOTATIONS)
    return PreparedRead(
        User,
        lambda users, pk: users.annotate(**{n: m() for n, m in annotations.items()}).filter(pk=pk),
    )


class EmailOrPhoneBackend(ModelBackend):
    """Log in with username, email or phone number (citizens rarely remember usernames)."""

    def get_user(self, user_id: Any) -> User | None:
        """The session's user, with the figures apps asked for (``annotate_signed_in_user``)
        in the same statement."""
        try:
            user = _signed_in_read().first(user_id)
        except (TypeError, ValueError):  # a session key that is no user id
            return None
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None

    def authenticate(
        self, request, username: str | None = None, password: str | None = None, **kwargs
    ):
        if not username or not password:
            return None
        # The same lookup as the lock-out's key (login_identity): a spelling the backend
        # accepts is never counted apart from the account it names.
        user = find_login_user(username)
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
