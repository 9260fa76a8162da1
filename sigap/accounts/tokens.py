"""API tokens: issue, revoke, and authenticate a bearer header."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sigap.accounts.models import ApiToken, User


@transaction.atomic
def issue_token(user: User, name: str) -> tuple[ApiToken, str]:
    return ApiToken.issue(user, name[:80])


@transaction.atomic
def revoke_token(user: User, token_id: int) -> bool:
    """Revoke one of ``user``'s active tokens; False when they have no such token."""
    token = ApiToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).first()
    if token is None:
        return False
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return True


def user_for_bearer(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    # Touch at most once a minute: no write on every call.
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
