"""Display helpers of the catalogue pages (public and staff)."""

from __future__ import annotations

from typing import Any

from django import template

from sigap.services.public_stats import working_duration as _working_duration

register = template.Library()


@register.filter
def rupiah(amount: Any) -> str:
    """``50000`` → ``Rp 50.000`` (Indonesian thousands separator)."""
    try:
        return "Rp " + f"{int(amount):,}".replace(",", ".")
    except (TypeError, ValueError):
        return ""


@register.filter
def working_duration(seconds: Any) -> str:
    return "" if seconds is None else _working_duration(int(seconds))


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """``stats|get:service.pk``: a value of a dict keyed by something a template cannot
    spell as an attribute."""
    return mapping.get(key) if hasattr(mapping, "get") else None
