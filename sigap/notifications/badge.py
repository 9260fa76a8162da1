"""The unread count beside "Notifications" in the header, and its htmx redraw."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext


def unread_badge(unread: int, *, oob: bool = False) -> SafeString:
    """``#inbox-unread``: empty with nothing unread; ``oob`` for an out-of-band swap."""
    swap = mark_safe(' hx-swap-oob="true"') if oob else ""  # noqa: S308 - a constant
    if not unread:
        return format_html('<span id="inbox-unread"{}></span>', swap)
    return format_html(
        '<span id="inbox-unread"{}> <span class="badge rounded-pill text-bg-danger">{}'
        '<span class="visually-hidden"> {}</span></span></span>',
        swap,
        unread,
        gettext("belum dibaca"),
    )
