"""The staff's complaint pages: the unit's inbox, the triage list, one complaint with
the actions the user's roles allow, recording a caller's complaint, the classifier's
report and the LAPOR! exchange. Thin: every write is a ``handling`` function.

What a unit sees of a confidential or anonymous complaint: its text, category,
place, service and timeline, never who filed it nor the application it is about (the
application names its applicant). ``complaints.view_identity`` (the inspectorate)
opens a confidential complainant's identity with a reason recorded in the trail.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.complaints import classifier, duplicates, handling, lapor, queries
from sigap.complaints.apps import INBOX
from sigap.complaints.forms import (
    AnswerForm,
    FileForm,
    LaporImportForm,
    MergeForm,
    NoteForm,
    ReasonForm,
    RouteForm,
    TemplatePickForm,
)
from sigap.complaints.models import Complaint, ComplaintIdentity, ComplaintStep, ResponseTemplate
from sigap.complaints.retraining import request_retraining
from sigap.platform.access import may, staff_permission_required
from sigap.platform.forms import apply_validation_error

HANDLE = "complaints.handle_unit_complaint"
TRIAGE = "complaints.triage_all_complaint"
IDENTITY = "complaints.view_identity"
FILE_FOR = "complaints.file_for_citizen"
MANAGE = "complaints.manage_all_category"
LAPOR = "complaints.exchange_lapor"


def _complaint(request: HttpRequest, complaint_id: int) -> Complaint:
    complaint = queries.get_complaint_for(request.user, request.agency, complaint_id)
    if complaint is None:
        raise Http404(_("Pengaduan tidak ditemukan."))
    return complaint


@staff_permission_required(*INBOX)
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("status", "open")
    if state not in ("open", "answered", "closed"):
        state = "open"
    rows = queries.inbox(request.user, request.agency, state=state)
    return render(
        request,
        "complaints/staff/inbox.html",
        {
            "rows": rows,
            "state": state,
            "now": timezone.now(),
            "may_triage": may(request.user, request.agency, TRIAGE),
        },
    )


@staff_permission_required(TRIAGE)
@require_GET
def triage(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "complaints/staff/triage.html",
        {
            "rows": queries.triage(request.agency, request.GET.get("nomor", "")),
            "now": timezone.now(),
            "nomor": request.GET.get("nomor", ""),
        },
    )


def _detail(
    request: HttpRequest, complaint: Complaint, status: int = 200, **forms: Any
) -> HttpResponse:
    user, agency = request.user, request.agency
    may_triage = may(user, agency, TRIAGE)
    may_handle = (
        may(user, agency, HANDLE)
        and complaint.unit_id is not None
        and queries.visible(user, agency).filter(pk=complaint.pk).exists()
    )
    identity = None
    if complaint.mode == Complaint.Mode.IDENTIFIED:
        identity = ComplaintIdentity.objects.filter(complaint=complaint).first()
    suggestion = None
    if may_triage and complaint.status == Complaint.Status.RECEIVED:
        suggestion = classifier.suggest(agency, complaint.text)
    templates = ResponseTemplate.objects.all()
    picked = None
    if request.GET.get("templat", "").isdigit():
        picked = templates.filter(pk=int(request.GET["templat"])).first()
    route_initial = {}
    if complaint.status == Complaint.Status.RECEIVED:
        category = complaint.category or complaint.suggested_category
        if category is not None:
            # The unit is left empty: the chosen category's unit is used, so a desk that
            # changes the category does not send it to the suggested category's unit.
            route_initial = {"category": category}
    steps = (
        ComplaintStep.objects.filter(complaint=complaint).select_related("by").order_by("at", "pk")
    )
    context = {
        "complaint": complaint,
        "identity": forms.pop("identity", identity),
        "steps": steps,
        "suggestion": suggestion,
        "ranked": [
            (code, round(p * 100)) for code, p in (suggestion.ranked[:3] if suggestion else [])
        ],
        "duplicates": duplicates.possible_duplicates(complaint)
        if may_triage and complaint.is_open
        else [],
        "may_triage": may_triage,
        "may_handle": may_handle,
        "may_reveal": may(user, agency, IDENTITY) and complaint.mode == Complaint.Mode.CONFIDENTIAL,
        "show_application": complaint.mode == Complaint.Mode.IDENTIFIED,
        "route_form": forms.pop("route_form", None) or RouteForm(initial=route_initial),
        "answer_form": forms.pop("answer_form", None)
        or AnswerForm(initial={"text": picked.body} if picked else {}),
        "template_form": TemplatePickForm(initial={"templat": picked}),
        "reject_form": forms.pop("reject_form", None) or ReasonForm(),
        "merge_form": forms.pop("merge_form", None) or MergeForm(),
        "reveal_form": forms.pop("reveal_form", None) or ReasonForm(),
        "note_form": NoteForm(),
        "now": timezone.now(),
    }
    return render(request, "complaints/staff/detail.html", context, status=status)


@staff_permission_required(*INBOX, TRIAGE)
@require_GET
def detail(request: HttpRequest, complaint_id: int) -> HttpResponse:
    return _detail(request, _complaint(request, complaint_id))


def _done(request: HttpRequest, complaint: Complaint, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("complaints:detail", complaint.pk)


@staff_permission_required(TRIAGE)
@require_POST
def route(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = _complaint(request, complaint_id)
    form = RouteForm(request.POST)
    if form.is_valid():
        try:
            handling.route(
                complaint,
                category=form.cleaned_data["category"],
                unit=form.cleaned_data["unit"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return _done(request, complaint, _("Pengaduan diteruskan."))
    return _detail(request, complaint, status=422, route_form=form)


def _handled(request: HttpRequest, complaint_id: int) -> Complaint:
    complaint = _complaint(request, complaint_id)
    if (
        complaint.unit_id is None
        or not queries.visible(request.user, request.agency).filter(pk=complaint.pk).exists()
    ):
        raise PermissionDenied(_("Pengaduan ini bukan untuk unit Anda."))
    return complaint


@staff_permission_required(HANDLE)
@require_POST
def follow_up(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = _handled(request, complaint_id)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        handling.start_follow_up(complaint, by=request.user, note=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("complaints:detail", complaint.pk)
    return _done(request, complaint, _("Pengaduan ditindaklanjuti."))


@staff_permission_required(HANDLE)
@require_POST
def answer(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = _handled(request, complaint_id)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            handling.answer(complaint, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return _done(request, complaint, _("Jawaban terkirim ke pelapor."))
    return _detail(request, complaint, status=422, answer_form=form)


@staff_permission_required(TRIAGE)
@require_POST
def reject(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = _complaint(request, complaint_id)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            handling.reject(complaint, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return _done(request, complaint, _("Pengaduan ditolak."))
    return _detail(request, complaint, status=422, reject_form=form)


@staff_permission_required(TRIAGE)
@require_POST
def merge(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = _complaint(request, complaint_id)
    form = MergeForm(request.POST)
    if form.is_valid():
        target = Complaint.objects.filter(
            tracking_number=form.cleaned_data["into"].strip().upper()
        ).first()
        try:
            if target is None:
                raise ValidationError({"into": _("Pengaduan tujuan tidak ditemukan.")})
            handling.merge(complaint, into=target, by=request.user)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return _done(request, complaint, _("Pengaduan digabung."))
    return _detail(request, complaint, status=422, merge_form=form)


@staff_permission_required(IDENTITY)
@require_POST
def reveal(request: HttpRequest, complaint_id: int) -> HttpResponse:
    """The identity is shown on this response only, never stored for later pages."""
    complaint = _complaint(request, complaint_id)
    form = ReasonForm(request.POST)
    if complaint.mode != Complaint.Mode.CONFIDENTIAL:
        raise Http404
    if form.is_valid():
        try:
            identity = handling.reveal_identity(
                complaint, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            response = _detail(request, complaint, identity=identity)
            response["Cache-Control"] = "private, no-store"
            return response
    return _detail(request, complaint, status=422, reveal_form=form)


@staff_permission_required(FILE_FOR)
@require_http_methods(["GET", "POST"])
def file_for_caller(request: HttpRequest) -> HttpResponse:
    """An officer records a caller's complaint (by phone, at the counter)."""
    form = FileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = handling.file_complaint(
                request.agency,
                text=data["text"],
                mode=data["mode"],
                channel=Complaint.Channel.OFFICER,
                name=data["name"],
                phone=data["phone"],
                email=data["email"],
                category=data["category"],
                address=data["address"],
                lat=data["lat"],
                long=data["long"],
                attachments=[data["attachment"]] if data["attachment"] else [],
                filed_by=request.user,
                idempotency_key=request.POST.get("idempotency_key", ""),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Pengaduan dicatat dengan nomor %(n)s. Sampaikan nomor ini kepada pelapor.")
                % {"n": complaint.tracking_number},
            )
            return redirect("complaints:file_for_caller")
    return render(request, "complaints/staff/file.html", {"form": form})


@staff_permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def routing_report(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        request_retraining(request.agency, by=request.user)
        messages.success(request, _("Pelatihan ulang dijadwalkan pada pekerja latar."))
        return redirect("complaints:routing_report")
    from sigap.complaints.models import ClassifierModel

    return render(
        request,
        "complaints/staff/routing_report.html",
        {
            "report": queries.routing_report(request.agency),
            "model": ClassifierModel.objects.filter(is_active=True)
            .only("trained_at", "samples", "holdout_accuracy", "classes")
            .first(),
            "threshold": classifier.threshold(),
            "min_samples": classifier.MIN_SAMPLES,
        },
    )


@staff_permission_required(LAPOR)
@require_http_methods(["GET", "POST"])
def lapor_exchange(request: HttpRequest) -> HttpResponse:
    form = LaporImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            rows = json.loads(form.cleaned_data["file"].read().decode("utf-8"))
            result = lapor.import_forwarded(request.agency, _Rows(rows), by=request.user)
        except (ValueError, UnicodeDecodeError):
            form.add_error("file", _("Berkas bukan JSON yang valid."))
        except ValidationError as exc:
            apply_validation_error(form, exc)
    return render(request, "complaints/staff/lapor.html", {"form": form, "result": result})


class _Rows:
    def __init__(self, rows: Any) -> None:
        if not isinstance(rows, list):
            raise ValidationError(
                {"file": _("Berkas LAPOR! harus berisi daftar pengaduan (JSON).")}
            )
        self.rows = rows

    def forwarded(self) -> list[dict]:
        return [r for r in self.rows if isinstance(r, dict)]

    def send(self, rows: list[dict]) -> None:  # pragma: no cover - import only
        raise NotImplementedError


@staff_permission_required(LAPOR)
@require_GET
def lapor_export(request: HttpRequest) -> HttpResponse:
    rows = lapor.export_rows(request.agency, by=request.user)
    response = HttpResponse(
        json.dumps(rows, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="pengaduan-{request.agency.slug}-lapor.json"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
