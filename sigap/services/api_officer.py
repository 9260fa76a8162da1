# No "from __future__ import annotations": django-ninja reads real annotations at import.
"""The officers' API: the work queue, one application, each action on it, and the quick
entry of a service event. The same domain functions and the same scope as the pages:
an application the caller may not see (or act on) is a 404; a move the state does not
allow is a 422 with the domain's message, in the one error shape."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from sigap.identifiers.nik import mask_nik
from sigap.identifiers.templatetags.identifiers import may_view_full_nik
from sigap.platform.api import ErrorOut, staff
from sigap.services import applications as domain
from sigap.services import events
from sigap.services import work_queue as wq
from sigap.services.apps import APPLICATIONS
from sigap.services.models import Application, ServiceEvent

router = Router(tags=["layanan: petugas"])
ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class QueueItemOut(Schema):
    id: int
    tracking_number: str
    service_code: str
    service_name: str
    unit_id: int
    unit_name: str
    status: str
    status_label: str
    assigned_to_id: int | None = None
    assigned_to_name: str = ""
    submitted_at: dt.datetime | None = None
    due_at: dt.datetime | None = None
    overdue: bool
    near_due: bool
    suspended: bool
    extended_at: dt.datetime | None = None
    escalated_at: dt.datetime | None = None


class QueuePageOut(Schema):
    items: list[QueueItemOut]
    next_cursor: str | None = None


class AnswerOut(Schema):
    key: str
    label: str
    type: str
    value: Any = None


class DocumentOut(Schema):
    id: int
    field_key: str
    name: str
    content_type: str
    size: int


class StepOut(Schema):
    status: str
    at: dt.datetime
    by: str = ""
    note: str = ""
    # ``note``: in the request's language; ``note_text``: the same as code stored it
    # (``{"code", "params"}``), or null for a note a person typed.
    note_text: dict[str, Any] | None = None


class EarlierOut(Schema):
    id: int
    tracking_number: str
    service_name: str
    status: str
    created_at: dt.datetime


class ApplicationOut(QueueItemOut):
    citizen_name: str
    standard_version: int
    time_limit: int
    time_unit: str
    extension_reason: str = ""
    note_to_citizen: str = ""
    answers: list[AnswerOut]
    documents: list[DocumentOut]
    steps: list[StepOut]
    earlier: list[EarlierOut]


class QueueQuery(Schema):
    tab: str = Field(wq.TAB_UNIT, pattern="^(mine|unit|waiting)$")
    status: str = Field("", pattern="^(|submitted|verified|in_process)$")
    service_id: int | None = None
    sla: str = Field("", pattern="^(|overdue|near|on_track)$")
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)


class NoteIn(Schema):
    note: str = ""


class ReasonIn(Schema):
    reason: str = ""


class ExtendIn(Schema):
    reason: str = ""
    amount: int | None = Field(None, description="Tambahan waktu dalam satuan standar")


class AssignIn(Schema):
    officer_id: int


class QuickEntryIn(Schema):
    service_id: int
    channel: str = Field(..., description="counter, phone atau outreach")
    outcome: str = Field(..., description="done, rejected, informed atau referred")
    arrived_at: dt.datetime | None = Field(None, description="Bawaan: sekarang")
    started_at: dt.datetime | None = Field(None, description="Bawaan: saat datang")
    finished_at: dt.datetime | None = Field(None, description="Bawaan: sekarang")
    note: str = Field("", max_length=300)


class ServiceEventOut(Schema):
    id: int
    service_code: str
    channel: str
    outcome: str
    requested_at: dt.datetime
    started_at: dt.datetime
    finished_at: dt.datetime
    day: dt.date
    waiting_seconds: int
    processing_seconds: int
    waiting_working_seconds: int
    processing_working_seconds: int
    note: str


def _item(app: Application, clock: Any) -> dict[str, Any]:
    return {
        "id": app.pk,
        "tracking_number": app.tracking_number,
        "service_code": app.service.code,
        "service_name": app.service.name,
        "unit_id": app.unit_id,
        "unit_name": app.unit.name,
        "status": app.status,
        "status_label": str(app.get_status_display()),
        "assigned_to_id": app.assigned_to_id,
        "assigned_to_name": app.assigned_to.full_name if app.assigned_to_id else "",
        "submitted_at": app.submitted_at,
        "due_at": app.due_at,
        "overdue": clock.overdue,
        "near_due": clock.near_due,
        "suspended": clock.suspended,
        "extended_at": app.extended_at,
        "escalated_at": app.escalated_at,
    }


def _detail(request: HttpRequest, app: Application) -> dict[str, Any]:
    clock = wq.Clocks(request.agency, timezone.now()).of(app)
    full_nik = may_view_full_nik(request)
    answers = []
    for spec in app.standard.form_fields:
        if spec.get("type") == "file":
            continue
        value = app.answers.get(spec["key"])
        if spec.get("type") == "nik" and value and not full_nik:
            value = mask_nik(str(value))
        answers.append(
            {
                "key": spec["key"],
                "label": spec.get("label", ""),
                "type": spec["type"],
                "value": value,
            }
        )
    return {
        **_item(app, clock),
        "citizen_name": app.citizen.full_name,
        "standard_version": app.standard.version,
        "time_limit": app.standard.time_limit,
        "time_unit": app.standard.time_unit,
        "extension_reason": app.extension_reason,
        "note_to_citizen": app.note_to_citizen,
        "answers": answers,
        "documents": [
            {
                "id": d.pk,
                "field_key": d.field_key,
                "name": d.original_name,
                "content_type": d.content_type,
                "size": d.size,
            }
            for d in app.documents.all()
        ],
        "steps": [
            {
                "status": s.status,
                "at": s.at,
                "by": s.by.full_name if s.by else "",
                "note": s.shown_note,
                "note_text": s.note_text,
            }
            for s in wq.timeline(app)
        ],
        "earlier": [
            {
                "id": e.pk,
                "tracking_number": e.tracking_number,
                "service_name": e.service.name,
                "status": e.status,
                "created_at": e.created_at,
            }
            for e in wq.earlier_applications(request.user, app)
        ],
    }


def _get(request: HttpRequest, application_id: int, acting: str | None = None) -> Application:
    app = wq.get_application_for(request.user, request.agency, application_id, acting=acting)
    if app is None:
        raise Http404
    return app


def _fresh(request: HttpRequest, application_id: int) -> dict[str, Any]:
    return _detail(request, _get(request, application_id))


@router.get(
    "/services/officer/queue",
    response={200: QueuePageOut, 422: ErrorOut},
    summary="Antrean permohonan petugas, paling mendesak lebih dulu",
    description=(
        "`tab`: `mine` (ditugaskan kepada saya), `unit` (semua dalam cakupan: unit dan "
        "subunit; seluruh pemda untuk peran pengawasan), `waiting` (dikembalikan, batas "
        "waktu berhenti). Urut batas waktu naik, jadi yang lewat batas waktu lebih dulu. "
        "Halaman dengan kursor (`cursor`, `limit`)."
    ),
    auth=staff(*APPLICATIONS),
)
def officer_queue(request: HttpRequest, filters: Query[QueueQuery]):
    page, clocks = wq.queue_page(
        request.user,
        request.agency,
        wq.QueueFilters(
            tab=filters.tab,
            status=filters.status,
            service_id=filters.service_id,
            sla_state=filters.sla,
        ),
        cursor=filters.cursor,
        size=filters.limit,
    )
    return {
        "items": [_item(app, app.clock) for app in page.items],
        "next_cursor": page.next_cursor,
    }


@router.get(
    "/services/officer/applications/{application_id}",
    response={200: ApplicationOut, 404: ErrorOut},
    summary="Satu permohonan untuk petugas: isian, dokumen, riwayat, permohonan lain pemohon",
    description="NIK dalam isian disamarkan kecuali peran pemanggil boleh melihatnya utuh.",
    auth=staff(*APPLICATIONS),
)
def officer_application(request: HttpRequest, application_id: int):
    return _detail(request, _get(request, application_id))


def _action(summary: str, description: str = "") -> dict[str, Any]:
    return {
        "response": {200: ApplicationOut, **ERRORS},
        "summary": summary,
        "description": description,
        "auth": staff(wq.HANDLE),
    }


@router.post(
    "/services/officer/applications/{application_id}/verify",
    **_action("Verifikasi permohonan (diajukan → terverifikasi)"),
)
def verify_application(request: HttpRequest, application_id: int):
    domain.verify(_get(request, application_id, wq.HANDLE), by=request.user)
    return _fresh(request, application_id)


@router.post(
    "/services/officer/applications/{application_id}/process",
    **_action("Mulai proses (terverifikasi → diproses)"),
)
def process_application(request: HttpRequest, application_id: int):
    domain.start_processing(_get(request, application_id, wq.HANDLE), by=request.user)
    return _fresh(request, application_id)


@router.post(
    "/services/officer/applications/{application_id}/return",
    **_action(
        "Kembalikan untuk perbaikan (catatan wajib)",
        "Batas waktu berhenti sampai pemohon mengajukan ulang.",
    ),
)
def return_application(request: HttpRequest, application_id: int, payload: NoteIn):
    domain.return_for_revision(
        _get(request, application_id, wq.HANDLE), by=request.user, note=payload.note
    )
    return _fresh(request, application_id)


@router.post(
    "/services/officer/applications/{application_id}/reject",
    **_action("Tolak permohonan (alasan wajib)"),
)
def reject_application(request: HttpRequest, application_id: int, payload: ReasonIn):
    domain.reject(_get(request, application_id, wq.HANDLE), by=request.user, reason=payload.reason)
    return _fresh(request, application_id)


@router.post(
    "/services/officer/applications/{application_id}/complete",
    **_action("Selesaikan permohonan (diproses → selesai)"),
)
def complete_application(request: HttpRequest, application_id: int, payload: NoteIn):
    domain.complete(_get(request, application_id, wq.HANDLE), by=request.user, note=payload.note)
    return _fresh(request, application_id)


@router.post(
    "/services/officer/applications/{application_id}/extend",
    **_action(
        "Perpanjang batas waktu sekali (alasan wajib)",
        "Paling banyak sebesar jangka waktu standar; `amount` kosong: sebesar itu.",
    ),
)
def extend_application(request: HttpRequest, application_id: int, payload: ExtendIn):
    domain.extend(
        _get(request, application_id, wq.HANDLE),
        by=request.user,
        reason=payload.reason,
        amount=payload.amount,
    )
    return _fresh(request, application_id)


@router.post(
    "/services/officer/applications/{application_id}/claim",
    **_action("Klaim permohonan yang belum ditangani"),
)
def claim_application(request: HttpRequest, application_id: int):
    domain.claim(_get(request, application_id, wq.HANDLE), by=request.user)
    return _fresh(request, application_id)


@router.post(
    "/services/officer/applications/{application_id}/assign",
    response={200: ApplicationOut, **ERRORS},
    summary="Alihkan permohonan ke petugas unit (kepala unit)",
    description="Petugas harus memegang peran petugas atau kepala unit di unit permohonan "
    "atau unit di atasnya, dalam cakupan kepala unit yang mengalihkan.",
    auth=staff(wq.ASSIGN),
)
def assign_application(request: HttpRequest, application_id: int, payload: AssignIn):
    app = _get(request, application_id, wq.ASSIGN)
    officers = {o.pk: o for o in wq.assignees(request.user, request.agency)}
    officer = officers.get(payload.officer_id)
    if officer is None or not wq.may_take(officer, request.agency, app.unit):
        raise ValidationError({"officer_id": "Petugas ini tidak bertugas di unit permohonan."})
    domain.assign(app, officer, by=request.user)
    return _fresh(request, application_id)


@router.post(
    "/services/officer/quick-entries",
    response={201: ServiceEventOut, 403: ErrorOut, 422: ErrorOut},
    summary="Catat layanan di loket, telepon atau jemput bola tanpa permohonan",
    auth=staff(wq.RECORD_EVENT),
)
def quick_entry(request: HttpRequest, payload: QuickEntryIn):
    service = wq.services_to_record(request.user, request.agency).filter(pk=payload.service_id)
    service = service.first()
    if service is None:
        raise ValidationError({"service_id": "Layanan tidak ditemukan di unit Anda."})
    now = timezone.now()
    event = events.record_quick_entry(
        officer_user=request.user,
        service=service,
        channel=payload.channel,
        outcome=payload.outcome,
        arrived_at=payload.arrived_at or now,
        started_at=payload.started_at,
        finished_at=payload.finished_at,
        note=payload.note,
    )
    return Status(201, _event(event))


def _event(event: ServiceEvent) -> dict[str, Any]:
    return {
        "id": event.pk,
        "service_code": event.service.code,
        "channel": event.channel,
        "outcome": event.outcome,
        "requested_at": event.requested_at,
        "started_at": event.started_at,
        "finished_at": event.finished_at,
        "day": event.day,
        "waiting_seconds": event.waiting_seconds,
        "processing_seconds": event.processing_seconds,
        "waiting_working_seconds": event.waiting_working_seconds,
        "processing_working_seconds": event.processing_working_seconds,
        "note": event.note,
    }
