from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from sigap.accounts.tokens import user_for_bearer


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
