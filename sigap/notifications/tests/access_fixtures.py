"""URL arguments of the inbox pages for the generated access test: a notification of
agency A (to its admin), made through ``notify``."""

from __future__ import annotations

from typing import Any

from sigap.accounts.models import RoleGrant
from sigap.notifications.inbox import notify
from sigap.notifications.models import Notification


def _notification_id(world: dict[str, Any]) -> int:
    recipient = RoleGrant.objects.get(pk=world["agency_admin_grant"].pk).user
    existing = Notification.objects.filter(recipient=recipient).first()
    if existing is not None:
        return existing.pk
    return notify(
        recipient, "welcome", {"joined_on": recipient.date_joined}, agency=world["agency"]
    ).pk


PROVIDERS = {"notification_id": _notification_id}
