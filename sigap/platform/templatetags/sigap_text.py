"""Text helpers for templates."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def before_full_stop(value: object) -> str:
    """A name about to be followed by a full stop, without its own final one: academic
    titles end with a dot ("Siti Aminah, S.Pd."), and "Selamat datang, … S.Pd.." is wrong
    (issue 8, item 15)."""
    text = str(value or "").rstrip()
    return text[:-1] if text.endswith(".") else text
