"""URL arguments of the account pages for the generated access test: a genuine recovery
link of a staff login of agency A, and an open invitation of agency A (to a role in the
world's unit), both made through the domain functions."""

from __future__ import annotations

from typing import Any

from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from sigap.accounts import invitations
from sigap.accounts.models import Role, User
from sigap.accounts.passwords import recovery_tokens

USERNAME = "pulih.akses"


def _recovering(world: dict[str, Any]) -> User:
    user = User.objects.filter(username=USERNAME).first()
    if user is None:
        user = User.objects.create_user(USERNAME, "kata-sandi-uji-123", full_name="Pulih Akses")
    return user


def _invitation_key(world: dict[str, Any]) -> str:
    if "_invitation_key" not in world:
        admin = User.objects.get(pk=world["agency_admin_grant"].user_id)
        offer = invitations.offer_role(
            world["agency"],
            login="undangan.akses@example.id",
            full_name="Undangan Akses",
            role=Role.OFFICER,
            unit=world["unit"],
            by=admin,
        )
        world["_invitation_key"] = offer.key
    return world["_invitation_key"]


PROVIDERS = {
    "recovery_uid": lambda world: urlsafe_base64_encode(force_bytes(_recovering(world).pk)),
    "recovery_token": lambda world: recovery_tokens.make_token(_recovering(world)),
    "invitation_key": _invitation_key,
}
