"""The citizen's pages: apply for a service, come back to a draft, follow and fix one's
applications, open one's documents; the public tracking page; and what makes the
citizen pages installable (the web app manifest and the service worker).

A citizen's applications are theirs in every pemda, so these pages (apart from the
apply page, which names its pemda in the URL) run with no agency active and read one
application inside its own agency (``activate``), in its pemda's time zone.
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sigap.platform.access import citizen_required, login_only, public
from sigap.platform.pagination import BadCursor, keyset_page
from sigap.services import applications
from sigap.services.catalogue import standard_in_force
from sigap.services.forms_citizen import TrackForm, answers_from, application_form, rows
from sigap.services.forms_in_data import display_value, specs
from sigap.services.lapse import fix_by
from sigap.services.models import (
    Application,
    ApplicationDocument,
    ApplicationStep,
    Service,
    ServiceStandard,
)
from sigap.services.tracking import normalize
from sigap.tenancy.context import activate
from sigap.workcal.calendar import WorkingCalendar

S = Application.Status
EDITABLE = (S.DRAFT, S.RETURNED)
MY_APPLICATIONS_PAGE = 30
OFFLINE_HEADER = "X-Sigap-Offline"
SW_VERSION = "1"
KEY_CHARS = re.compile(r"[^A-Za-z0-9_-]")


# ------------------------------------------------------------------ helpers


def zone_label(agency: Any) -> str:
    """The zone's short name (WIB, WITA, WIT): dates on a citizen's pages say whose clock."""
    return agency.get_time_zone_display().split(" ")[0]


def _max_mb() -> str:
    mb = settings.SIGAP_UPLOAD_MAX_BYTES / (1024 * 1024)
    return f"{mb:g}" if mb >= 1 else f"{mb:.2f}"


def offline_key(user: Any) -> str:
    """An opaque name for the user's offline copies: the service worker keeps one
    user's pages at a time and drops them when another user's pages arrive."""
    return salted_hmac("sigap.services.offline", str(user.pk)).hexdigest()[:20]


def _personal(response: HttpResponse, request: HttpRequest) -> HttpResponse:
    """Mark a citizen's own list or detail page: the service worker may keep it for
    reading offline (under this user's key); shared caches must not keep it at all."""
    response[OFFLINE_HEADER] = offline_key(request.user)
    response["Cache-Control"] = "private, no-cache"
    return response


def _own_application(request: HttpRequest, tracking_number: str) -> Application:
    try:
        return applications.get_application_for_citizen(request.user, tracking_number)
    except Application.DoesNotExist:
        raise Http404(_("Permohonan tidak ditemukan.")) from None


def _documents(app: Application) -> dict[str, ApplicationDocument]:
    return {d.field_key: d for d in app.documents.order_by("uploaded_at", "pk")}


def _idempotency_key(request: HttpRequest) -> str:
    raw = KEY_CHARS.sub("", request.POST.get("idempotency_key", ""))[:60]
    return f"web:{raw}" if raw else ""


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)


# ------------------------------------------------------------------ apply


def _service(request: HttpRequest, service_code: str) -> Service:
    service = (
        Service.objects.select_related("unit", "agency")
        .filter(code=service_code.upper(), is_active=True)
        .first()
    )
    if service is None:
        raise Http404(_("Layanan tidak ditemukan."))
    return service


@citizen_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, agency_slug: str, service_code: str) -> HttpResponse:
    """Fill the service's form: save it as a draft to come back to, or submit it."""
    service = _service(request, service_code)
    standard = standard_in_force(service)
    if not service.accepts_online or standard is None:
        return render(request, "services/citizen/not_online.html", {"service": service}, status=404)
    if request.method == "POST":
        return _start_from_post(request, service, standard)
    drafts = [
        a
        for a in applications.applications_of(request.user).filter(service=service)
        if a.status in EDITABLE
    ]
    form = application_form(standard)
    return render(
        request,
        "services/citizen/apply.html",
        {
            "service": service,
            "standard": standard,
            "rows": rows(form, standard),
            "form": form,
            "drafts": drafts,
            "idempotency_key": secrets.token_urlsafe(18),
            "zone": zone_label(service.agency),
            "max_mb": _max_mb(),
        },
    )


def _start_from_post(
    request: HttpRequest, service: Service, standard: ServiceStandard
) -> HttpResponse:
    form = application_form(standard, data=request.POST, files=request.FILES)
    if not form.is_valid():
        # Values the browser could not even turn into a date or a number: nothing is
        # written, the same page shows the errors.
        return render(
            request,
            "services/citizen/apply.html",
            {
                "service": service,
                "standard": standard,
                "rows": rows(form, standard),
                "form": form,
                "drafts": [],
                "idempotency_key": request.POST.get("idempotency_key", ""),
                "zone": zone_label(service.agency),
                "max_mb": _max_mb(),
            },
        )
    key = _idempotency_key(request)
    answers = answers_from(form, standard)
    answer_errors: ValidationError | None = None
    try:
        app = applications.start_application(
            request.user, service, answers=answers, idempotency_key=key
        )
    except ValidationError as exc:
        # Keep the draft (and the documents sent with it) even when an answer is wrong:
        # the citizen fixes that one answer instead of choosing every file again.
        answer_errors = exc
        app = applications.start_application(request.user, service, idempotency_key=key)
    if app.status not in EDITABLE:
        # The second click of a double submit: the first one filed it already.
        return redirect("services:my_application", app.tracking_number)
    return _save(request, app, form, answers=None, errors=answer_errors)


def _save(
    request: HttpRequest,
    app: Application,
    form: Any,
    *,
    answers: dict[str, Any] | None,
    errors: ValidationError | None = None,
) -> HttpResponse:
    """Save the posted answers and files onto ``app`` (a draft or a returned
    application), then submit it when asked. Errors come back on their fields."""
    with activate(app.agency):
        standard = app.standard
        found: list[ValidationError] = [errors] if errors else []
        try:
            if answers is not None:
                app = applications.save_answers(app, request.user, answers)
            for spec in specs(standard.form_fields):
                upload = request.FILES.get(spec.key) if spec.type == "file" else None
                if upload is None:
                    continue
                try:
                    applications.attach_document(app, request.user, spec.key, upload)
                except ValidationError as exc:
                    found.append(exc)
            if not found and request.POST.get("action") == "submit":
                resubmitting = app.status == S.RETURNED
                app = applications.submit(app, request.user)
                if resubmitting:
                    text = _("Perbaikan terkirim. Permohonan %(n)s diajukan ulang.")
                else:
                    text = _("Permohonan terkirim. Nomor pelacakan Anda: %(n)s.")
                messages.success(request, text % {"n": app.tracking_number})
                return redirect("services:my_application", app.tracking_number)
        except ValidationError as exc:
            found.append(exc)
        except PermissionDenied:
            raise Http404 from None
        app.refresh_from_db()
        if app.status not in EDITABLE:
            # A twin request filed it meanwhile: nothing left to edit.
            return redirect("services:my_application", app.tracking_number)
        if not found:
            messages.success(request, _("Konsep tersimpan. Anda dapat melanjutkannya kapan saja."))
            return redirect("services:edit_application", app.tracking_number)
        for exc in found:
            _add_errors(form, exc)
        return _render_edit(request, app, form, status=200)


def _render_edit(request: HttpRequest, app: Application, form: Any, *, status: int) -> HttpResponse:
    with activate(app.agency):
        timezone.activate(app.agency.zone)
        context = {
            "app": app,
            "service": app.service,
            "standard": app.standard,
            "form": form,
            "rows": rows(form, app.standard, _documents(app)),
            "zone": zone_label(app.agency),
            "max_mb": _max_mb(),
        }
        html = render_to_string("services/citizen/edit.html", context, request=request)
    return HttpResponse(html, status=status)


@citizen_required
@require_http_methods(["GET", "POST"])
def edit_application(request: HttpRequest, tracking_number: str) -> HttpResponse:
    """A draft to finish, or a returned application to fix: the form with what was
    saved, the documents already sent, and what the officer asked to fix."""
    app = _own_application(request, tracking_number)
    if app.status not in EDITABLE:
        if request.method == "POST":
            messages.info(request, _("Permohonan ini sudah diajukan."))
        return redirect("services:my_application", app.tracking_number)
    with activate(app.agency):
        standard = app.standard
        if request.method == "POST":
            form = application_form(standard, data=request.POST, files=request.FILES)
            if form.is_valid():
                return _save(request, app, form, answers=answers_from(form, standard))
        else:
            form = application_form(standard, initial=dict(app.answers))
    return _render_edit(request, app, form, status=200)


# ------------------------------------------------------------------ my applications


@citizen_required
@require_GET
def my_applications(request: HttpRequest) -> HttpResponse:
    cursor = request.GET.get("cursor") or None
    try:
        page = keyset_page(
            applications.applications_of(request.user),
            key="created_at",
            cursor=cursor,
            size=MY_APPLICATIONS_PAGE,
        )
    except BadCursor:
        return redirect("services:my_applications")
    items = []
    for app in page.items:
        zone = app.agency.zone
        items.append(
            {
                "app": app,
                "due": timezone.localtime(app.due_at, zone) if app.due_at else None,
                "created": timezone.localtime(app.created_at, zone),
                "overdue": bool(app.is_open and app.due_at and app.due_at < timezone.now()),
                "zone": zone_label(app.agency),
            }
        )
    response = render(
        request,
        "services/citizen/my_applications.html",
        {
            "items": items,
            "next_cursor": page.next_cursor,
            "paged": cursor is not None,
            "fetched_at": timezone.now(),
        },
    )
    return _personal(response, request)


def _fix_by(app: Application) -> Any:
    """When a returned application lapses, in the pemda's zone (None otherwise)."""
    if app.status != S.RETURNED or app.returned_at is None:
        return None
    return timezone.localtime(fix_by(WorkingCalendar.for_agency(app.agency), app.returned_at))


@citizen_required
@require_http_methods(["POST"])
def withdraw_application(request: HttpRequest, tracking_number: str) -> HttpResponse:
    app = _own_application(request, tracking_number)
    try:
        applications.withdraw(app, request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Permohonan %(number)s dibatalkan.") % {"number": app.tracking_number}
        )
    return redirect("services:my_application", app.tracking_number)


@citizen_required
@require_GET
def my_application(request: HttpRequest, tracking_number: str) -> HttpResponse:
    app = _own_application(request, tracking_number)
    with activate(app.agency):
        timezone.activate(app.agency.zone)
        documents = _documents(app)
        labels = {s.key: s for s in specs(app.standard.form_fields)}
        answers = [
            (spec.label, display_value(spec, app.answers.get(spec.key, "")))
            for spec in labels.values()
            if spec.type != "file" and app.answers.get(spec.key, "") != ""
        ]
        files = [
            (spec.label, documents.get(spec.key)) for spec in labels.values() if spec.type == "file"
        ]
        html = render_to_string(
            "services/citizen/detail.html",
            {
                "app": app,
                "service": app.service,
                "steps": list(ApplicationStep.objects.filter(application=app)),
                "answers": answers,
                "files": files,
                "overdue": bool(app.is_open and app.due_at and app.due_at < timezone.now()),
                "zone": zone_label(app.agency),
                "editable": app.status in EDITABLE,
                "withdrawable": app.status in Application.WITHDRAWABLE,
                "fix_by": _fix_by(app),
                "fetched_at": timezone.now(),
            },
            request=request,
        )
    return _personal(HttpResponse(html), request)


@login_only
@require_GET
def document(request: HttpRequest, tracking_number: str, document_id: int) -> HttpResponse:
    """A document of an application, never from a public URL: to its applicant, and to
    staff whose row scope covers the application's unit (recorded as an access)."""
    try:
        doc = applications.get_document_for(request.user, tracking_number, document_id)
    except ApplicationDocument.DoesNotExist:
        raise Http404(_("Dokumen tidak ditemukan.")) from None
    applications.record_document_opened(doc, by=request.user)
    response = FileResponse(
        doc.file.open("rb"), content_type=doc.content_type, filename=doc.original_name
    )
    response["Content-Disposition"] = response["Content-Disposition"].replace(
        "attachment", "inline", 1
    )
    response["Cache-Control"] = "private, no-store"
    # Shown inline by the browser, but never as a page that could run a script.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response


# ------------------------------------------------------------------ public tracking


def _public_status(number: str | None) -> dict[str, Any] | None:
    """What anyone holding the number may see: the service, the state and the dates.
    No name, NIK, answers, documents or officers' notes (they may name the person)."""
    if number is None:
        return None
    app = (
        Application.all_objects.select_related("service", "agency", "unit")
        .filter(tracking_number=number)
        .exclude(status=S.DRAFT)
        .first()
    )
    if app is None:
        return None
    steps = ApplicationStep.all_objects.filter(application=app).order_by("at", "pk")
    return {
        "tracking_number": app.tracking_number,
        "agency": app.agency,
        "service_name": app.service.name,
        "unit_name": str(app.unit),
        "status": app.status,
        "status_label": app.get_status_display(),
        "submitted_at": app.submitted_at,
        "finished_at": app.finished_at,
        "due_at": app.due_at,
        "suspended": app.is_suspended and app.status == S.RETURNED,
        "extended": app.extended_at is not None,
        "overdue": bool(app.is_open and app.due_at and app.due_at < timezone.now()),
        "steps": [(s.get_status_display(), s.at) for s in steps],
        "zone": zone_label(app.agency),
    }


@public
@require_GET
def track(request: HttpRequest) -> HttpResponse:
    """Public tracking by number, no login. "Malformed" and "not found" answer the same
    page with the same status, so the page tells nothing about which numbers exist."""
    if "nomor" not in request.GET:
        return render(request, "services/citizen/track.html", {"form": TrackForm()})
    form = TrackForm(request.GET)
    result = None
    if form.is_valid():
        result = _public_status(normalize(form.cleaned_data["nomor"]))
    if result is not None:
        timezone.activate(result["agency"].zone)
    response = render(
        request,
        "services/citizen/track.html",
        {"form": form, "result": result, "searched": True},
        status=200 if result else 404,
    )
    # The number is the key to this page: keep it out of shared caches and referrers.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


# ------------------------------------------------------------------ installable pages


@public
@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    data = {
        "name": "Sigap — " + _("Permohonan saya"),
        "short_name": "Sigap",
        "description": _("Permohonan layanan Anda di pemerintah daerah, juga saat luring."),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("services:my_applications"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0a58ca",
        "icons": [
            {"src": static("services/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("services/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("services/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@public
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served from the app so that its scope can cover the citizen
    pages (``Service-Worker-Allowed: /``); it keeps only the pages marked personal by
    ``_personal`` and clears them on sign-in, sign-out and a redirect to sign in."""
    config = {
        "version": SW_VERSION,
        "listPath": reverse("services:my_applications"),
        "loginPath": reverse("accounts:login"),
        "logoutPath": reverse("accounts:logout"),
        # The prefix, not a file: static("") has no manifest entry in production.
        "staticPath": settings.STATIC_URL,
        "header": OFFLINE_HEADER,
        "offlineTitle": _("Anda sedang luring"),
        "offlineText": _(
            "Halaman ini belum pernah dibuka di perangkat ini. Sambungkan ke internet lalu "
            "coba lagi."
        ),
    }
    script = render_to_string(
        "services/citizen/sw.js", {"config": json.dumps(config, ensure_ascii=False)}
    )
    response = HttpResponse(script, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response
