# No "from __future__ import annotations": django-ninja reads real annotations at import.
"""The citizen's applications over the API: the same domain functions as the pages.

Bodies are read here rather than by ninja so that an ill-formed request is answered in
Indonesian, field by field, in the one error shape, and so that the one-call apply
takes either JSON or multipart (answers plus files) at the same path.
"""

import datetime as dt
import json
from typing import Any

import pydantic
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import File, Form, Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from sigap.platform.api import ErrorOut, KeysetPagination, citizen
from sigap.services import applications
from sigap.services.models import Application, ApplicationDocument, ApplicationStep, Service
from sigap.tenancy.context import activate
from sigap.tenancy.models import Agency

router = Router(tags=["permohonan warga"])
S = Application.Status


# ------------------------------------------------------------------ schemas


class StepOut(Schema):
    status: str
    status_label: str
    at: dt.datetime
    note: str
    # ``note``: in the request's language; ``note_text``: the same as code stored it
    # (``{"code", "params"}``), or null for a note a person typed.
    note_text: dict[str, Any] | None = None


class DocumentOut(Schema):
    id: int
    field_key: str
    original_name: str
    content_type: str
    size: int
    uploaded_at: dt.datetime
    url: str


class ApplicationSummaryOut(Schema):
    tracking_number: str
    agency: str
    agency_name: str
    service_code: str
    service_name: str
    status: str
    status_label: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    due_at: dt.datetime | None
    finished_at: dt.datetime | None
    url: str

    @staticmethod
    def resolve_agency(obj: Application) -> str:
        return obj.agency.slug

    @staticmethod
    def resolve_agency_name(obj: Application) -> str:
        return obj.agency.name

    @staticmethod
    def resolve_service_code(obj: Application) -> str:
        return obj.service.code

    @staticmethod
    def resolve_service_name(obj: Application) -> str:
        return obj.service.name

    @staticmethod
    def resolve_status_label(obj: Application) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_url(obj: Application) -> str:
        return reverse("services:my_application", args=[obj.tracking_number])


class ApplicationOut(ApplicationSummaryOut):
    answers: dict[str, Any]
    note_to_citizen: str
    extension_reason: str
    documents: list[DocumentOut]
    timeline: list[StepOut]

    @staticmethod
    def resolve_documents(obj: Application) -> list[dict[str, Any]]:
        with activate(obj.agency):
            return [_document(obj, d) for d in obj.documents.order_by("pk")]

    @staticmethod
    def resolve_timeline(obj: Application) -> list[dict[str, Any]]:
        with activate(obj.agency):
            return [
                {
                    "status": s.status,
                    "status_label": str(s.get_status_display()),
                    "at": s.at,
                    "note": s.shown_note,
                    "note_text": s.note_text,
                }
                for s in ApplicationStep.objects.filter(application=obj)
            ]


def _document(app: Application, doc: ApplicationDocument) -> dict[str, Any]:
    return {
        "id": doc.pk,
        "field_key": doc.field_key,
        "original_name": doc.original_name,
        "content_type": doc.content_type,
        "size": doc.size,
        "uploaded_at": doc.uploaded_at,
        "url": reverse("services:document", args=[app.tracking_number, doc.pk]),
    }


class ApplyIn(pydantic.BaseModel):
    agency: str = pydantic.Field(description="Kode singkat pemda, mis. `jambi`")
    service: str = pydantic.Field(description="Kode layanan, mis. `AKTA-LAHIR`")
    answers: dict[str, Any] = pydantic.Field(default_factory=dict)
    draft: bool = pydantic.Field(False, description="`true`: simpan sebagai konsep saja")


class AnswersIn(pydantic.BaseModel):
    answers: dict[str, Any]


# ------------------------------------------------------------------ reading


def _own(request: HttpRequest, tracking_number: str) -> Application:
    try:
        return applications.get_application_for_citizen(request.auth, tracking_number)
    except Application.DoesNotExist:
        raise Http404 from None


# ------------------------------------------------------------------ bodies

_MESSAGES = {
    "missing": "Isian ini wajib diisi.",
    "string_type": "Harus berupa teks.",
    "dict_type": "Harus berupa objek {kunci: nilai}.",
    "bool_type": "Harus bernilai true atau false.",
    "bool_parsing": "Harus bernilai true atau false.",
    "model_type": "Badan permintaan harus berupa objek JSON.",
    "extra_forbidden": "Isian tidak dikenal.",
}


def _validated(schema: type[pydantic.BaseModel], data: Any) -> Any:
    try:
        return schema.model_validate(data)
    except pydantic.ValidationError as exc:
        raise NinjaValidationError(
            [
                {"loc": list(e["loc"]), "msg": _MESSAGES.get(e["type"], "Nilai tidak valid.")}
                for e in exc.errors()
            ]
        ) from None


def _json(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body or b"{}")
    except ValueError:
        raise NinjaValidationError(
            [{"loc": ["__all__"], "msg": "Badan permintaan bukan JSON yang sah."}]
        ) from None


def _body_doc(schema: type[pydantic.BaseModel], *, multipart: bool = False) -> dict[str, Any]:
    content: dict[str, Any] = {"application/json": {"schema": schema.model_json_schema()}}
    if multipart:
        content["multipart/form-data"] = {
            "schema": {
                "type": "object",
                "required": ["agency", "service"],
                "properties": {
                    "agency": {"type": "string"},
                    "service": {"type": "string"},
                    "answers": {"type": "string", "description": "Isian sebagai teks JSON"},
                    "draft": {"type": "boolean"},
                },
                "additionalProperties": {"type": "string", "format": "binary"},
            }
        }
    return {"requestBody": {"required": True, "content": content}}


def _apply_input(request: HttpRequest) -> tuple[ApplyIn, dict[str, Any]]:
    if request.content_type == "multipart/form-data":
        raw_answers = request.POST.get("answers", "") or "{}"
        try:
            answers = json.loads(raw_answers)
        except ValueError:
            raise NinjaValidationError(
                [{"loc": ["answers"], "msg": "Isian harus berupa teks JSON yang sah."}]
            ) from None
        data = {
            "agency": request.POST.get("agency"),
            "service": request.POST.get("service"),
            "answers": answers,
            "draft": request.POST.get("draft", "false"),
        }
        return _validated(ApplyIn, data), dict(request.FILES.items())
    return _validated(ApplyIn, _json(request)), {}


def _service_of(payload: ApplyIn) -> Service:
    agency = Agency.objects.filter(slug=payload.agency, is_active=True).first()
    if agency is None:
        raise DjangoValidationError({"agency": "Pemda tidak ditemukan."})
    with activate(agency):
        service = (
            Service.objects.select_related("agency", "unit")
            .filter(code=payload.service.strip().upper(), is_active=True)
            .first()
        )
    if service is None:
        raise DjangoValidationError({"service": "Layanan tidak ditemukan di pemda ini."})
    return service


# ------------------------------------------------------------------ operations


@router.post(
    "/me/applications",
    response={200: ApplicationOut, 201: ApplicationOut, 422: ErrorOut},
    summary="Ajukan permohonan dalam satu panggilan (isian dan dokumen)",
    description=(
        "JSON `{agency, service, answers, draft}` atau multipart: `agency`, `service`, "
        "`answers` (teks JSON), `draft`, dan satu berkas per isian berjenis `file` (nama "
        "bagian = kunci isian). Sertakan header `Idempotency-Key`: panggilan ulang dengan "
        "kunci yang sama mengembalikan permohonan yang sama (200), bukan permohonan baru "
        "(201). Dengan `draft: true` permohonan disimpan sebagai konsep tanpa diajukan."
    ),
    auth=citizen,
    openapi_extra=_body_doc(ApplyIn, multipart=True),
)
def create_application(request: HttpRequest):
    payload, files = _apply_input(request)
    service = _service_of(payload)
    key = (request.headers.get("Idempotency-Key") or "").strip()[:70]
    key = f"api:{key}" if key else ""
    existed = (
        bool(key)
        and applications.applications_of(request.auth).filter(idempotency_key=key).exists()
    )
    if payload.draft:
        app = applications.start_application(
            request.auth, service, answers=payload.answers, idempotency_key=key
        )
        for field_key, upload in files.items():
            applications.attach_document(app, request.auth, field_key, upload)
    else:
        app = applications.apply(
            request.auth, service, answers=payload.answers, files=files, idempotency_key=key
        )
    app = applications.get_application_for_citizen(request.auth, app.tracking_number)
    return Status(200 if existed else 201, app)


@router.get(
    "/me/applications",
    response=list[ApplicationSummaryOut],
    summary="Permohonan saya di semua pemda, terbaru lebih dulu",
    auth=citizen,
)
@paginate(KeysetPagination, key="created_at", descending=True)
def list_applications(request: HttpRequest):
    return applications.applications_of(request.auth)


@router.get(
    "/me/applications/{tracking_number}",
    response=ApplicationOut,
    summary="Satu permohonan saya, dengan riwayat dan dokumennya",
    auth=citizen,
)
def get_application(request: HttpRequest, tracking_number: str):
    return _own(request, tracking_number)


@router.patch(
    "/me/applications/{tracking_number}/answers",
    response={200: ApplicationOut, 422: ErrorOut},
    summary="Simpan isian konsep (atau perbaikan)",
    description="Isian yang dikirim menggantikan yang lama; teks kosong menghapusnya.",
    auth=citizen,
    openapi_extra=_body_doc(AnswersIn),
)
def save_answers(request: HttpRequest, tracking_number: str):
    app = _own(request, tracking_number)
    payload = _validated(AnswersIn, _json(request))
    try:
        app = applications.save_answers(app, request.auth, payload.answers)
    except PermissionDenied:
        raise Http404 from None
    return _own(request, app.tracking_number)


@router.post(
    "/me/applications/{tracking_number}/documents",
    response={201: DocumentOut, 422: ErrorOut},
    summary="Unggah dokumen untuk satu isian berjenis file (menggantikan yang lama)",
    description="PDF, JPG atau PNG; jenis ditentukan dari isi berkas, bukan namanya.",
    auth=citizen,
)
def upload_document(
    request: HttpRequest,
    tracking_number: str,
    field_key: Form[str],
    file: File[UploadedFile],
):
    app = _own(request, tracking_number)
    doc = applications.attach_document(app, request.auth, field_key, file)
    return Status(201, _document(app, doc))


@router.post(
    "/me/applications/{tracking_number}/submit",
    response={200: ApplicationOut, 422: ErrorOut},
    summary="Ajukan konsep (sekali saja: mengajukan ulang tidak membuat permohonan baru)",
    auth=citizen,
)
def submit_application(request: HttpRequest, tracking_number: str):
    app = _own(request, tracking_number)
    if app.status == S.RETURNED:
        raise DjangoValidationError(
            "Permohonan ini dikembalikan untuk perbaikan: ajukan ulang dengan /resubmit."
        )
    applications.submit(app, request.auth)
    return _own(request, tracking_number)


@router.post(
    "/me/applications/{tracking_number}/resubmit",
    response={200: ApplicationOut, 422: ErrorOut},
    summary="Ajukan ulang permohonan yang dikembalikan, setelah diperbaiki",
    auth=citizen,
)
def resubmit_application(request: HttpRequest, tracking_number: str):
    app = _own(request, tracking_number)
    if app.status == S.DRAFT:
        raise DjangoValidationError("Permohonan ini belum pernah diajukan: gunakan /submit.")
    applications.submit(app, request.auth)
    return _own(request, tracking_number)


class WithdrawIn(pydantic.BaseModel):
    reason: str = pydantic.Field("", max_length=500, description="Alasan (tidak wajib)")


@router.post(
    "/me/applications/{tracking_number}/withdraw",
    response={200: ApplicationOut, 422: ErrorOut},
    summary="Batalkan permohonan sebelum diproses (diajukan, diverifikasi atau dikembalikan)",
    description="Tidak dapat diurungkan; mengulang permintaan yang sama tidak mengubah apa pun.",
    auth=citizen,
    openapi_extra=_body_doc(WithdrawIn),
)
def withdraw_application(request: HttpRequest, tracking_number: str):
    app = _own(request, tracking_number)
    payload = _validated(WithdrawIn, _json(request))
    applications.withdraw(app, request.auth, reason=payload.reason)
    return _own(request, tracking_number)
