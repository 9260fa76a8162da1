from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.accounts.agency_choice import agency_for_request
from sigap.accounts.tokens import user_for_bearer
from sigap.tenancy import context


class ApiTokenMiddleware:
    """``Authorization: Bearer sgp_…`` on /api/ authenticates the request as the token's user.

    It runs before tenancy and audit middleware, so both see the real user.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        if request.path.startswith("/api/") and header.startswith("Bearer "):
            user = user_for_bearer(header[7:].strip())
            if user is None:
                return JsonResponse(
                    {
                        "code": "invalid_token",
                        "message": "Token tidak valid atau sudah dicabut.",
                        "errors": [],
                    },
                    status=401,
                )
            request.user = user
            request._sigap_token_auth = True  # type: ignore[attr-defined]
            # Token clients send no cookies: CSRF does not apply to them.
            request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
        return self.get_response(request)


class TenantMiddleware:
    """Activates the request's agency for the whole request (views, admin, exports).

    Public pages name the agency in the URL (``agency_slug``); staff work in the agency
    chosen in their session among those they hold a role in. Anything else runs with no
    agency, so tenant-scoped queries fail closed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with context.activate(None):
            request.agency = None  # type: ignore[attr-defined]
            try:
                return self.get_response(request)
            finally:
                timezone.deactivate()

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: dict
    ) -> HttpResponse | None:
        try:
            agency = agency_for_request(request, view_kwargs.get("agency_slug"))
        except Http404:
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"code": "not_found", "message": "Pemda tidak ditemukan.", "errors": []},
                    status=404,
                )
            raise
        request.agency = agency  # type: ignore[attr-defined]
        context.set_for_request(agency)
        # Times on screen are in the pemda's own zone (WIB, WITA or WIT).
        if agency is not None:
            timezone.activate(agency.time_zone)
        return None


class PasswordChangeRequiredMiddleware:
    """A person holding an initial or temporary password handed out by an admin
    (``User.must_change_password``) can do nothing but choose their own first (issue 8,
    item 8): pages redirect to the change page, the API answers 403."""

    ALLOWED = ("/static/", "/healthz", "/i18n/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not request.path.startswith(self.ALLOWED)
            and request.path not in _exempt_paths()
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "code": "password_change_required",
                        "message": str(_("Ganti kata sandi awal Anda terlebih dahulu.")),
                        "errors": [],
                    },
                    status=403,
                )
            return redirect("accounts:password_change")
        return self.get_response(request)


def _exempt_paths() -> set[str]:
    return {reverse("accounts:password_change"), reverse("accounts:logout")}
