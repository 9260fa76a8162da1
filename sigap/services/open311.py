# No "from __future__ import annotations": django-ninja reads real annotations at import.
"""Open311 GeoReport v2, the ``requests`` resource: ``GET requests.{format}``,
``POST requests.{format}`` and ``GET requests/{service_request_id}.{format}``, in JSON
and XML (``services`` and ``services/{code}`` live in ``api_catalogue``).

How Sigap reads the specification (docs/domain/services.md, "Work queue, SLA and
Open311"):

* **Clients and keys.** Every call carries ``api_key`` (query string, or form field on
  POST). The agency admin issues one key per client (``/kerja/layanan/open311/``); only
  its hash is kept. The key names the pemda; ``jurisdiction_id`` (the pemda's slug) is
  optional and, when given, must be that pemda. A Sigap session is not a client: a
  signed-in user without a key gets 403, an anonymous caller 401.
* **Whose request.** A client acts for a citizen who already has a Sigap account: the
  POST names them by ``email`` and is refused when no active citizen account has that
  address. Sigap never creates an account on a client's word.
* **Idempotency.** A POST with the same ``idempotency_key`` (form field, or the
  ``Idempotency-Key`` header) from the same client answers with the request the first
  one filed.
* **What a client sees.** Only the requests it filed: tracking numbers are bearer
  secrets on the public tracking page, so no client may enumerate the pemda's.
* **States.** draft, submitted, verified, in process, returned → ``open``; done,
  rejected → ``closed``; the Sigap state (and the officer's note or reason, which the
  citizen sees too) in ``status_notes``.
* **Errors.** JSON errors have Sigap's one error shape ``{code, message, errors[]}``;
  XML errors the specification's ``<errors><error><code/><description/></error></errors>``.
"""

import datetime as dt
import functools
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Form, Router, Schema

from sigap.accounts.models import User
from sigap.platform.api import ErrorOut
from sigap.services import applications as domain
from sigap.services.models import Application, Open311Client, Service
from sigap.tenancy.context import activate

router = Router(tags=["Open311 GeoReport v2"])
PREFIX = "/open311/v2"
MAX_RESULTS = 1000
DEFAULT_WINDOW = dt.timedelta(days=90)
S = Application.Status
OPEN_STATES = (S.DRAFT, S.SUBMITTED, S.VERIFIED, S.IN_PROCESS, S.RETURNED)
CLOSED_STATES = (S.DONE, S.REJECTED)
Format = Literal["json", "xml"]


@dataclass(frozen=True)
class RequestKind:
    """Requests of another app answered beside applications (complaints: service codes
    ``ADUAN-…``), registered by that app at start-up (``register_request_kind``): this
    module keeps the client, key and format handling, the app its own records.

    ``file(client, request, payload)`` → (row, created), raising ``ValidationError``;
    ``find(client, id)`` → row or None; ``rows(client, filters)`` → rows, where filters
    hold ``ids``, ``codes``, ``states`` (open/closed), ``start`` and ``end``.
    """

    owns: Callable[[str], bool]
    file: Callable[..., tuple[dict[str, Any], bool]]
    find: Callable[[Any, str], dict[str, Any] | None]
    rows: Callable[[Any, dict[str, Any]], list[dict[str, Any]]]
    services: Callable[[Any], list[dict[str, Any]]] = lambda agency: []
    definition: Callable[[Any, str], dict[str, Any] | None] = lambda agency, code: None


REQUEST_KINDS: list[RequestKind] = []


def register_request_kind(kind: RequestKind) -> None:
    REQUEST_KINDS.append(kind)


def kind_for(service_code: str) -> RequestKind | None:
    return next((k for k in REQUEST_KINDS if k.owns(service_code.strip())), None)


class RequestOut(Schema):
    service_request_id: str
    status: str
    status_notes: str
    service_name: str
    service_code: str
    description: str
    agency_responsible: str
    service_notice: str
    requested_datetime: str | None = None
    updated_datetime: str | None = None
    expected_datetime: str | None = None
    address: str
    address_id: str
    zipcode: str
    lat: float | None = None
    long: float | None = None
    media_url: str


class CreatedOut(Schema):
    service_request_id: str
    service_notice: str
    account_id: str | None = None


class PostIn(Schema):
    """Form fields of the specification; ``attribute[<code>]`` fields carry the answers
    to the service's form (``services/{code}.{format}`` lists them)."""

    api_key: str = ""
    jurisdiction_id: str = ""
    service_code: str = ""
    email: str = ""
    description: str = ""
    idempotency_key: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    device_id: str = ""
    account_id: str = ""
    lat: str = ""
    long: str = ""
    address_string: str = ""
    address_id: str = ""
    media_url: str = ""


# ------------------------------------------------------------------ responses


def _xml(root: ET.Element, status: int = 200) -> HttpResponse:
    body = ET.tostring(root, encoding="UTF-8", xml_declaration=True)
    return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")


def _json(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(
        data,
        status=status,
        safe=False,
        json_dumps_params={"ensure_ascii": False},
        content_type="application/json; charset=utf-8",
    )


CODES = {400: "bad_request", 401: "not_authenticated", 403: "forbidden", 404: "not_found"}


def _error(
    fmt: str, status: int, message: str, errors: list[dict[str, str]] | None = None
) -> HttpResponse:
    errors = errors or []
    if fmt == "xml":
        root = ET.Element("errors")
        for item in errors or [{"field": "", "message": message}]:
            error = ET.SubElement(root, "error")
            ET.SubElement(error, "code").text = str(status)
            text = item["message"]
            if item.get("field") and item["field"] != "__all__":
                text = f"{item['field']}: {text}"
            ET.SubElement(error, "description").text = text
        return _xml(root, status)
    code = "validation_error" if status == 422 else CODES.get(status, "error")
    return _json({"code": code, "message": message, "errors": errors}, status)


def _validation_error(fmt: str, exc: ValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": _field_name(field), "message": m}
            for field, messages in exc.message_dict.items()
            for m in messages
        ]
    else:
        errors = [{"field": "__all__", "message": m} for m in exc.messages]
    return _error(fmt, 422, "Data yang dikirim tidak valid.", errors)


def _field_name(field: str) -> str:
    known = {
        "__all__",
        "service_code",
        "email",
        "description",
        "api_key",
        "jurisdiction_id",
        "start_date",
        "end_date",
        "status",
        "service_request_id",
    }
    return field if field in known else f"attribute[{field}]"


def _render(fmt: str, rows: list[dict[str, Any]], status: int = 200) -> HttpResponse:
    if fmt == "json":
        return _json(rows, status)
    root = ET.Element("service_requests")
    for row in rows:
        request = ET.SubElement(root, "request")
        for name, value in row.items():
            ET.SubElement(request, name).text = "" if value is None else str(value)
    return _xml(root, status)


# ------------------------------------------------------------------ the client


def _format_of(kwargs: dict[str, Any]) -> str:
    return kwargs.get("format") if kwargs.get("format") in ("json", "xml") else "json"


def open311_client_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The caller is an Open311 client of an active pemda, named by its ``api_key``.

    Checked before anything else is read; the client's pemda is active for the call.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = _format_of(kwargs)
        key = request.GET.get("api_key") or request.POST.get("api_key") or ""
        client = domain.open311_client_for_key(key)
        if client is None:
            if key:
                return _error(fmt, 403, _("Kunci API tidak dikenal atau tidak berlaku lagi."))
            if getattr(request.user, "is_authenticated", False):
                return _error(
                    fmt, 403, _("Open311 memerlukan kunci API klien; sesi masuk tidak berlaku.")
                )
            return _error(fmt, 401, _("Sertakan kunci API klien Open311 (api_key)."))
        jurisdiction = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")
        if jurisdiction and jurisdiction != client.agency.slug:
            return _error(fmt, 404, _("jurisdiction_id tidak dilayani dengan kunci ini."))
        request.open311_client = client
        with activate(client.agency):
            return view(request, *args, **kwargs)

    wrapper.sigap_access = ("open311", None)  # type: ignore[attr-defined]
    return wrapper


# ------------------------------------------------------------------ mapping


def _when(client: Open311Client, moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(client.agency.zone).isoformat(timespec="seconds")


def status_of(app: Application) -> str:
    return "closed" if app.status in CLOSED_STATES else "open"


def status_notes(app: Application) -> str:
    label = str(app.get_status_display())
    if app.status in (S.RETURNED, S.REJECTED) and app.note_to_citizen:
        return f"{label}: {app.note_to_citizen}"
    if app.extended_at is not None and app.status not in CLOSED_STATES:
        return _("%(label)s; batas waktu diperpanjang: %(reason)s") % {
            "label": label,
            "reason": app.extension_reason,
        }
    return label


def _notice(app: Application) -> str:
    standard = app.standard
    return _("Jangka waktu penyelesaian %(n)s %(unit)s sejak permohonan lengkap diajukan.") % {
        "n": standard.time_limit,
        "unit": standard.get_time_unit_display(),
    }


def as_request(client: Open311Client, app: Application) -> dict[str, Any]:
    stamps = [
        app.submitted_at,
        app.verified_at,
        app.processing_at,
        app.returned_at,
        app.finished_at,
        app.extended_at,
    ]
    updated = max((s for s in stamps if s is not None), default=app.created_at)
    expected = app.due_at if app.is_open and not app.is_suspended else None
    return {
        "service_request_id": app.tracking_number,
        "status": status_of(app),
        "status_notes": status_notes(app),
        "service_name": app.service.name,
        "service_code": app.service.code,
        "description": str(app.answers.get("description", "")),
        "agency_responsible": app.unit.name,
        "service_notice": _notice(app),
        "requested_datetime": _when(client, app.submitted_at or app.created_at),
        "updated_datetime": _when(client, updated),
        "expected_datetime": _when(client, expected),
        "address": "",
        "address_id": "",
        "zipcode": "",
        "lat": None,
        "long": None,
        "media_url": "",
    }


def _requests_of(client: Open311Client):  # noqa: ANN202 - a queryset
    return Application.objects.filter(open311_request__client=client).select_related(
        "service", "unit", "standard"
    )


def _parse_date(value: str, name: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError({name: _("Tanggal w3c/ISO 8601 tidak valid.")}) from None
    if moment.tzinfo is None:
        raise ValidationError({name: _("Sertakan zona waktu (Z atau ±HH:MM).")})
    return moment


def _csv(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


# ------------------------------------------------------------------ operations

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get(
    PREFIX + "/requests.{format}",
    response={200: list[RequestOut], **ERRORS},
    summary="Open311: permohonan yang diajukan klien ini",
    description=(
        "Parameter: `api_key` (wajib), `jurisdiction_id`, `service_request_id` "
        "(dipisah koma; parameter lain lalu diabaikan), `service_code` (dipisah koma), "
        "`start_date`, `end_date` (ISO 8601 dengan zona; bawaan 90 hari terakhir), "
        "`status` (`open`, `closed`). Paling banyak 1000, terbaru lebih dulu."
    ),
    auth=None,
)
@open311_client_required
def list_requests(
    request: HttpRequest,
    format: Format,
    service_request_id: str | None = None,
    service_code: str | None = None,
    start_date: str | None = None,
    end_date: str | None = None,
    status: str | None = None,
    api_key: str | None = None,
    jurisdiction_id: str | None = None,
):
    client = request.open311_client
    qs = _requests_of(client)
    ids = _csv(service_request_id)
    try:
        if ids:
            qs = qs.filter(tracking_number__in=ids)
        else:
            codes = _csv(service_code)
            if codes:
                qs = qs.filter(service__code__in=codes)
            states = _csv(status)
            unknown = set(states) - {"open", "closed"}
            if unknown:
                raise ValidationError({"status": _("Status hanya open atau closed.")})
            if states == ["open"]:
                qs = qs.filter(status__in=OPEN_STATES)
            elif states == ["closed"]:
                qs = qs.filter(status__in=CLOSED_STATES)
            end = _parse_date(end_date, "end_date") if end_date else None
            start = _parse_date(start_date, "start_date") if start_date else None
            if start is None and end is None:
                start = dt.datetime.now(dt.UTC) - DEFAULT_WINDOW
            if start and end and end < start:
                raise ValidationError({"end_date": _("end_date harus setelah start_date.")})
            if start:
                qs = qs.filter(created_at__gte=start)
            if end:
                qs = qs.filter(created_at__lte=end)
        filters = {"ids": ids, "codes": _csv(service_code), "states": _csv(status)}
        if not ids:
            filters.update(start=start, end=end)
    except ValidationError as exc:
        return _validation_error(format, exc)
    rows = [as_request(client, app) for app in qs.order_by("-created_at", "-pk")[:MAX_RESULTS]]
    if REQUEST_KINDS:
        rows += [row for kind in REQUEST_KINDS for row in kind.rows(client, filters)]
        rows.sort(key=lambda r: r["requested_datetime"] or "", reverse=True)
        rows = rows[:MAX_RESULTS]
    return _render(format, rows)


@router.get(
    PREFIX + "/requests/{service_request_id}.{format}",
    response={200: list[RequestOut], **ERRORS},
    summary="Open311: satu permohonan (nomor pelacakan) yang diajukan klien ini",
    auth=None,
)
@open311_client_required
def get_request(
    request: HttpRequest,
    service_request_id: str,
    format: Format,
    api_key: str | None = None,
    jurisdiction_id: str | None = None,
):
    client = request.open311_client
    app = _requests_of(client).filter(tracking_number=service_request_id).first()
    if app is None:
        for kind in REQUEST_KINDS:
            row = kind.find(client, service_request_id)
            if row is not None:
                return _render(format, [row])
        return _error(format, 404, _("Permohonan tidak ditemukan."))
    return _render(format, [as_request(client, app)])


@router.post(
    PREFIX + "/requests.{format}",
    response={201: list[CreatedOut], 200: list[CreatedOut], **ERRORS},
    summary="Open311: ajukan permohonan atas nama warga yang sudah terdaftar",
    description=(
        "Formulir (`application/x-www-form-urlencoded`): `api_key`, `service_code`, "
        "`email` (akun warga Sigap yang sudah ada; akun tidak pernah dibuat di sini), "
        "`attribute[<kode>]` untuk setiap isian formulir layanan, `description` (hanya bila "
        "formulir layanan memiliki isian `description`), `idempotency_key` atau header "
        "`Idempotency-Key` (permintaan ulang dengan kunci yang sama menjawab permohonan "
        "yang sama, status 200). Lokasi (`lat`, `long`, `address_string`) tidak dipakai: "
        "layanan administrasi tidak berlokasi."
    ),
    auth=None,
)
@open311_client_required
def post_request(request: HttpRequest, format: Format, payload: Form[PostIn]):
    client = request.open311_client
    try:
        if not payload.service_code:
            raise ValidationError({"service_code": _("service_code wajib diisi.")})
        kind = kind_for(payload.service_code)
        if kind is not None:
            row, created = kind.file(client, request, payload)
            return _render(format, [row], status=201 if created else 200)
        service = Service.objects.filter(
            code__iexact=payload.service_code.strip(), is_active=True
        ).first()
        if service is None:
            raise ValidationError({"service_code": _("Layanan tidak ditemukan.")})
        email = payload.email.strip()
        if not email:
            raise ValidationError({"email": _("email akun warga wajib diisi.")})
        citizen = User.objects.filter(
            kind=User.Kind.CITIZEN, email__iexact=email, is_active=True
        ).first()
        if citizen is None:
            raise ValidationError(
                {
                    "email": _(
                        "Tidak ada akun warga aktif dengan email ini. Warga perlu mendaftar "
                        "di Sigap lebih dulu."
                    )
                }
            )
        answers = {
            name[len("attribute[") : -1]: value
            for name, value in request.POST.items()
            if name.startswith("attribute[") and name.endswith("]")
        }
        if payload.description.strip():
            # Only a form with a ``description`` field takes it; otherwise the domain
            # refuses it as an unknown field rather than dropping the citizen's words.
            answers.setdefault("description", payload.description.strip())
        token = payload.idempotency_key or request.headers.get("Idempotency-Key", "")
        app, created = domain.file_open311_request(
            client, citizen=citizen, service=service, answers=answers, token=token
        )
    except ValidationError as exc:
        return _validation_error(format, exc)
    except PermissionDenied as exc:
        return _error(format, 403, str(exc))
    row = {"service_request_id": app.tracking_number, "service_notice": _notice(app)}
    row["account_id"] = None
    return _render(format, [row], status=201 if created else 200)
