"""The learning pages. Thin: parse the form, call the domain function, show its
``ValidationError`` on the form. Objects outside the user's scope are 404s.

Staff pages live under ``/kerja/pembelajaran/``; the certificate check is public at
``/sertifikat/``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.accounts.scope import row_scope
from sigap.audit.events import record_access
from sigap.learning import (
    budgets,
    catalogue,
    certificates,
    enrolment,
    evaluation,
    experiential,
    exports,
    jp,
    mentoring,
    move_impact,
    needs,
    reminders,
    socialisation,
    tables,
)
from sigap.learning.apps import APPROVE, MANAGE, NOMINATE, OVERSEE, VIEW
from sigap.learning.forms import (
    AnnouncementForm,
    ApproveForm,
    BudgetForm,
    CompleteForm,
    FeedbackForm,
    JpRuleForm,
    MentoringSessionForm,
    NominateForm,
    OutcomeForm,
    PairForm,
    ProgrammeForm,
    SessionForm,
    UnitChoiceForm,
    find_employee,
    month_start,
)
from sigap.learning.models import (
    Announcement,
    Attendance,
    Certificate,
    Enrolment,
    Form,
    JpRule,
    MentoringPair,
    Programme,
    ProgrammeSession,
)
from sigap.platform.access import may, may_any, public, staff_permission_required
from sigap.platform.forms import apply_validation_error
from sigap.services import outcomes
from sigap.tenancy.models import OrgUnit

RESOURCE = enrolment.RESOURCE
ACT = (*APPROVE, *NOMINATE, MANAGE)


def _scope(request: HttpRequest) -> Any:
    return row_scope(request.user, request.agency, RESOURCE)


def _units(request: HttpRequest) -> Any:
    """Units the user oversees (the agency's, or a unit head's subtrees)."""
    return _scope(request).rows(OrgUnit.objects.all(), unit_path="path").order_by("path")


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year") or request.GET.get("tahun") or 0)
    except ValueError:
        year = 0
    return year if 2000 <= year <= 2100 else request.agency.today().year


def _employee(request: HttpRequest) -> Any:
    return getattr(request.user, "employee", None)


# ------------------------------------------------------------------ catalogue


@staff_permission_required(*VIEW)
@require_GET
def programmes(request: HttpRequest) -> HttpResponse:
    agency = request.agency
    year = _year(request)
    first = month_start(request.GET.get("bulan"), agency.today())
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    weeks: dict[dt.date, list[ProgrammeSession]] = {}
    for s in catalogue.sessions_in(agency, first, last):
        weeks.setdefault(s.starts_at.astimezone(agency.zone).date(), []).append(s)
    return render(
        request,
        "learning/programmes.html",
        {
            "year": year,
            "programmes": Programme.objects.filter(year=year).prefetch_related("sessions"),
            "month": first,
            "previous": (first - dt.timedelta(days=1)).strftime("%Y-%m"),
            "next": (last + dt.timedelta(days=1)).strftime("%Y-%m"),
            "days": sorted(weeks.items()),
            "weekday_names": [WEEKDAYS_ABBR[i] for i in range(7)],
            # The month as a Monday-first grid for wide screens; phones read the agenda.
            "grid": [
                [(day, day.month == first.month, weeks.get(day, [])) for day in week]
                for week in calendar.Calendar(firstweekday=0).monthdatescalendar(
                    first.year, first.month
                )
            ],
            "may_manage": may(request.user, agency, MANAGE),
        },
    )


@staff_permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST or None, initial={"year": request.agency.today().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        targets = {data["competency"]: data["level"] or 1} if data.get("competency") else {}
        try:
            programme = catalogue.create_programme(
                request.agency,
                code=data["code"],
                title=data["title"],
                form=data["form"],
                provider_kind=data["provider_kind"],
                provider_name=data["provider_name"],
                year=data["year"],
                capacity=data["capacity"],
                cost_per_participant=data["cost_per_participant"],
                description=data["description"],
                targets=targets,
                by=request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Program dibuat. Tambahkan sesinya."))
            return redirect("learning:programme", programme_id=programme.pk)
    return render(request, "learning/programme_form.html", {"form": form})


def _programme(request: HttpRequest, programme_id: int) -> Programme:
    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None:
        raise Http404
    return programme


@staff_permission_required(*VIEW)
@require_GET
def programme_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _programme(request, programme_id)
    return _render_programme(request, programme)


def _render_programme(request: HttpRequest, programme: Programme, **forms: Any) -> HttpResponse:
    agency = request.agency
    rows = list(
        enrolment.enrolments_visible(request.user, agency)
        .filter(programme=programme)
        .order_by("status", "created_at")
    )
    sessions = list(programme.sessions.all())
    present = {
        (a.enrolment_id, a.session_id): a.present
        for a in Attendance.objects.filter(enrolment__in=[r.pk for r in rows])
    }
    for r in rows:
        r.marks = [present.get((r.pk, s.pk)) for s in sessions]
    return render(
        request,
        "learning/programme.html",
        {
            "programme": programme,
            "sessions": sessions,
            "enrolments": rows,
            "seated": Enrolment.objects.filter(
                programme=programme, status__in=Enrolment.SEATED
            ).count(),
            "session_form": forms.get("session_form") or SessionForm(),
            "nominate_form": forms.get("nominate_form") or NominateForm(),
            "approve_form": ApproveForm(),
            "may_manage": may(request.user, agency, MANAGE),
            "may_nominate": may_any(request.user, agency, NOMINATE),
            "may_approve": may_any(request.user, agency, APPROVE),
            "may_override": may(request.user, agency, "learning.override_budget"),
            "targets": programme.targets.select_related("competency"),
        },
    )


@staff_permission_required(MANAGE)
@require_POST
def session_add(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _programme(request, programme_id)
    form = SessionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            catalogue.add_session(programme, by=request.user, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Sesi ditambahkan."))
            return redirect("learning:programme", programme_id=programme.pk)
    return _render_programme(request, programme, session_form=form)


@staff_permission_required(*NOMINATE)
@require_POST
def nominate(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _programme(request, programme_id)
    form = NominateForm(request.POST)
    if form.is_valid():
        employee = find_employee(form.cleaned_data["identifier"])
        if employee is None:
            form.add_error("identifier", _("ASN dengan nomor ini tidak ditemukan."))
        else:
            try:
                enrolment.nominate(
                    programme, employee, by=request.user, reason=form.cleaned_data["reason"]
                )
            except PermissionDenied:
                form.add_error("identifier", _("ASN ini di luar unit Anda."))
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Usulan dicatat."))
                return redirect("learning:programme", programme_id=programme.pk)
    return _render_programme(request, programme, nominate_form=form)


def _enrolment(request: HttpRequest, enrolment_id: int) -> Enrolment:
    found = enrolment.get_enrolment_for(request.user, request.agency, enrolment_id)
    if found is None:
        raise Http404
    return found


ACTIONS = ("approve", "reject", "cancel", "no_show")


@staff_permission_required(*ACT)
@require_POST
def enrolment_action(request: HttpRequest, enrolment_id: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    item = _enrolment(request, enrolment_id)
    try:
        if action == "approve":
            form = ApproveForm(request.POST)
            form.is_valid()
            reason = form.cleaned_data.get("override_reason", "")
            enrolment.approve(item, by=request.user, override_reason=reason)
            if item.status == Enrolment.Status.WAITLISTED:
                messages.info(
                    request,
                    _("Kursi penuh: %(name)s masuk daftar tunggu.")
                    % {"name": item.employee.full_name},
                )
            else:
                messages.success(
                    request, _("Usulan %(name)s disetujui.") % {"name": item.employee.full_name}
                )
        elif action == "reject":
            enrolment.reject(item, by=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("Usulan ditolak."))
        elif action == "cancel":
            promoted = enrolment.cancel(
                item, by=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Keikutsertaan dibatalkan."))
            if promoted is not None:
                messages.info(
                    request,
                    _("%(name)s naik dari daftar tunggu.") % {"name": promoted.employee.full_name},
                )
        else:
            if not may(request.user, request.agency, MANAGE):
                raise PermissionDenied
            enrolment.mark_no_show(item, by=request.user)
            messages.success(request, _("Ditandai tidak hadir."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("learning:programme", programme_id=item.programme_id)


@staff_permission_required(MANAGE)
@require_POST
def attendance(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _programme(request, programme_id)
    session = programme.sessions.filter(pk=request.POST.get("session") or 0).first()
    if session is None:
        messages.error(request, _("Pilih sesi."))
        return redirect("learning:programme", programme_id=programme.pk)
    ids = [int(v) for v in request.POST.getlist("enrolment") if v.isdigit()]
    here = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
    try:
        n = enrolment.record_attendance(session, {i: i in here for i in ids}, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Kehadiran %(n)s peserta dicatat.") % {"n": n})
    return redirect("learning:programme", programme_id=programme.pk)


@staff_permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def complete(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    item = _enrolment(request, enrolment_id)
    form = CompleteForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["pre_test"] is not None or data["post_test"] is not None:
                enrolment.record_tests(
                    item, pre=data["pre_test"], post=data["post_test"], by=request.user
                )
            enrolment.complete(
                item,
                by=request.user,
                certificate_number=data["certificate_number"],
                issued_on=data["issued_on"],
                file=data["file"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Selesai; JP dicatat."))
            return redirect("learning:programme", programme_id=item.programme_id)
    return render(request, "learning/complete.html", {"form": form, "item": item})


@staff_permission_required(*OVERSEE)
@require_GET
def programme_evaluation(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _programme(request, programme_id)
    n, gain = evaluation.learning_gain(programme)
    return render(
        request,
        "learning/evaluation.html",
        {
            "programme": programme,
            "reaction": evaluation.reaction(programme),
            "tested": n,
            "gain": gain,
            "outcome": evaluation.outcomes(programme),
        },
    )


# ------------------------------------------------------------------ the ASN's own


@staff_permission_required("learning.view_own_learning")
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    employee = _employee(request)
    year = request.agency.today().year
    context: dict[str, Any] = {"employee": employee, "year": year}
    if employee is not None and employee.agency_id == request.agency.pk:
        years = jp.by_year(employee.pk)  # this year's total among them: one query for both
        earned = dict(years).get(year, Decimal(0))
        target = jp.target_for(employee.kind)
        context.update(
            {
                "earned": earned,
                "target": target,
                "percent": jp.progress(earned, target),
                "history": jp.history(employee.pk)[:100],
                "years": years,
                "enrolments": Enrolment.objects.filter(employee=employee)
                .select_related("programme", "certificate", "feedback")
                .order_by("-created_at")[:50],
                "notices": socialisation.for_employee(employee)[:20],
            }
        )
    else:
        context["employee"] = None
    return render(request, "learning/mine.html", context)


@staff_permission_required("learning.view_own_learning")
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    employee = _employee(request)
    item = (
        Enrolment.objects.filter(pk=enrolment_id, employee=employee).first() if employee else None
    )
    if item is None:
        raise Http404
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment.give_feedback(item, by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _("Terima kasih atas umpan balik Anda."))
            return redirect("learning:mine")
    return render(request, "learning/feedback.html", {"form": form, "item": item})


@staff_permission_required("learning.view_own_learning")
@require_POST
def acknowledge(request: HttpRequest, announcement_id: int) -> HttpResponse:
    employee = _employee(request)
    note = Announcement.objects.filter(pk=announcement_id).first()
    if employee is None or note is None or not note.recipients.filter(employee=employee).exists():
        raise Http404
    socialisation.acknowledge(note, employee, by=request.user)
    messages.success(request, _("Ditandai sudah dibaca."))
    return redirect("learning:mine")


@staff_permission_required(*VIEW)
@require_GET
def certificate_pdf(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    item = _enrolment(request, enrolment_id)
    cert = Certificate.objects.filter(enrolment=item).first()
    if cert is None:
        raise Http404
    url = request.build_absolute_uri(reverse("learning:verify_number", args=[cert.number]))
    record_access("unduh data pribadi", cert, details={"what": "sertifikat"})
    response = HttpResponse(certificates.certificate_pdf(cert, url), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sertifikat-{item.pk}.pdf"'
    return response


# ------------------------------------------------------------------ oversight


BELOW_PAGE = 100  # rows per page of the "below 20 JP" list


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("halaman") or 1))
    except ValueError:
        return 1


def _page_context(request: HttpRequest, number: int, total: int, size: int) -> dict[str, Any]:
    """What a paged list's template needs: the page, how many there are, and the query
    string without the page (for the links)."""
    query = request.GET.copy()
    query.pop("halaman", None)
    return {
        "page_number": number,
        "pages": max(1, -(-total // size)),
        "query": query.urlencode(),
    }


def _chosen_scope(request: HttpRequest) -> tuple[UnitChoiceForm, OrgUnit | None, Any]:
    """The unit filter and the subtrees it leaves: the chosen unit (among those the user
    oversees), else the whole pemda for BKPSDM and their own subtrees for a unit head."""
    form = UnitChoiceForm(request.GET or None, units=_units(request))
    unit = form.cleaned_data.get("unit") if form.is_valid() else None
    if unit is not None:
        return form, unit, (unit.path,)
    scope = _scope(request)
    return form, None, None if scope.sees_all else scope.unit_paths


@staff_permission_required(*OVERSEE)
@require_http_methods(["GET", "POST"])
def below_20(request: HttpRequest) -> HttpResponse:
    agency = request.agency
    scope = _scope(request)
    year = _year(request)
    if request.method == "POST":
        paths = None if scope.sees_all else scope.unit_paths
        if request.POST.get("what") == "experience":
            if not may(request.user, agency, MANAGE):
                raise PermissionDenied
            n = experiential.credit_experience(agency, year, by=request.user)
            messages.success(request, _("%(n)s rotasi/penugasan dicatat sebagai JP.") % {"n": n})
        else:
            n = reminders.remind_below_target(agency, year, unit_paths=paths, by=request.user)
            messages.success(request, _("Pengingat dikirim kepada %(n)s ASN.") % {"n": n})
        return redirect(f"{reverse('learning:below_20')}?year={year}")
    form, unit, paths = _chosen_scope(request)
    number = _page_number(request)
    rows, below, total = needs.below_target_page(
        agency, year, unit_paths=paths, limit=BELOW_PAGE, offset=(number - 1) * BELOW_PAGE
    )
    return render(
        request,
        "learning/below_20.html",
        {
            **_page_context(request, number, below, BELOW_PAGE),
            "form": form,
            "unit": unit,
            "year": year,
            "rows": rows,
            "row_html": tables.standing_rows(rows),
            "below": below,
            "total": total,
            "pppk_target": jp.pppk_target(),
            "may_manage": may(request.user, agency, MANAGE),
            "may_export": may(request.user, agency, "learning.view_all_learning"),
        },
    )


@staff_permission_required("learning.view_all_learning")
@require_GET
def below_20_export(request: HttpRequest) -> HttpResponse:
    """Every ASN below their target (whole pemda or the chosen unit's subtree) as Excel,
    for BKPSDM; audited as a download of personal data."""
    _form, unit, paths = _chosen_scope(request)
    year = _year(request)
    rows, below, total = needs.below_target_page(request.agency, year, unit_paths=paths, limit=None)
    record_access(
        "unduh data pribadi",
        unit or request.agency,
        details={"what": "capaian JP", "year": year, "rows": len(rows)},
    )
    response = HttpResponse(
        exports.below_target_workbook(rows, year=year, below=below, total=total, unit=unit),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="capaian-jp.xlsx"'
    return response


MOVES_PAGE = move_impact.PAGE  # moves per page of the move-impact list


@staff_permission_required(*OVERSEE)
@require_GET
def moves(request: HttpRequest) -> HttpResponse:
    """Dampak perpindahan: each rotation, mutation and special assignment into the
    user's units in the period (a year's, or the last twelve months), with what citizens
    experienced before and after it in the unit left and the unit joined."""
    agency = request.agency
    today = agency.today()
    form, unit, paths = _chosen_scope(request)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    if year:
        since, until = dt.date(year, 1, 1), dt.date(year, 12, 31)
    else:
        since, until = today - dt.timedelta(days=365), today
    found = move_impact.moves_into(paths, since=since, until=until)
    number = _page_number(request)
    total = found.count()
    chosen = list(found[(number - 1) * MOVES_PAGE : number * MOVES_PAGE])
    return render(
        request,
        "learning/moves.html",
        {
            **_page_context(request, number, total, MOVES_PAGE),
            "form": form,
            "unit": unit,
            "since": since,
            "until": until,
            "rows": move_impact.impacts(chosen, today=today),
            "total": total,
            "window_days": outcomes.WINDOW.days,
            "min_events": outcomes.MIN_EVENTS,
        },
    )


@staff_permission_required(*OVERSEE)
@require_GET
def move_detail(request: HttpRequest, move_id: int) -> HttpResponse:
    scope = _scope(request)
    paths = None if scope.sees_all else scope.unit_paths
    move = (
        move_impact.moves_into(paths, since=dt.date.min, until=dt.date.max)
        .filter(pk=move_id)
        .first()
    )
    if move is None:
        raise Http404
    (row,) = move_impact.impacts([move], today=request.agency.today())
    return render(
        request,
        "learning/move.html",
        {
            "row": row,
            "window_days": outcomes.WINDOW.days,
            "min_events": outcomes.MIN_EVENTS,
        },
    )


def _chosen_unit(request: HttpRequest) -> tuple[UnitChoiceForm, OrgUnit | None, int]:
    units = _units(request)
    form = UnitChoiceForm(request.GET or None, units=units)
    unit = None
    if form.is_valid():
        unit = form.cleaned_data.get("unit")
    if unit is None:
        unit = units.filter(parent__isnull=True).first() or units.first()
    return form, unit, _year(request)


@staff_permission_required(*OVERSEE)
@require_GET
def needs_page(request: HttpRequest) -> HttpResponse:
    form, unit, year = _chosen_unit(request)
    rows, suggested, remaining = [], [], None
    if unit is not None:
        ranked = needs.needs(request.agency, unit, year)
        suggested, remaining = needs.suggest(request.agency, unit, year, ranked=ranked)
        rows = ranked[:300]
    return render(
        request,
        "learning/needs.html",
        {
            "form": form,
            "unit": unit,
            "year": year,
            "rows": rows,
            "need_rows": tables.need_rows(rows),
            "suggested": suggested,
            "remaining": remaining,
        },
    )


@staff_permission_required(*OVERSEE)
@require_GET
def plan_export(request: HttpRequest) -> HttpResponse:
    _form, unit, year = _chosen_unit(request)
    if unit is None:
        raise Http404
    record_access(
        "unduh data pribadi", unit, details={"what": "rencana pengembangan", "year": year}
    )
    response = HttpResponse(
        exports.plan_workbook(unit, year),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="rencana-pengembangan-{year}.xlsx"'
    return response


@staff_permission_required(MANAGE)
@require_GET
def certificate_register(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    certs = (
        Certificate.objects.filter(issued_on__year=year)
        .select_related("enrolment__employee", "enrolment__programme")
        .order_by("issued_on", "number")
    )
    record_access("unduh data pribadi", request.agency, details={"what": "register sertifikat"})
    response = HttpResponse(
        certificates.register_pdf(request.agency.name, year, certs), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="register-sertifikat-{year}.pdf"'
    return response


@staff_permission_required(*OVERSEE)
@require_http_methods(["GET", "POST"])
def budgets_page(request: HttpRequest) -> HttpResponse:
    agency = request.agency
    year = _year(request)
    form = BudgetForm(request.POST or None, initial={"year": year})
    if request.method == "POST":
        if not may(request.user, agency, MANAGE):
            raise PermissionDenied
        if form.is_valid():
            try:
                budgets.set_budget(agency, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Anggaran disimpan."))
                return redirect(f"{reverse('learning:budgets')}?year={form.cleaned_data['year']}")
    rows = budgets.report(budgets.budgets_visible(_scope(request)).filter(year=year))
    return render(
        request,
        "learning/budgets.html",
        {"rows": rows, "year": year, "form": form, "may_manage": may(request.user, agency, MANAGE)},
    )


# ------------------------------------------------------------------ JP rules


@staff_permission_required(MANAGE)
@require_GET
def jp_rules(request: HttpRequest) -> HttpResponse:
    own = set(JpRule.objects.values_list("form", flat=True))
    defaults = jp.default_rules()
    rows = [
        {
            "form": form,
            "label": Form(form).label,
            "rule": rule,
            "method_label": JpRule.Method(rule.method).label,
            "own": form in own,
            "default": defaults[form],
        }
        for form, rule in sorted(jp.rules_for(request.agency).items())
    ]
    return render(request, "learning/jp_rules.html", {"rows": rows})


@staff_permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def jp_rule_edit(request: HttpRequest) -> HttpResponse:
    # The form is a query parameter: the page names no object of the agency (every
    # pemda has a rule for every form), so another pemda's HR sees their own.
    form_code = request.GET.get("bentuk", "")
    if form_code not in Form.values:
        raise Http404
    rule = jp.rule_for(request.agency, form_code)
    initial = {
        "method": rule.method,
        "value": rule.value,
        "monthly_cap": rule.monthly_cap,
        "daily_cap": rule.daily_cap,
        "confirmed": rule.confirmed,
        "note": rule.note,
    }
    form = JpRuleForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if request.POST.get("action") == "reset":
            if jp.reset_rule(request.agency, form_code, by=request.user):
                messages.success(request, _("Aturan JP dikembalikan ke bawaan."))
            return redirect("learning:jp_rules")
        if form.is_valid():
            try:
                jp.set_rule(request.agency, form_code, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Aturan JP disimpan."))
                return redirect("learning:jp_rules")
    return render(
        request,
        "learning/jp_rule_edit.html",
        {
            "form": form,
            "label": Form(form_code).label,
            "default": jp.default_rules()[form_code],
            "own": JpRule.objects.filter(form=form_code).exists(),
        },
        status=422 if form.is_bound and form.errors else 200,
    )


# ------------------------------------------------------------------ mentoring


def _pairs(request: HttpRequest) -> Any:
    scope = _scope(request)
    qs = MentoringPair.objects.select_related("mentor", "mentee")
    if scope.sees_all:
        return qs
    from sigap.workforce.registry import current_primaries

    held = current_primaries().filter(scope.q(unit_path="position__unit__path"))
    return qs.filter(mentee_id__in=held.values("employee_id"))


@staff_permission_required(*OVERSEE)
@require_http_methods(["GET", "POST"])
def mentoring_page(request: HttpRequest) -> HttpResponse:
    form = PairForm(request.POST or None)
    if request.method == "POST":
        if not may(request.user, request.agency, MANAGE):
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            mentor, mentee = find_employee(data["mentor"]), find_employee(data["mentee"])
            if mentor is None:
                form.add_error("mentor", _("ASN tidak ditemukan."))
            if mentee is None:
                form.add_error("mentee", _("ASN tidak ditemukan."))
            if mentor and mentee:
                try:
                    pair = mentoring.create_pair(
                        request.agency,
                        mentor=mentor,
                        mentee=mentee,
                        kind=data["kind"],
                        cohort=data["cohort"],
                        goals=data["goals"],
                        started_on=data["started_on"],
                        by=request.user,
                    )
                except ValidationError as exc:
                    apply_validation_error(form, exc)
                else:
                    return redirect("learning:pair", pair_id=pair.pk)
    return render(
        request,
        "learning/mentoring.html",
        {
            "pairs": _pairs(request)[:300],
            "form": form,
            "may_manage": may(request.user, request.agency, MANAGE),
        },
    )


@staff_permission_required(*OVERSEE)
@require_http_methods(["GET", "POST"])
def pair_detail(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = _pairs(request).filter(pk=pair_id).first()
    if pair is None:
        raise Http404
    session_form = MentoringSessionForm(
        request.POST if request.POST.get("what") == "session" else None
    )
    outcome_form = OutcomeForm(request.POST if request.POST.get("what") == "close" else None)
    if request.method == "POST":
        if not may(request.user, request.agency, MANAGE):
            raise PermissionDenied
        form = session_form if request.POST.get("what") == "session" else outcome_form
        if form.is_valid():
            try:
                if form is session_form:
                    mentoring.log_session(pair, by=request.user, **form.cleaned_data)
                else:
                    mentoring.close_pair(pair, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                return redirect("learning:pair", pair_id=pair.pk)
    return render(
        request,
        "learning/pair.html",
        {
            "pair": pair,
            "sessions": pair.sessions.all(),
            "session_form": session_form,
            "outcome_form": outcome_form,
            "may_manage": may(request.user, request.agency, MANAGE),
        },
    )


# ------------------------------------------------------------------ socialisation


@staff_permission_required(*OVERSEE)
@require_http_methods(["GET", "POST"])
def announcements(request: HttpRequest) -> HttpResponse:
    form = AnnouncementForm(request.POST or None, units=OrgUnit.objects.all())
    if request.method == "POST":
        if not may(request.user, request.agency, MANAGE):
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                note = socialisation.publish(
                    request.agency,
                    title=data["title"],
                    body=data["body"],
                    policy_reference=data["policy_reference"],
                    unit_ids=[u.pk for u in data["units"]],
                    jabatan_types=data["jabatan_types"],
                    read_by=data["read_by"],
                    by=request.user,
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                return redirect("learning:announcement", announcement_id=note.pk)
    notes = [(n, socialisation.read_share(n)) for n in Announcement.objects.all()[:100]]
    return render(
        request,
        "learning/announcements.html",
        {"notes": notes, "form": form, "may_manage": may(request.user, request.agency, MANAGE)},
    )


@staff_permission_required(*OVERSEE)
@require_http_methods(["GET", "POST"])
def announcement_detail(request: HttpRequest, announcement_id: int) -> HttpResponse:
    note = Announcement.objects.filter(pk=announcement_id).first()
    if note is None:
        raise Http404
    scope = _scope(request)
    if request.method == "POST":
        if not may(request.user, request.agency, MANAGE):
            raise PermissionDenied
        n = socialisation.remind_unread(note, by=request.user)
        messages.success(request, _("Pengingat dikirim kepada %(n)s ASN.") % {"n": n})
        return redirect("learning:announcement", announcement_id=note.pk)
    unread = socialisation.unread(note)
    if not scope.sees_all:
        from sigap.workforce.registry import current_primaries

        held = current_primaries().filter(scope.q(unit_path="position__unit__path"))
        unread = unread.filter(employee_id__in=held.values("employee_id"))
    return render(
        request,
        "learning/announcement.html",
        {
            "note": note,
            "share": socialisation.read_share(note),
            "unread": unread[:500],
            "may_manage": may(request.user, request.agency, MANAGE),
        },
    )


# ------------------------------------------------------------------ public


@public
@require_GET
def verify(request: HttpRequest) -> HttpResponse:
    number = request.GET.get("nomor", "").strip()
    if number:
        return redirect("learning:verify_number", certificate_number=number)
    return render(request, "learning/verify.html", {"certificate": None, "asked": False})


@public
@require_GET
def verify_number(request: HttpRequest, certificate_number: str) -> HttpResponse:
    cert = certificates.verify(certificate_number)
    return render(
        request,
        "learning/verify.html",
        {
            "certificate": cert,
            "asked": True,
            "number": certificate_number[:40],
            "identifier": certificates.masked_identifier(cert) if cert else "",
        },
        status=200 if cert else 404,
    )


urlpatterns = [
    path("kerja/pembelajaran/", programmes, name="programmes"),
    path("kerja/pembelajaran/program/baru/", programme_create, name="programme_create"),
    path("kerja/pembelajaran/program/<int:programme_id>/", programme_detail, name="programme"),
    path("kerja/pembelajaran/program/<int:programme_id>/sesi/", session_add, name="session_add"),
    path("kerja/pembelajaran/program/<int:programme_id>/usul/", nominate, name="nominate"),
    path("kerja/pembelajaran/program/<int:programme_id>/hadir/", attendance, name="attendance"),
    path(
        "kerja/pembelajaran/program/<int:programme_id>/evaluasi/",
        programme_evaluation,
        name="evaluation",
    ),
    path("kerja/pembelajaran/peserta/<int:enrolment_id>/selesai/", complete, name="complete"),
    path("kerja/pembelajaran/peserta/<int:enrolment_id>/umpan-balik/", feedback, name="feedback"),
    path(
        "kerja/pembelajaran/peserta/<int:enrolment_id>/sertifikat.pdf",
        certificate_pdf,
        name="certificate_pdf",
    ),
    path(
        "kerja/pembelajaran/peserta/<int:enrolment_id>/<slug:action>/",
        enrolment_action,
        name="enrolment_action",
    ),
    path("kerja/pembelajaran/saya/", mine, name="mine"),
    path(
        "kerja/pembelajaran/sosialisasi/<int:announcement_id>/baca/",
        acknowledge,
        name="acknowledge",
    ),
    path("kerja/pembelajaran/capaian-jp/", below_20, name="below_20"),
    path("kerja/pembelajaran/capaian-jp.xlsx", below_20_export, name="below_20_export"),
    path("kerja/pembelajaran/kebutuhan/", needs_page, name="needs"),
    path("kerja/pembelajaran/dampak-perpindahan/", moves, name="moves"),
    path("kerja/pembelajaran/dampak-perpindahan/<int:move_id>/", move_detail, name="move"),
    path("kerja/pembelajaran/rencana.xlsx", plan_export, name="plan_export"),
    path("kerja/pembelajaran/register-sertifikat.pdf", certificate_register, name="register"),
    path("kerja/pembelajaran/anggaran/", budgets_page, name="budgets"),
    path("kerja/pembelajaran/aturan-jp/", jp_rules, name="jp_rules"),
    path("kerja/pembelajaran/aturan-jp/ubah/", jp_rule_edit, name="jp_rule_edit"),
    path("kerja/pembelajaran/mentoring/", mentoring_page, name="mentoring"),
    path("kerja/pembelajaran/mentoring/<int:pair_id>/", pair_detail, name="pair"),
    path("kerja/pembelajaran/sosialisasi/", announcements, name="announcements"),
    path(
        "kerja/pembelajaran/sosialisasi/<int:announcement_id>/",
        announcement_detail,
        name="announcement",
    ),
    path("sertifikat/", verify, name="verify"),
    path("sertifikat/<path:certificate_number>/", verify_number, name="verify_number"),
]
