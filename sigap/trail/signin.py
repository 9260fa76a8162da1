"""Login, logout, failed login and lock-out as searchable audit events (issue 8, item 12).

Django sends ``user_logged_in``, ``user_logged_out`` and ``user_login_failed``; django-axes
sends ``user_locked_out``. Each becomes one access entry about the account, written for
every pemda where the account holds a role, so that pemda's inspectors find it in their
search (a citizen's or an unknown login has no pemda and is not recorded).
The typed login is never stored: it may be a NIK or a stranger's email.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sigap.accounts.login_identity import find_login_user
from sigap.accounts.models import RoleGrant, User
from sigap.audit.events import acting, record_access, register_events

SIGN_IN = "masuk"
SIGN_OUT = "keluar"
SIGN_IN_FAILED = "gagal masuk"
LOCKED_OUT = "akun terkunci"
register_events(
    {
        SIGN_IN: _("Masuk"),
        SIGN_OUT: _("Keluar"),
        SIGN_IN_FAILED: _("Gagal masuk"),
        LOCKED_OUT: _("Akun terkunci"),
    }
)


def _agency_ids(user: User) -> list[int]:
    return sorted(
        set(
            RoleGrant.objects.filter(user=user, agency__isnull=False).values_list(
                "agency_id", flat=True
            )
        )
    )


def record_sign_in_event(event: str, user: User | None, request: Any = None) -> None:
    if user is None or not getattr(user, "pk", None):
        return
    agency_ids = _agency_ids(user)
    if not agency_ids:
        # A citizen or a login without a pemda role: no inspector reads its trail, and a
        # citizen's personal-data download lists what was done with their data, not
        # their sign-ins.
        return
    # The person acts when they sign in or out; a failed attempt or a lock-out has no
    # known actor (whoever typed), only the account it was aimed at.
    actor = user if event in (SIGN_IN, SIGN_OUT) else None
    with acting(actor):
        for agency_id in agency_ids:
            record_access(event, user, agency_id=agency_id)


def _typed_login(credentials: dict[str, Any] | None) -> str:
    value = (credentials or {}).get("username") or ""
    return value if isinstance(value, str) else ""


def on_logged_in(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    record_sign_in_event(SIGN_IN, user, request)


def on_logged_out(sender: Any, request: Any, user: User | None, **kwargs: Any) -> None:
    record_sign_in_event(SIGN_OUT, user, request)


def on_login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    typed = _typed_login(credentials)
    if typed:
        record_sign_in_event(SIGN_IN_FAILED, find_login_user(typed), request)


def on_locked_out(sender: Any, request: Any = None, username: str = "", **kwargs: Any) -> None:
    if username:
        record_sign_in_event(LOCKED_OUT, find_login_user(username), request)


def connect() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    user_logged_in.connect(on_logged_in, dispatch_uid="trail.sign_in")
    user_logged_out.connect(on_logged_out, dispatch_uid="trail.sign_out")
    user_login_failed.connect(on_login_failed, dispatch_uid="trail.sign_in_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="trail.locked_out")
