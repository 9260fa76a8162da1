"""The staff menu's links, joined in Python: the menu is on every staff page, and the
template loop (two comparisons and an attribute per entry, 20–40 entries) cost more
than some pages' own rows."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_CURRENT = mark_safe(' aria-current="page"')  # noqa: S308 - a constant attribute


@register.simple_tag(takes_context=True)
def staff_menu_links(context: Any) -> SafeString:
    request = context.get("request")
    path = request.path if request is not None else ""
    return format_html_join(
        "\n",
        '<li class="nav-item"><a class="nav-link{}" href="{}"{}>{}</a></li>',
        (
            (
                " active fw-semibold" if item["url"] == path else "",
                item["url"],
                _CURRENT if item["url"] == path else "",
                item["label"],
            )
            for item in context.get("staff_menu") or ()
        ),
    )
