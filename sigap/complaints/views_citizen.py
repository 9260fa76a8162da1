"""The complainant's and the public's pages: file a complaint (signed in or not), follow
one's complaints, track one by number (how an anonymous complainant follows, replies,
rates and reopens), and the public statistics.

A complainant's complaints are theirs in every pemda: like the citizen's applications,
the pages that name no pemda read one complaint inside its own agency (``activate``).
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sigap.complaints import handling, queries
from sigap.complaints.forms import FileForm, RateForm, ReasonForm, ReplyForm, TrackForm
from sigap.complaints.models import Complaint, ComplaintIdentity, ComplaintStep
from sigap.platform.access import citizen_required, public
from sigap.platform.forms import apply_validation_error
from sigap.services import event_links
from sigap.services.models import Application, ServiceEvent
from sigap.tenancy.context import activate


def _agency(request: HttpRequest) -> Any:
    if getattr(request, "agency", None) is None:
        raise Http404(_("Pemda tidak ditemukan."))
    return request.agency


def _application_of(request: HttpRequest, number: str) -> Application | None:
    number = (number or "").strip().upper()
    if not number:
        return None
    if not getattr(request.user, "is_citizen", False):
        raise ValidationError(
            {"application": _("Masuk sebagai warga untuk mengadukan permohonan Anda.")}
        )
    app = Application.objects.filter(tracking_number=number, citizen=request.user).first()
    if app is None:
        raise ValidationError(
            {"application": _("Permohonan tidak ditemukan di antara permohonan Anda.")}
        )
    return app


@public
@require_http_methods(["GET", "POST"])
def file(request: HttpRequest, agency_slug: str) -> HttpResponse:
    """File a complaint. Signed-in citizens file under their account (unless anonymous);
    others give a name and a contact, or file anonymously."""
    agency = _agency(request)
    is_citizen = getattr(request.user, "is_citizen", False)
    events = event_links.citizen_events(request.user, agency) if is_citizen else []
    about: event_links.About | None = None
    about_error = ""
    if request.method == "POST":
        form = FileForm(request.POST, request.FILES, events=events)
        if form.is_valid():
            data = form.cleaned_data
            try:
                anonymous = data["mode"] == Complaint.Mode.ANONYMOUS
                about = _about_of(data, agency, events)
                complaint = handling.file_complaint(
                    agency,
                    text=data["text"],
                    mode=data["mode"],
                    channel=Complaint.Channel.PORTAL,
                    citizen=request.user if is_citizen and not anonymous else None,
                    name="" if anonymous else data["name"],
                    phone="" if anonymous else data["phone"],
                    email="" if anonymous else data["email"],
                    category=data["category"],
                    address=data["address"],
                    lat=data["lat"],
                    long=data["long"],
                    application=None
                    if anonymous
                    else _application_of(request, data["application"]),
                    service_event=about.event if about else None,
                    about_kind=about.kind if about else "",
                    about_reference=about.reference if about else "",
                    attachments=[data["attachment"]] if data["attachment"] else [],
                    idempotency_key=request.POST.get("idempotency_key", ""),
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                return render(
                    request,
                    "complaints/citizen/filed.html",
                    {"complaint": complaint, "agency": agency},
                    status=201,
                )
    else:
        initial = {"application": request.GET.get("permohonan", "")}
        token = request.GET.get(event_links.QUERY_PARAMETER, "")
        form = FileForm(initial=initial, events=events)
        if token:
            try:
                about = event_links.read_about(token, agency)
            except ValidationError as exc:
                about_error = exc.messages[0]
            else:
                form.initial["about"] = token
    if about is None and form.is_bound and form.data.get("about"):
        # A failed submission keeps showing what the link was about.
        try:
            about = event_links.read_about(form.data["about"], agency)
        except ValidationError:
            about = None
    return render(
        request,
        "complaints/citizen/file.html",
        {
            "form": form,
            "agency": agency,
            "is_citizen": is_citizen,
            "about": about,
            "about_label": event_links.AboutKind(about.kind).label if about else "",
            "about_error": about_error,
            "idempotency_key": secrets.token_urlsafe(18),
        },
    )


def _about_of(
    data: dict[str, Any], agency: Any, events: list[ServiceEvent]
) -> event_links.About | None:
    """The service event the complaint is about: from the signed link the citizen
    followed, or picked from their own recent services."""
    if data.get("about"):
        try:
            return event_links.read_about(data["about"], agency)
        except ValidationError as exc:  # the field is hidden: say it above the form
            raise ValidationError(exc.messages[0]) from None
    if data.get("event"):
        for event in events:
            if event.pk == data["event"]:
                return event_links.About(
                    event=event, kind=event_links.AboutKind.SERVICE, reference=""
                )
        raise ValidationError({"event": _("Layanan tidak ditemukan di antara layanan Anda.")})
    return None


# ---------------------------------------------------------------------- following


def _timeline(complaint: Complaint) -> list[ComplaintStep]:
    return list(ComplaintStep.objects.filter(complaint=complaint, public=True).order_by("at", "pk"))


def _page(request: HttpRequest, complaint: Complaint, template: str, **extra: Any) -> HttpResponse:
    timezone.activate(complaint.agency.zone)
    context = {
        "complaint": complaint,
        "steps": _timeline(complaint),
        "reply_form": ReplyForm(),
        "rate_form": RateForm(),
        "reopen_form": ReasonForm(),
        "may_rate": complaint.status in (Complaint.Status.ANSWERED, Complaint.Status.CLOSED)
        and complaint.rating is None,
        "may_reopen": complaint.status in (Complaint.Status.ANSWERED, Complaint.Status.CLOSED)
        and complaint.reopened_at is None,
        "may_reply": complaint.status not in (Complaint.Status.REJECTED, Complaint.Status.MERGED),
        **extra,
    }
    response = render(request, template, context)
    response["Cache-Control"] = "private, no-store"
    # The number is in the address: never sent to another site. Not "no-referrer": the
    # page posts its forms, and Chromium then sends "Origin: null", which Django's CSRF
    # check refuses (the browser journey's rating failed with 403).
    response["Referrer-Policy"] = "same-origin"
    return response


@citizen_required
@require_GET
def my_complaints(request: HttpRequest) -> HttpResponse:
    ids = ComplaintIdentity.all_objects.filter(user=request.user).values_list(
        "complaint_id", flat=True
    )
    rows = list(
        Complaint.all_objects.filter(pk__in=list(ids))
        .select_related("agency", "category")
        .order_by("-created_at")[:100]
    )
    return render(request, "complaints/citizen/mine.html", {"complaints": rows})


def _mine(request: HttpRequest, number: str) -> Complaint:
    identity = (
        ComplaintIdentity.all_objects.filter(user=request.user, complaint__tracking_number=number)
        .select_related("complaint__agency")
        .first()
    )
    if identity is None:
        raise Http404(_("Pengaduan tidak ditemukan."))
    return identity.complaint


@citizen_required
@require_http_methods(["GET", "POST"])
def my_complaint(request: HttpRequest, complaint_number: str) -> HttpResponse:
    complaint = _mine(request, complaint_number)
    with activate(complaint.agency):
        if request.method == "POST":
            return _act(request, complaint, by_number=False)
        return _page(request, complaint, "complaints/citizen/detail.html")


def _act(request: HttpRequest, complaint: Complaint, *, by_number: bool) -> HttpResponse:
    """Reply, rate or reopen, as the complainant (account, or the number if anonymous)."""
    action = request.POST.get("action")
    user = request.user if request.user.is_authenticated else None
    forms = {"reply": ReplyForm, "rate": RateForm, "reopen": ReasonForm}
    if action not in forms:
        raise Http404
    form = forms[action](request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "reply":
                handling.reply(
                    complaint, text=data["text"], user=user, by_tracking_number=by_number
                )
            elif action == "rate":
                handling.rate(
                    complaint,
                    rating=data["rating"],
                    note=data["note"],
                    user=user,
                    by_tracking_number=by_number,
                )
            else:
                handling.reopen(
                    complaint, reason=data["reason"], user=user, by_tracking_number=by_number
                )
        except PermissionDenied:
            raise Http404(_("Pengaduan tidak ditemukan.")) from None
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Tersimpan."))
            if by_number:
                return redirect(reverse("complaints:track") + f"?nomor={complaint.tracking_number}")
            return redirect("complaints:my_complaint", complaint.tracking_number)
    complaint.refresh_from_db()
    template = "complaints/citizen/track.html" if by_number else "complaints/citizen/detail.html"
    return _page(request, complaint, template, **{f"{action}_form": form, "form": TrackForm()})


@public
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Anyone holding the number sees the state, the timeline and the answer; an
    anonymous complainant also replies, rates and reopens here. No identity is shown."""
    number = (request.GET.get("nomor") or request.POST.get("nomor") or "").strip().upper()
    if not number:
        return render(request, "complaints/citizen/track.html", {"form": TrackForm()})
    complaint = (
        Complaint.all_objects.select_related("agency", "category", "unit")
        .filter(tracking_number=number)
        .first()
    )
    if complaint is None:
        response = render(
            request,
            "complaints/citizen/track.html",
            {"form": TrackForm(initial={"nomor": number}), "searched": True},
            status=404,
        )
        response["Cache-Control"] = "private, no-store"
        return response
    with activate(complaint.agency):
        if request.method == "POST":
            if complaint.mode != Complaint.Mode.ANONYMOUS:
                raise PermissionDenied(_("Masuk ke akun Anda untuk menanggapi pengaduan ini."))
            return _act(request, complaint, by_number=True)
        return _page(
            request,
            complaint,
            "complaints/citizen/track.html",
            form=TrackForm(initial={"nomor": number}),
            searched=True,
            anonymous=complaint.mode == Complaint.Mode.ANONYMOUS,
        )


# ---------------------------------------------------------------------- public statistics


@public
@require_GET
def public_stats(request: HttpRequest, agency_slug: str) -> HttpResponse:
    agency = _agency(request)
    today = agency.today()
    try:
        year = int(request.GET.get("tahun", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2000), today.year)
    stats = queries.public_stats(agency, year)
    return render(
        request,
        "complaints/public/stats.html",
        {
            "agency": agency,
            "year": year,
            "years": list(range(today.year, max(today.year - 5, 1999), -1)),
            "stats": stats,
            "generated": dt.datetime.now(dt.UTC),
        },
    )
