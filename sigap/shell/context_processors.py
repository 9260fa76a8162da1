from __future__ import annotations

from django.http import HttpRequest


def shell(request: HttpRequest) -> dict:
    """The agency the page is in; the chrome (``shell.chrome``) works out the rest from
    the request when it draws the header and the staff menu."""
    return {"current_agency": getattr(request, "agency", None)}
