from __future__ import annotations

from collections.abc import Callable

from auditlog.context import auditlog_value
from auditlog.middleware import AuditlogMiddleware
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


class AuditActorMiddleware(AuditlogMiddleware):
    """auditlog's middleware (actor and address on every entry), with the actor
    cleared when the request ends.

    auditlog sets its context variable and never resets it, so the request's user
    would linger as the "current actor" of whatever runs next in the same thread
    (a test, or work done outside a request) and be written on its audit entries.
    """

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = auditlog_value.set({})
        try:
            return super().__call__(request)
        finally:
            auditlog_value.reset(token)
