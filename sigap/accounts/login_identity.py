"""Which account a typed login names: one answer for the login backend and the lock-out.

A person may type their username in any case, their email, or their phone number in any
of its spellings (``0812…``, ``+62 812…``, ``62812…``). The backend accepts all of them,
so the lock-out must count them as one: django-axes counts failures per *string* it is
given, and when it was given the typed text, ``LEADERSHIP.SAWAHLUNTO`` had a counter of
its own beside ``leadership.sawahlunto`` — five wrong guesses per spelling, and a success
with another spelling cleared the lock (issue 8, item 1). ``lockout_username`` is
``AXES_USERNAME_CALLABLE``: it maps every spelling to the account's canonical username.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest

from sigap.accounts.models import User
from sigap.accounts.normalize import normalize_login


def find_login_user(raw: str) -> User | None:
    """The account a typed username, email or phone names (the oldest, if several)."""
    login = normalize_login(raw)
    if not login:
        return None
    return (
        User.objects.filter(Q(username=login) | Q(email__iexact=login) | Q(phone=login))
        .order_by("pk")
        .first()
    )


def canonical_login(raw: str) -> str:
    """The key failures are counted under: the account's username, whatever was typed.

    For a login that names no account, the normalised text: its spellings still share one
    counter, so guessing at a not-yet-registered email is limited the same way.
    """
    user = find_login_user(raw)
    if user is not None:
        return user.get_username()
    return normalize_login(raw)


def lockout_username(
    request: HttpRequest | None, credentials: Mapping[str, Any] | None = None
) -> str | None:
    """``AXES_USERNAME_CALLABLE``: the canonical login of this attempt.

    axes calls it with the credentials passed to ``authenticate()`` (a failure, the check
    before authenticating), with ``{"username": user.get_username()}`` after a success (to
    reset that account's failures), or with none when the middleware looks at a request.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    raw = None
    if credentials:
        raw = credentials.get(field)
    elif request is not None:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        raw = data.get(field)
    if not isinstance(raw, str) or not raw.strip():
        return raw if isinstance(raw, str) else None
    return canonical_login(raw)
