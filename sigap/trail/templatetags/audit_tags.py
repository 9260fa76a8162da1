from __future__ import annotations

from django import template

from sigap.trail.trail import ACTION_LABELS

register = template.Library()


@register.filter
def action_label(action: int) -> str:
    return ACTION_LABELS.get(action, str(action))
