"""``{% load identifiers %}``: show a NIK masked unless the viewer may see it in full.

{{ profile.nik|mask_nik }}            -> 1571************
{% nik_for_viewer profile.nik %}      -> full NIK for holders of identifiers.view_full_nik
                                         in the request's agency, masked for everyone else
"""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from sigap.identifiers.nik import mask_nik as _mask_nik

register = template.Library()

VIEW_FULL_NIK = "identifiers.view_full_nik"


@register.filter(name="mask_nik")
def mask_nik(value: Any) -> str:
    return _mask_nik(None if value is None else str(value))


def may_view_full_nik(request: HttpRequest | None) -> bool:
    """Fails closed: no request, no user or no agency means the masked form."""
    if request is None:
        return False
    user = getattr(request, "user", None)
    agency = getattr(request, "agency", None)
    if user is None or agency is None:
        return False
    # Django's permission check, answered by the accounts role backend per agency.
    return bool(user.is_authenticated and user.has_perm(VIEW_FULL_NIK, agency))


@register.simple_tag(takes_context=True)
def nik_for_viewer(context: template.Context, nik: Any) -> str:
    if not nik:
        return ""
    if may_view_full_nik(context.get("request")):
        return str(nik)
    return _mask_nik(str(nik))
