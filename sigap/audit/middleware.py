from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from sigap.audit.context import via


class AuditChannelMiddleware:
    """Tags audit entries with the channel a request came through."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if path.startswith("/api/"):
            name = "api"
        elif path.startswith("/admin/"):
            name = "admin"
        else:
            name = "page"
        with via(name, path):
            return self.get_response(request)
