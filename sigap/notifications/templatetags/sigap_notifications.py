"""``{% load sigap_notifications %}{% unread_badge unread oob=True %}``: the header's
unread count, redrawn after an htmx action in the inbox."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from sigap.notifications import badge

register = template.Library()


@register.simple_tag
def unread_badge(unread: int, oob: bool = False) -> SafeString:
    return badge.unread_badge(unread, oob=oob)
