"""The API's shared rules: authentication, one error shape, permissions, pagination.

Every error, whatever raised it, has the shape
``{"code": str, "message": str, "errors": [{"field": str, "message": str}]}``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, get_args

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.utils.translation import gettext_lazy
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PaginationBase
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder
from ninja.security import SessionAuth
from pydantic_core.core_schema import ErrorType

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


# Indonesian (translatable) words for pydantic's error types; anything else gets the
# generic message. Field names come from the error's location.
_PYDANTIC_MESSAGES: dict[str, str] = {
    "missing": gettext_lazy("Wajib diisi."),
    "int_parsing": gettext_lazy("Harus berupa bilangan bulat."),
    "int_type": gettext_lazy("Harus berupa bilangan bulat."),
    "int_from_float": gettext_lazy("Harus berupa bilangan bulat."),
    "float_parsing": gettext_lazy("Harus berupa angka."),
    "float_type": gettext_lazy("Harus berupa angka."),
    "bool_parsing": gettext_lazy("Harus true atau false."),
    "bool_type": gettext_lazy("Harus true atau false."),
    "string_type": gettext_lazy("Harus berupa teks."),
    "string_too_short": gettext_lazy("Teks terlalu pendek."),
    "string_too_long": gettext_lazy("Teks terlalu panjang."),
    "string_pattern_mismatch": gettext_lazy("Bentuk teks tidak sesuai."),
    "date_parsing": gettext_lazy("Tanggal tidak valid (bentuk YYYY-MM-DD)."),
    "date_from_datetime_parsing": gettext_lazy("Tanggal tidak valid (bentuk YYYY-MM-DD)."),
    "date_type": gettext_lazy("Tanggal tidak valid (bentuk YYYY-MM-DD)."),
    "datetime_parsing": gettext_lazy("Waktu tidak valid (bentuk RFC 3339)."),
    "datetime_from_date_parsing": gettext_lazy("Waktu tidak valid (bentuk RFC 3339)."),
    "datetime_type": gettext_lazy("Waktu tidak valid (bentuk RFC 3339)."),
    "greater_than": gettext_lazy("Nilai terlalu kecil."),
    "greater_than_equal": gettext_lazy("Nilai terlalu kecil."),
    "less_than": gettext_lazy("Nilai terlalu besar."),
    "less_than_equal": gettext_lazy("Nilai terlalu besar."),
    "literal_error": gettext_lazy("Nilai tidak termasuk pilihan yang tersedia."),
    "enum": gettext_lazy("Nilai tidak termasuk pilihan yang tersedia."),
    "list_type": gettext_lazy("Harus berupa daftar."),
    "dict_type": gettext_lazy("Harus berupa objek."),
    "model_type": gettext_lazy("Harus berupa objek."),
    "model_attributes_type": gettext_lazy("Harus berupa objek."),
    "json_invalid": gettext_lazy("Isi permintaan bukan JSON yang valid."),
    "too_short": gettext_lazy("Terlalu sedikit isian."),
    "too_long": gettext_lazy("Terlalu banyak isian."),
    "uuid_parsing": gettext_lazy("UUID tidak valid."),
    "url_parsing": gettext_lazy("URL tidak valid."),
}


# pydantic's own error types: their ``msg`` is English. Any other type is ours
# (``PydanticCustomError``), as is an error without a type (raised by our code with the
# message already written), so their text is kept.
_PYDANTIC_TYPES = frozenset(get_args(ErrorType))


def pydantic_message(error: dict) -> str:
    """The user's-language message for one validation error."""
    kind = str(error.get("type", ""))
    known = _PYDANTIC_MESSAGES.get(kind)
    if known is not None:
        return str(known)
    message = str(error.get("msg", ""))
    # A ValueError raised by our own validators carries our Indonesian text.
    if kind == "value_error" or message.startswith("Value error, "):
        return message.removeprefix("Value error, ")
    if message and (not kind or kind not in _PYDANTIC_TYPES):
        return message
    return str(gettext_lazy("Nilai tidak valid."))


def error(code: str, message: str, errors: list[dict] | None = None) -> dict:
    return {"code": code, "message": message, "errors": errors or []}


def _loc_to_field(loc: list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "form")]
    return ".".join(parts) or "__all__"


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def on_validation(request: HttpRequest, exc: NinjaValidationError):
        errors = [
            {"field": _loc_to_field(e.get("loc", [])), "message": pydantic_message(e)}
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


# -- the API itself: RFC 3339 times, the error responses and bearer auth in the OpenAPI
# document (issue 8, item 6) ---------------------------------------------------------

ERROR_RESPONSES: dict[int, str] = {
    400: "Permintaan tidak dapat diproses.",
    401: "Belum masuk, atau token API tidak valid, kedaluwarsa atau dicabut.",
    403: "Tidak memiliki akses ke operasi ini.",
    404: "Data tidak ditemukan (atau tidak boleh dilihat).",
    409: "Bertentangan dengan keadaan data saat ini.",
    422: "Data yang dikirim tidak valid; `errors` menyebut isian yang salah.",
}


class RFC3339Encoder(NinjaJSONEncoder):
    """Times as RFC 3339 (``2026-12-05T09:00:00+07:00``). Python writes offsets with
    seconds for old local mean times (Jakarta before 1924 was ``+07:07:12``), which RFC
    3339 has no room for: such a time is written in UTC, the same instant."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime):
            offset = o.utcoffset()
            if offset is not None and offset.total_seconds() % 60:
                o = o.astimezone(dt.UTC)
        return super().default(o)


def rfc3339(value: dt.datetime) -> str:
    return json.loads(json.dumps(value, cls=RFC3339Encoder))


class RFC3339Renderer(JSONRenderer):
    encoder_class = RFC3339Encoder


class SigapAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document says what the API really does: every signed-in
    operation accepts a bearer token or a session, and may answer 400/401/403/404/409/422
    in the one error shape."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("renderer", RFC3339Renderer())
        super().__init__(*args, **kwargs)

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {})
        schemes = components.setdefault("securitySchemes", {})
        schemes["bearerAuth"] = {
            "type": "http",
            "scheme": "bearer",
            "description": "Token API dari halaman /akun/token-api/ (sgp_…).",
        }
        schemas = components.setdefault("schemas", {})
        error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(error_schema.pop("$defs", {}))
        schemas["ErrorOut"] = error_schema
        ref = {"$ref": "#/components/schemas/ErrorOut"}
        for path, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                if "{format}" in path:
                    _document_xml(operation)
                secured = bool(operation.get("security"))
                if secured:
                    operation["security"] = [{"bearerAuth": []}, *operation["security"]]
                for status, text in ERROR_RESPONSES.items():
                    if not secured and status in (401, 403):
                        continue
                    operation["responses"].setdefault(
                        status,
                        {"description": text, "content": {"application/json": {"schema": ref}}},
                    )
        return schema


def _document_xml(operation: dict) -> None:
    """Paths ending in ``.{format}`` (Open311 GeoReport v2) answer in XML or JSON as the
    path says, errors included, in that standard's own shape."""
    for response in operation["responses"].values():
        content = response.setdefault("content", {})
        content.setdefault("text/xml", {"schema": {"type": "string"}})


class ApiErrorShapeMiddleware:
    """Answers the API gives outside ninja's handlers (a method the path does not have)
    in the one error shape, in the user's language."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/") and isinstance(response, HttpResponseNotAllowed):
            shaped = JsonResponse(
                error("method_not_allowed", str(gettext_lazy("Metode HTTP ini tidak didukung."))),
                status=405,
            )
            shaped["Allow"] = response["Allow"]
            return shaped
        return response
