"""API tokens: issue, revoke, and authenticate a bearer header."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import ApiToken, User
from sigap.audit.events import acting, record, register_events

# Lifetimes offered on the token page, in days (None: until revoked). Citizens' tokens
# (for the citizen application operations, e.g. a pemda's mobile app) always expire.
STAFF_LIFETIMES: tuple[int | None, ...] = (None, 30, 90, 365)
CITIZEN_LIFETIMES: tuple[int | None, ...] = (30, 90)

register_events({"token API dibuat": "Token API dibuat", "token API dicabut": "Token API dicabut"})


def lifetimes_for(user: User) -> tuple[int | None, ...]:
    return CITIZEN_LIFETIMES if user.is_citizen else STAFF_LIFETIMES


def issue_token(user: User, name: str, *, days: int | None = None) -> tuple[ApiToken, str]:
    """A new bearer token for ``user``, valid ``days`` days (None: until revoked, or for
    a citizen the longest lifetime a citizen's token may have)."""
    if days is None and user.is_citizen:
        days = CITIZEN_LIFETIMES[-1]
    name = name.strip()
    if not name:
        raise ValidationError(
            {"name": _("Beri nama token, misalnya nama aplikasi yang memakainya.")}
        )
    if days not in lifetimes_for(user):
        raise ValidationError({"days": _("Masa berlaku token tidak tersedia untuk akun ini.")})
    expires_at = timezone.now() + dt.timedelta(days=days) if days else None
    with acting(user), transaction.atomic():
        token, key = ApiToken.issue(user, name[:80], expires_at=expires_at)
        record("token API dibuat", token, details={"expires_at": expires_at})
    return token, key


@transaction.atomic
def revoke_token(user: User, token_id: int) -> bool:
    """Revoke one of ``user``'s active tokens; False when they have no such token."""
    token = ApiToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).first()
    if token is None:
        return False
    with acting(user):
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record("token API dicabut", token)
    return True


def user_for_bearer(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.expires_at is not None and token.expires_at <= now:
        return None
    # Touch at most once a minute: no write on every call.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
