# No "from __future__ import annotations": django-ninja reads real annotations at import.
"""The complaints API: citizens file and follow, staff read their inbox, route with
Sigap's suggestion, answer, and exchange with SP4N-LAPOR!. Same domain functions and
scope as the pages: a complaint the caller may not see is a 404, a refused move a 422.
A unit never receives the identity of a confidential or anonymous complainant: the
staff schema carries ``complainant`` only for identified complaints."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from sigap.complaints import classifier, handling, lapor, queries
from sigap.complaints.apps import INBOX
from sigap.complaints.models import Complaint, ComplaintIdentity, ComplaintStep
from sigap.platform.api import ErrorOut, citizen, staff
from sigap.services import event_links
from sigap.services.models import Application
from sigap.tenancy.context import activate, unscoped
from sigap.tenancy.models import Agency

router = Router(tags=["pengaduan"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
TRIAGE = "complaints.triage_all_complaint"
HANDLE = "complaints.handle_unit_complaint"
LAPOR = "complaints.exchange_lapor"


class FileIn(Schema):
    agency: str  # the pemda's slug
    text: str
    mode: str = "identified"
    category: str = ""
    address: str = ""
    lat: float | None = None
    long: float | None = None
    application: str = ""  # the tracking number of one's application
    # The signed link to a service event (``?tentang=`` of the page after a service).
    about: str = ""
    idempotency_key: str = ""


class StepOut(Schema):
    kind: str
    status: str
    at: dt.datetime
    note: str = ""
    # ``note``: in the request's language; ``note_text``: the same as code stored it
    # (``{"code", "params"}``), or null for a note a person typed.
    note_text: dict[str, Any] | None = None


class ComplaintOut(Schema):
    tracking_number: str
    status: str
    status_label: str
    mode: str
    category: str | None = None
    unit: str | None = None
    text: str
    answer: str = ""
    created_at: dt.datetime
    due_at: dt.datetime | None = None
    rating: int | None = None
    steps: list[StepOut] = []


class StaffComplaintOut(ComplaintOut):
    id: int
    channel: str
    service: str | None = None
    served_on: dt.date | None = None
    officer: str | None = None  # who served the complainant, when the complaint names it
    about_kind: str = ""
    about_reference: str = ""  # identified complaints only
    suggested_category: str | None = None
    suggestion_confidence: float | None = None
    needs_triage: bool
    escalation_level: int
    complainant: str | None = None  # identified complaints only


class SuggestionOut(Schema):
    category: str | None = None
    confidence: float
    source: str
    abstained: bool
    top3: list[str]


class RouteIn(Schema):
    category: str
    unit_id: int | None = None


class AnswerIn(Schema):
    text: str


class ImportIn(Schema):
    rows: list[dict[str, Any]]


class ImportOut(Schema):
    created: int
    existing: int
    refused: list[list[str]]


def _steps(complaint: Complaint, *, public_only: bool) -> list[dict[str, Any]]:
    prefetched = getattr(complaint, "_prefetched_objects_cache", {}).get("steps")
    if prefetched is not None:  # a list read in one query (``inbox``)
        steps = sorted(prefetched, key=lambda s: (s.at, s.pk))
    else:
        steps = ComplaintStep.objects.filter(complaint=complaint).order_by("at", "pk")
    return [
        {
            "kind": s.kind,
            "status": s.status,
            "at": s.at,
            "note": s.shown_note,
            "note_text": s.note_text,
        }
        for s in steps
        if s.public or not public_only
    ]


def _out(complaint: Complaint, *, public_only: bool = True) -> dict[str, Any]:
    return {
        "tracking_number": complaint.tracking_number,
        "status": complaint.status,
        "status_label": str(complaint.get_status_display()),
        "mode": complaint.mode,
        "category": complaint.category.code if complaint.category else None,
        "unit": complaint.unit.name if complaint.unit else None,
        "text": complaint.text,
        "answer": complaint.answer,
        "created_at": complaint.created_at,
        "due_at": complaint.due_at,
        "rating": complaint.rating,
        "steps": _steps(complaint, public_only=public_only),
    }


def _staff_out(complaint: Complaint, *, names: dict[int, str] | None = None) -> dict[str, Any]:
    """``names``: identified complainants' names read for a whole list at once."""
    complainant = None
    if complaint.mode == Complaint.Mode.IDENTIFIED:
        if names is not None:
            complainant = names.get(complaint.pk)
        else:
            identity = ComplaintIdentity.objects.filter(complaint=complaint).first()
            complainant = identity.name if identity else None
    return {
        **_out(complaint, public_only=False),
        "id": complaint.pk,
        "channel": complaint.channel,
        "service": complaint.service.name if complaint.service else None,
        "served_on": complaint.served_on,
        "officer": complaint.officer.full_name if complaint.officer else None,
        "about_kind": complaint.about_kind,
        "about_reference": complaint.about_reference if complainant is not None else "",
        "suggested_category": complaint.suggested_category.code
        if complaint.suggested_category
        else None,
        "suggestion_confidence": complaint.suggestion_confidence,
        "needs_triage": complaint.needs_triage,
        "escalation_level": complaint.escalation_level,
        "complainant": complainant,
    }


# ---------------------------------------------------------------------- citizens


@router.post(
    "/pengaduan",
    response={201: ComplaintOut, 200: ComplaintOut, **ERRORS},
    auth=citizen,
    summary="Ajukan pengaduan (warga)",
)
def file_complaint(request: HttpRequest, payload: FileIn):
    with unscoped():
        agency = Agency.objects.filter(slug=payload.agency, is_active=True).first()
    if agency is None:
        raise ValidationError({"agency": _("Pemda tidak ditemukan.")})
    with activate(agency):
        application = None
        anonymous = payload.mode == Complaint.Mode.ANONYMOUS
        if payload.application and not anonymous:
            application = Application.objects.filter(
                tracking_number=payload.application.strip().upper(), citizen=request.user
            ).first()
            if application is None:
                raise ValidationError(
                    {"application": _("Permohonan tidak ditemukan di antara permohonan Anda.")}
                )
        about = event_links.read_about(payload.about, agency) if payload.about else None
        key = payload.idempotency_key.strip()
        before = Complaint.objects.filter(idempotency_key=key).exists() if key else False
        complaint = handling.file_complaint(
            agency,
            text=payload.text,
            mode=payload.mode,
            channel=Complaint.Channel.API,
            citizen=None if anonymous else request.user,
            category=payload.category or None,
            address=payload.address,
            lat=payload.lat,
            long=payload.long,
            application=application,
            service_event=about.event if about else None,
            about_kind=about.kind if about else "",
            about_reference=about.reference if about else "",
            idempotency_key=key,
        )
        return Status(200 if before else 201, _out(complaint))


@router.get(
    "/pengaduan/saya",
    response={200: list[ComplaintOut], **ERRORS},
    auth=citizen,
    summary="Pengaduan saya (warga)",
)
def my_complaints(request: HttpRequest):
    ids = ComplaintIdentity.all_objects.filter(user=request.user).values_list(
        "complaint_id", flat=True
    )
    rows = Complaint.all_objects.filter(pk__in=list(ids)).select_related(
        "agency", "category", "unit"
    )
    out = []
    for complaint in rows.order_by("-created_at")[:100]:
        with activate(complaint.agency):
            out.append(_out(complaint))
    return out


@router.get(
    "/pengaduan/saya/{complaint_number}",
    response={200: ComplaintOut, **ERRORS},
    auth=citizen,
    summary="Satu pengaduan saya (warga)",
)
def my_complaint(request: HttpRequest, complaint_number: str):
    identity = (
        ComplaintIdentity.all_objects.filter(
            user=request.user, complaint__tracking_number=complaint_number
        )
        .select_related("complaint__agency")
        .first()
    )
    if identity is None:
        raise Http404(_("Pengaduan tidak ditemukan."))
    with activate(identity.complaint.agency):
        return _out(identity.complaint)


# ---------------------------------------------------------------------- staff


def _for(request: HttpRequest, complaint_id: int) -> Complaint:
    complaint = queries.get_complaint_for(request.user, request.agency, complaint_id)
    if complaint is None:
        raise Http404(_("Pengaduan tidak ditemukan."))
    return complaint


@router.get(
    "/kerja/pengaduan",
    response={200: list[StaffComplaintOut], **ERRORS},
    auth=staff(*INBOX),
    summary="Kotak masuk pengaduan unit",
)
def inbox(request: HttpRequest, status: str = "open"):
    # The page's lean rows name the complaints; the API's fuller shape reads them again
    # with everything it prints in a fixed number of queries, not a few per row.
    ids = [c.pk for c in queries.inbox(request.user, request.agency, state=status)]
    full = (
        Complaint.objects.filter(pk__in=ids)
        .select_related("category", "unit", "service", "officer", "suggested_category")
        .prefetch_related("steps")
    )
    by_id = {c.pk: c for c in full}
    identified = [pk for pk, c in by_id.items() if c.mode == Complaint.Mode.IDENTIFIED]
    names = dict(
        ComplaintIdentity.objects.filter(complaint_id__in=identified).values_list(
            "complaint_id", "name"
        )
    )
    return [_staff_out(by_id[pk], names=names) for pk in ids]


@router.get(
    "/kerja/pengaduan/{complaint_id}",
    response={200: StaffComplaintOut, **ERRORS},
    auth=staff(*INBOX, TRIAGE),
    summary="Satu pengaduan",
)
def detail(request: HttpRequest, complaint_id: int):
    return _staff_out(_for(request, complaint_id))


@router.get(
    "/kerja/pengaduan/{complaint_id}/saran",
    response={200: SuggestionOut, **ERRORS},
    auth=staff(TRIAGE),
    summary="Saran kategori Sigap (abstain bila tidak yakin)",
)
def suggestion(request: HttpRequest, complaint_id: int):
    complaint = _for(request, complaint_id)
    s = classifier.suggest(request.agency, complaint.text)
    return {
        "category": s.category,
        "confidence": s.confidence,
        "source": s.source,
        "abstained": s.abstained,
        "top3": s.top(3),
    }


@router.post(
    "/kerja/pengaduan/{complaint_id}/teruskan",
    response={200: StaffComplaintOut, **ERRORS},
    auth=staff(TRIAGE),
    summary="Verifikasi dan teruskan, atau alihkan",
)
def route(request: HttpRequest, complaint_id: int, payload: RouteIn):
    from sigap.tenancy.models import OrgUnit

    complaint = _for(request, complaint_id)
    unit = None
    if payload.unit_id is not None:
        unit = OrgUnit.objects.filter(pk=payload.unit_id).first()
        if unit is None:
            raise ValidationError({"unit_id": _("Unit tidak ditemukan.")})
    return _staff_out(
        handling.route(complaint, category=payload.category, unit=unit, by=request.user)
    )


@router.post(
    "/kerja/pengaduan/{complaint_id}/jawab",
    response={200: StaffComplaintOut, **ERRORS},
    auth=staff(HANDLE),
    summary="Jawab pengaduan",
)
def answer(request: HttpRequest, complaint_id: int, payload: AnswerIn):
    complaint = _for(request, complaint_id)
    if (
        complaint.unit_id is None
        or not queries.visible(request.user, request.agency).filter(pk=complaint.pk).exists()
    ):
        raise Http404(_("Pengaduan tidak ditemukan."))
    return _staff_out(handling.answer(complaint, text=payload.text, by=request.user))


@router.get(
    "/kerja/pengaduan-lapor/ekspor",
    response={200: list[dict[str, Any]], **ERRORS},
    auth=staff(LAPOR),
    summary="Ekspor ke SP4N-LAPOR! (tanpa identitas pelapor)",
)
def lapor_export(request: HttpRequest):
    return lapor.export_rows(request.agency, by=request.user)


class _Rows:
    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows

    def forwarded(self) -> list[dict[str, Any]]:
        return self.rows

    def send(self, rows: list[dict[str, Any]]) -> None:  # pragma: no cover - import only
        raise NotImplementedError


@router.post(
    "/kerja/pengaduan-lapor/impor",
    response={200: ImportOut, **ERRORS},
    auth=staff(LAPOR),
    summary="Impor pengaduan yang diteruskan SP4N-LAPOR! (idempoten)",
)
def lapor_import(request: HttpRequest, payload: ImportIn):
    result = lapor.import_forwarded(request.agency, _Rows(payload.rows), by=request.user)
    return {
        "created": result.created,
        "existing": result.existing,
        "refused": [list(r) for r in result.refused],
    }
