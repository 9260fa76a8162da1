"""The officers' pages: the work queue, one application with its actions, bulk claim
and assignment, the quick entry of a service given without an application, and the
agency admin's Open311 clients.

Every action calls its domain function (``services.applications`` / ``events``) and
shows its ``ValidationError`` on the form. An application outside the user's scope is
a 404, like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape  # the standard library's: the same entities as Django's, no SafeString
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.platform.access import may, staff_permission_required
from sigap.platform.forms import apply_validation_error
from sigap.platform.pagination import BadCursor
from sigap.services import applications as domain
from sigap.services import events
from sigap.services import work_queue as wq
from sigap.services.apps import APPLICATIONS
from sigap.services.forms_officer import (
    DATETIME_FORMAT,
    AssignForm,
    BulkForm,
    CompleteForm,
    EmptyActionForm,
    ExtendForm,
    Open311ClientForm,
    QueueFilterForm,
    QuickEntryForm,
    RejectForm,
    ReturnForm,
)
from sigap.services.models import Application, Open311Client

S = Application.Status
MANAGE_CLIENTS = "services.manage_all_catalogue"


# ------------------------------------------------------------------ the queue


def _default_tab(request: HttpRequest) -> str:
    """Officers start on their own work; unit heads (who distribute it) and oversight
    roles on the whole of what they see, where escalations send them."""
    scope = wq.row_scope(request.user, request.agency, wq.RESOURCE)
    if scope.sees_all or may(request.user, request.agency, wq.ASSIGN):
        return wq.TAB_UNIT
    return wq.TAB_MINE


@staff_permission_required(*APPLICATIONS)
@require_GET
def work_queue(request: HttpRequest) -> HttpResponse:
    agency = request.agency
    services = wq.services_in_scope(request.user, agency)
    form = QueueFilterForm(request.GET, services=services)
    data = form.cleaned_data if form.is_valid() else {}
    filters = wq.QueueFilters(
        tab=data.get("tab") or _default_tab(request),
        status=data.get("status") or "",
        service_id=data["service"].pk if data.get("service") else None,
        sla_state=data.get("sla") or "",
    )
    try:
        page, _clocks = wq.queue_page(
            request.user, agency, filters, cursor=request.GET.get("cursor") or None
        )
    except BadCursor:
        raise Http404 from None
    may_assign = may(request.user, agency, wq.ASSIGN)
    may_handle = may(request.user, agency, wq.HANDLE)
    query = request.GET.copy()
    query.pop("cursor", None)
    return render(
        request,
        "services/officer/queue.html",
        {
            "form": form,
            # The filter form's field groups joined in Python (None: errors to show).
            "filter_fields": None
            if form.errors
            else form.field_groups(list(services.values_list("pk", "name"))),
            "filters": filters,
            "page": page,
            "tabs": form.fields["tab"].choices,
            "may_handle": may_handle,
            "may_assign": may_assign,
            "may_record": may(request.user, agency, wq.RECORD_EVENT),
            "officer_options": _officer_options(wq.assignee_rows(request.user, agency))
            if may_assign and may_handle and page.items and filters.tab != wq.TAB_WAITING
            else "",
            "query": query.urlencode(),
            "rows": _queue_rows(page.items, pick=may_handle and filters.tab != wq.TAB_WAITING),
            "tab_query": {
                tab: _with(request, tab=tab) for tab, _label in form.fields["tab"].choices
            },
        },
    )


def _queue_rows(apps: list[Application], *, pick: bool) -> SafeString:
    """The queue table's rows, joined in Python: through the template, 50 rows of eight
    cells cost more than the rest of the page. Per row: the pick checkbox (labelled with
    the tracking number) when the user may act, the application link, service, unit,
    status, due time with its SLA badge, officer; overdue rows red, near-due amber."""
    url = reverse("services:officer_application", args=[0]).removesuffix("0/")
    before, after = (escape(p) for p in (_("Pilih %(n)s") % {"n": "\x00"}).split("\x00", 1))
    statuses = {value: escape(str(label)) for value, label in S.choices}
    suspended, overdue, near, on_track = (
        f'<span class="badge text-bg-{kind}">{escape(text)}</span>'
        for kind, text in (
            ("secondary", _("Dihentikan: menunggu pemohon")),
            ("danger", _("Lewat batas waktu")),
            ("warning", _("Mendekati batas waktu")),
            ("success", _("Dalam waktu")),
        )
    )
    nobody = escape(_("Belum ada"))
    months: dict[int, str] = {}
    out = []
    for app in apps:
        clock = app.clock  # type: ignore[attr-defined]
        pk = app.pk
        number = escape(app.tracking_number)
        if clock.overdue:
            out.append('<tr class="table-danger">')
        elif clock.near_due:
            out.append('<tr class="table-warning">')
        else:
            out.append("<tr>")
        if pick:
            out.append(
                f'<td><input type="checkbox" name="ids" value="{pk}" id="pick-{pk}"'
                f' aria-label="{before}{number}{after}"></td>'
            )
        due = ""
        if app.due_at:
            # What the ``date`` filter writes for "c" and "j M Y H:i" (the month's
            # abbreviation in the active language), without its per-call format parsing.
            local = timezone.localtime(app.due_at)
            month = months.get(local.month)
            if month is None:
                month = months[local.month] = escape(MONTHS_3[local.month].title())
            due = (
                f'<time datetime="{local.isoformat()}">'
                f"{local.day} {month} {local.year} {local.hour:02d}:{local.minute:02d}</time> "
            )
        if clock.suspended:
            badge = suspended
        elif clock.overdue:
            badge = overdue
        elif clock.near_due:
            badge = near
        else:
            badge = on_track if clock.due_at else ""
        officer = app.assigned_to.full_name if app.assigned_to_id else ""
        out.append(
            f'<td><a href="{url}{pk}/">{number}</a></td>'
            f"<td>{escape(app.service.name)}</td><td>{escape(app.unit.name)}</td>"
            f"<td>{statuses.get(app.status) or escape(app.status)}</td>"
            f"<td>{due}{badge}</td><td>{escape(officer) if officer else nobody}</td></tr>\n"
        )
    # Every text and attribute value is escaped above.
    return mark_safe("".join(out))  # noqa: S308


def _officer_options(rows: list[tuple[int, str, str]]) -> SafeString:
    """The bulk form's officers as ``<option>``s (``full name (username)``), joined in
    Python: hundreds of officers in a pemda's subtree at province scale."""
    # Names escaped here; the keys are integers.
    return mark_safe(  # noqa: S308
        "".join(
            f'<option value="{pk}">{escape(name)} ({escape(username)})</option>'
            for pk, name, username in rows
        )
    )


def _with(request: HttpRequest, **changes: str) -> str:
    query = request.GET.copy()
    query.pop("cursor", None)
    for name, value in changes.items():
        query[name] = value
    return query.urlencode()


@staff_permission_required(wq.HANDLE)
@require_POST
def queue_bulk(request: HttpRequest) -> HttpResponse:
    """Claim or assign many applications: first a confirmation listing them, then the
    domain functions, each application on its own."""
    agency = request.agency
    raw_ids = request.POST.getlist("ids")
    ids = [int(i) for i in raw_ids if i.isdigit()][:200]
    # Only applications the user may act on are offered; others are silently not there.
    scope = wq.acting_scope(request.user, agency, wq.HANDLE)
    apps = [
        a
        for a in wq.visible_applications(request.user, agency)
        .filter(pk__in=ids, status__in=Application.OPEN)
        .select_related("service", "unit", "assigned_to")
        .order_by("due_at", "pk")
        if wq.covers(scope, a.unit)
    ]
    officers = wq.assignees(request.user, agency) if may(request.user, agency, wq.ASSIGN) else []
    # Ids the user may not act on (another unit's, closed meanwhile) drop out here.
    data = request.POST.copy()
    data.setlist("ids", [str(a.pk) for a in apps])
    form = BulkForm(data, applications=apps, officers=officers)
    if not form.is_valid():
        for error in form.errors.get("__all__", []) + form.errors.get("ids", []):
            messages.error(request, error)
        if "officer" in form.errors:
            messages.error(request, form.errors["officer"][0])
        return redirect(_back_to_queue(request))
    d = form.cleaned_data
    chosen = [form.applications[i] for i in d["ids"]]
    if request.POST.get("confirm") != "yes":
        return render(
            request,
            "services/officer/bulk_confirm.html",
            {
                "form": form,
                "chosen": chosen,
                "action": d["action"],
                "officer": d.get("officer"),
                "back": _back_to_queue(request),
            },
        )
    done, refused = 0, []
    for app in chosen:
        try:
            if d["action"] == "claim":
                domain.claim(app, by=request.user)
            else:
                officer = d["officer"]
                if not wq.may_take(officer, agency, app.unit):
                    raise ValidationError(_("Petugas ini tidak bertugas di unit permohonan."))
                domain.assign(app, officer, by=request.user)
            done += 1
        except ValidationError as exc:
            refused.append(f"{app.tracking_number}: {' '.join(exc.messages)}")
    if done:
        messages.success(request, _("%(n)s permohonan diperbarui.") % {"n": done})
    for line in refused:
        messages.warning(request, line)
    return redirect(_back_to_queue(request))


def _back_to_queue(request: HttpRequest) -> str:
    back = request.POST.get("back", "")
    base = reverse("services:work_queue")
    return back if back.startswith(base) and "//" not in back else base


# ------------------------------------------------------------------ one application


ACTION_FORMS: dict[str, type[forms.Form]] = {
    "verify": EmptyActionForm,
    "process": EmptyActionForm,
    "return": ReturnForm,
    "reject": RejectForm,
    "complete": CompleteForm,
    "extend": ExtendForm,
    "claim": EmptyActionForm,
}

# Which actions a state offers (the domain function still decides).
OFFERED = {
    S.SUBMITTED: ("verify", "return", "reject"),
    S.VERIFIED: ("process", "return", "reject"),
    S.IN_PROCESS: ("complete", "return", "reject"),
}


def _detail_context(
    request: HttpRequest, app: Application, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    agency = request.agency
    clocks = wq.Clocks(agency, timezone.now())
    handle = wq.covers(wq.acting_scope(request.user, agency, wq.HANDLE), app.unit)
    assign = wq.covers(wq.acting_scope(request.user, agency, wq.ASSIGN), app.unit)
    offered: list[str] = list(OFFERED.get(app.status, ())) if handle else []
    if handle and app.is_open and app.extended_at is None and app.due_at is not None:
        offered.append("extend")
    if handle and app.is_open and app.assigned_to_id is None:
        offered.append("claim")
    action_forms = {name: ACTION_FORMS[name](prefix=name) for name in offered}
    if "extend" in action_forms:
        action_forms["extend"].fields["amount"].label = _("Tambahan waktu (%(u)s)") % {
            "u": app.standard.get_time_unit_display()
        }
    action_forms.update(bound or {})
    officers = [o for o in wq.assignees(request.user, agency) if wq.may_take(o, agency, app.unit)]
    assign_form = None
    if assign and app.is_open:
        assign_form = (bound or {}).get("assign") or AssignForm(
            officers=officers, initial={"officer": app.assigned_to_id}, prefix="assign"
        )
    clock = clocks.of(app)
    left_hours = None
    if clock.left is not None and not clock.overdue:
        left_hours = round(clock.left.total_seconds() / 3600, 1)
    return {
        "app": app,
        "clock": clock,
        "left_hours": left_hours,
        "budget": clocks.budget(app),
        "fields": _answers(app),
        "documents": list(app.documents.all()),
        "steps": wq.timeline(app),
        "earlier": wq.earlier_applications(request.user, app),
        "action_forms": action_forms,
        "assign_form": assign_form,
        "may_handle": handle,
        "time_unit": app.standard.get_time_unit_display(),
    }


def _answers(app: Application) -> list[dict[str, Any]]:
    """The answers in the order of the form the application was filed under."""
    rows = []
    for spec in app.standard.form_fields:
        if spec.get("type") == "file":
            continue
        key = spec.get("key")
        rows.append(
            {
                "label": spec.get("label", key),
                "type": spec.get("type"),
                "value": app.answers.get(key, ""),
            }
        )
    return rows


def _application(request: HttpRequest, application_id: int, acting: str | None = None):
    app = wq.get_application_for(request.user, request.agency, application_id, acting=acting)
    if app is None:
        raise Http404
    return app


@staff_permission_required(*APPLICATIONS)
@require_GET
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    app = _application(request, application_id)
    return render(request, "services/officer/application.html", _detail_context(request, app))


def _run(action: str, app: Application, form: forms.Form, user: Any) -> Application:
    d = form.cleaned_data
    if action == "verify":
        return domain.verify(app, by=user)
    if action == "process":
        return domain.start_processing(app, by=user)
    if action == "return":
        return domain.return_for_revision(app, by=user, note=d["note"])
    if action == "reject":
        return domain.reject(app, by=user, reason=d["reason"])
    if action == "complete":
        return domain.complete(app, by=user, note=d["note"])
    if action == "extend":
        return domain.extend(app, by=user, reason=d["reason"], amount=d.get("amount"))
    if action == "claim":
        return domain.claim(app, by=user)
    raise Http404


DONE_MESSAGES = {
    "verify": gettext_noop("Permohonan %(n)s diverifikasi."),
    "process": gettext_noop("Permohonan %(n)s mulai diproses."),
    "return": gettext_noop("Permohonan %(n)s dikembalikan kepada pemohon."),
    "reject": gettext_noop("Permohonan %(n)s ditolak."),
    "complete": gettext_noop("Permohonan %(n)s selesai."),
    "extend": gettext_noop("Batas waktu permohonan %(n)s diperpanjang."),
    "claim": gettext_noop("Permohonan %(n)s kini tugas Anda."),
}


def _action_view(action: str) -> Callable[..., HttpResponse]:
    @staff_permission_required(wq.HANDLE)
    @require_POST
    def view(request: HttpRequest, application_id: int) -> HttpResponse:
        app = _application(request, application_id, acting=wq.HANDLE)
        form = ACTION_FORMS[action](request.POST, prefix=action)
        if form.is_valid():
            try:
                _run(action, app, form, request.user)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _(DONE_MESSAGES[action]) % {"n": app.tracking_number})
                return redirect("services:officer_application", application_id=app.pk)
        app = _application(request, application_id, acting=wq.HANDLE)
        return render(
            request,
            "services/officer/application.html",
            {**_detail_context(request, app, {action: form}), "failed": action},
            status=422,
        )

    view.__name__ = f"application_{action}"
    return view


@staff_permission_required(wq.ASSIGN)
@require_POST
def application_assign(request: HttpRequest, application_id: int) -> HttpResponse:
    agency = request.agency
    app = _application(request, application_id, acting=wq.ASSIGN)
    officers = [o for o in wq.assignees(request.user, agency) if wq.may_take(o, agency, app.unit)]
    form = AssignForm(request.POST, officers=officers, prefix="assign")
    if form.is_valid():
        try:
            domain.assign(app, form.cleaned_data["officer"], by=request.user)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Permohonan %(n)s dialihkan kepada %(o)s.")
                % {"n": app.tracking_number, "o": form.cleaned_data["officer"].full_name},
            )
            return redirect("services:officer_application", application_id=app.pk)
    app = _application(request, application_id, acting=wq.ASSIGN)
    return render(
        request,
        "services/officer/application.html",
        {**_detail_context(request, app, {"assign": form}), "failed": "assign"},
        status=422,
    )


# ------------------------------------------------------------------ quick entry


@staff_permission_required(wq.RECORD_EVENT)
@require_http_methods(["GET", "POST"])
def quick_entry(request: HttpRequest) -> HttpResponse:
    agency = request.agency
    services = wq.services_to_record(request.user, agency)
    if request.method == "POST":
        form = QuickEntryForm(request.POST, services=services)
        if form.is_valid():
            d = form.cleaned_data
            try:
                events.record_quick_entry(
                    officer_user=request.user,
                    service=d["service"],
                    channel=d["channel"],
                    outcome=d["outcome"],
                    arrived_at=d["arrived_at"],
                    started_at=d.get("started_at"),
                    finished_at=d.get("finished_at"),
                    note=d.get("note", ""),
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Layanan %(s)s tercatat.") % {"s": d["service"].name})
                return redirect("services:quick_entry")
    else:
        now = timezone.localtime().strftime(DATETIME_FORMAT)
        form = QuickEntryForm(
            services=services,
            initial={"arrived_at": now, "started_at": now, "finished_at": now},
        )
        only = list(services[:2])
        if len(only) == 1:
            form.initial["service"] = only[0].pk
    return render(
        request,
        "services/officer/quick_entry.html",
        {
            "form": form,
            "today": wq.events_recorded_today(request.user, agency),
            "has_services": services.exists(),
        },
        status=422 if form.is_bound and form.errors else 200,
    )


# ------------------------------------------------------------------ Open311 clients


@staff_permission_required(MANAGE_CLIENTS)
@require_http_methods(["GET", "POST"])
def open311_clients(request: HttpRequest) -> HttpResponse:
    agency = request.agency
    new_key = None
    form = Open311ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client, new_key = domain.issue_open311_client(
                agency, name=form.cleaned_data["name"], by=request.user
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Klien %(c)s dibuat.") % {"c": client.name})
            form = Open311ClientForm()
    response = render(
        request,
        "services/officer/open311_clients.html",
        {
            "form": form,
            "new_key": new_key,
            "clients": list(Open311Client.objects.filter(agency=agency).order_by("name", "pk")),
            "jurisdiction_id": agency.slug,
        },
    )
    if new_key:
        # The key is shown once: no cache may keep the page that shows it.
        response["Cache-Control"] = "no-store"
    return response


@staff_permission_required(MANAGE_CLIENTS)
@require_POST
def open311_client_deactivate(request: HttpRequest, open311_client_id: int) -> HttpResponse:
    client = Open311Client.objects.filter(agency=request.agency, pk=open311_client_id).first()
    if client is None:
        raise Http404
    domain.deactivate_open311_client(client, by=request.user)
    messages.success(request, _("Kunci klien %(c)s tidak berlaku lagi.") % {"c": client.name})
    return redirect("services:open311_clients")


urlpatterns = [
    path("kerja/layanan/antrean/", work_queue, name="work_queue"),
    path("kerja/layanan/antrean/massal/", queue_bulk, name="queue_bulk"),
    path(
        "kerja/layanan/permohonan/<int:application_id>/",
        application_detail,
        name="officer_application",
    ),
    *(
        path(
            f"kerja/layanan/permohonan/<int:application_id>/{action}/",
            _action_view(action),
            name=f"application_{action}",
        )
        for action in ACTION_FORMS
    ),
    path(
        "kerja/layanan/permohonan/<int:application_id>/assign/",
        application_assign,
        name="application_assign",
    ),
    path("kerja/layanan/catat/", quick_entry, name="quick_entry"),
    path("kerja/layanan/open311/", open311_clients, name="open311_clients"),
    path(
        "kerja/layanan/open311/<int:open311_client_id>/nonaktifkan/",
        open311_client_deactivate,
        name="open311_client_deactivate",
    ),
]
