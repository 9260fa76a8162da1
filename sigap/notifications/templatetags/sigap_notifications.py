"""``{% load sigap_notifications %}{% inbox_badge %}``: the unread count in the header."""

from __future__ import annotations

from typing import Any

from django import template

from sigap.notifications.inbox import header_unread_count

register = template.Library()


@register.inclusion_tag("notifications/_unread_badge.html", takes_context=True)
def inbox_badge(context: template.Context) -> dict[str, Any]:
    user = context.get("user")
    return {"unread": header_unread_count(user) if user is not None else 0, "oob": False}
