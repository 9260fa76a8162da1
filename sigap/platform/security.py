"""The Content-Security-Policy header (issue 8, item 6).

Every asset Sigap serves is local (docs/decisions/0002-static-assets-from-pypi.md), so
scripts may come from Sigap's own origin only: ``script-src 'self'`` forbids inline
``<script>`` blocks, ``on…=`` attributes and ``javascript:`` URLs, which is what turns an
XSS slip into code running in an officer's session. Pages put their JavaScript in static
files. Styles keep ``'unsafe-inline'``: a few templates carry ``<style>`` blocks and style
attributes, and htmx adds its indicator style; styles cannot run code.

``SIGAP_CONTENT_SECURITY_POLICY`` (docs/operations.md) replaces the policy as a whole;
a configured map tile server (``SIGAP_MAP_TILE_URL``) is added to ``img-src``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from sigap.platform.maps import tile_origin

DEFAULT_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def policy() -> str:
    configured = getattr(settings, "SIGAP_CONTENT_SECURITY_POLICY", "")
    if configured:
        return configured
    # Map tiles are images from the pemda's own tile server (sigap.platform.maps).
    origin = tile_origin()
    if origin:
        return DEFAULT_POLICY.replace("img-src 'self' data:", f"img-src 'self' data: {origin}")
    return DEFAULT_POLICY


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.header)
        return response
