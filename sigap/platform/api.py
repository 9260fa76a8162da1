"""The API's shared rules: authentication, one error shape, permissions, pagination.

Every error, whatever raised it, has the shape
``{"code": str, "message": str, "errors": [{"field": str, "message": str}]}``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PaginationBase
from ninja.security import SessionAuth

from sigap.platform.access import may_any
from sigap.platform.declarations import check_declared
from sigap.platform.pagination import BadCursor, keyset_page


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    code: str
    message: str
    errors: list[FieldError] = []


class Access(SessionAuth):
    """Who may call an operation, checked before the payload is even parsed.

    Bearer tokens are resolved by ApiTokenMiddleware; sessions need CSRF on writes
    (SessionAuth). Not signed in → 401; signed in without the right → 403.
    """

    def __init__(self, kind: str = "login", *permissions: str) -> None:
        super().__init__()
        self.kind = kind
        self.permissions = permissions

    @property
    def sigap_access(self) -> tuple[str, str | tuple[str, ...] | None]:
        if not self.permissions:
            return (self.kind, None)
        return (self.kind, self.permissions[0] if len(self.permissions) == 1 else self.permissions)

    def __call__(self, request: HttpRequest) -> Any:
        if getattr(request, "_sigap_token_auth", False):
            user = request.user
        else:
            user = super().__call__(request)
        if not user:
            return None
        if self.kind == "citizen" and not user.is_citizen:
            raise PermissionDenied("Operasi ini khusus untuk warga.")
        if self.kind == "staff" and not may_any(
            user, getattr(request, "agency", None), self.permissions
        ):
            raise PermissionDenied("Anda tidak memiliki akses ke operasi ini.")
        return user


def staff(*permissions: str) -> Access:
    """Staff holding one of ``permissions`` in the agency the request works in."""
    return Access("staff", *(check_declared(p) for p in permissions))


signed_in = Access("login")
citizen = Access("citizen")


def error(code: str, message: str, errors: list[dict] | None = None) -> dict:
    return {"code": code, "message": message, "errors": errors or []}


def _loc_to_field(loc: list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "form")]
    return ".".join(parts) or "__all__"


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def on_validation(request: HttpRequest, exc: NinjaValidationError):
        errors = [
            {"field": _loc_to_field(e.get("loc", [])), "message": e.get("msg", "")}
            for e in exc.errors
        ]
        return api.create_response(
            request, error("validation_error", "Data yang dikirim tidak valid.", errors), status=422
        )

    @api.exception_handler(DjangoValidationError)
    def on_domain_validation(request: HttpRequest, exc: DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = [
                {"field": field, "message": m}
                for field, msgs in exc.message_dict.items()
                for m in msgs
            ]
        else:
            errors = [{"field": "__all__", "message": m} for m in exc.messages]
        return api.create_response(
            request, error("validation_error", "Data yang dikirim tidak valid.", errors), status=422
        )

    @api.exception_handler(AuthenticationError)
    def on_auth(request: HttpRequest, exc: AuthenticationError):
        return api.create_response(
            request,
            error("not_authenticated", "Silakan masuk atau sertakan token API."),
            status=401,
        )

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request: HttpRequest, exc: PermissionDenied):
        return api.create_response(
            request, error("forbidden", str(exc) or "Anda tidak memiliki akses."), status=403
        )

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404):
        return api.create_response(request, error("not_found", "Data tidak ditemukan."), status=404)

    @api.exception_handler(BadCursor)
    def on_bad_cursor(request: HttpRequest, exc: BadCursor):
        return api.create_response(
            request,
            error("validation_error", str(exc), [{"field": "cursor", "message": str(exc)}]),
            status=422,
        )

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError):
        codes = {
            400: "bad_request",
            401: "not_authenticated",
            403: "forbidden",
            404: "not_found",
            405: "method_not_allowed",
            409: "conflict",
        }
        return api.create_response(
            request,
            error(codes.get(exc.status_code, "error"), str(exc.message)),
            status=exc.status_code,
        )


class KeysetPagination(PaginationBase):
    """``?cursor=…&limit=…`` → ``{"items": [...], "next_cursor": "..."|null}``; never OFFSET."""

    class Input(Schema):
        cursor: str | None = Field(None, description="Kursor dari respons sebelumnya")
        limit: int = Field(50, ge=1, le=200)

    class Output(Schema):
        items: list[Any]
        next_cursor: str | None = None

    def __init__(self, *, key: str = "pk", descending: bool = False, **kwargs: Any) -> None:
        self.key = key
        self.descending = descending
        super().__init__(**kwargs)

    def paginate_queryset(self, queryset: QuerySet, pagination: Input, **params: Any) -> dict:
        page = keyset_page(
            queryset,
            key=self.key,
            cursor=pagination.cursor,
            size=pagination.limit,
            descending=self.descending,
        )
        return {"items": page.items, "next_cursor": page.next_cursor}
