"""Staff pages of the working calendar: the year's non-working days, office hours,
the admin's changes (htmx partials) and a deadline calculator."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.views.decorators.http import require_GET, require_POST

from sigap.platform.access import may, staff_permission_required
from sigap.platform.forms import apply_validation_error
from sigap.workcal import calendar as wc
from sigap.workcal import policy
from sigap.workcal.forms import (
    DeadlineForm,
    HolidayForm,
    OfficeHoursForm,
    WorkingDayForm,
    YearForm,
)
from sigap.workcal.models import HolidayOverride, OfficeHours

VIEW = "workcal.view_agency_calendar"
MANAGE = "workcal.manage_agency_calendar"


def _render(
    request: HttpRequest, cal: wc.WorkingCalendar, template: str, context: dict
) -> HttpResponse:
    # Dates and times on these pages are the pemda's wall clock, not the server's.
    with timezone.override(cal.tz):
        return render(request, template, context)


def _today(cal: wc.WorkingCalendar) -> dt.date:
    return timezone.now().astimezone(cal.tz).date()


def _year_from(value: Any, cal: wc.WorkingCalendar) -> int:
    form = YearForm({"year": value})
    return form.cleaned_data["year"] if form.is_valid() else _today(cal).year


def _holiday_rows(cal: wc.WorkingCalendar, year: int) -> list[dict]:
    overrides = {
        o.date: o
        for o in HolidayOverride.objects.filter(date__year=year).select_related("created_by")
    }
    rows = []
    for h in cal.holidays_in(year):
        rows.append(
            {
                "date": h.date,
                "name": h.name,
                "source": h.source.label,
                "working": False,
                "override": None if h.source.from_package else overrides.get(h.date),
                "can_mark_working": h.source.from_package
                and h.date.weekday() < 5
                and h.date not in overrides,
            }
        )
    for h in cal.declared_working_in(year):
        rows.append(
            {
                "date": h.date,
                "name": h.name,
                "source": "Hari kerja (ditetapkan pemda)",
                "working": True,
                "override": overrides.get(h.date),
                "can_mark_working": False,
            }
        )
    return sorted(rows, key=lambda r: r["date"])


def _holidays_context(
    request: HttpRequest,
    cal: wc.WorkingCalendar,
    year: int,
    holiday_form: Form | None = None,
    working_form: Form | None = None,
    notice: str = "",
) -> dict:
    auto = {"auto_id": "libur-%s"}
    return {
        "year": year,
        "years": sorted({year, *range(_today(cal).year - 1, _today(cal).year + 3)}),
        "rows": _holiday_rows(cal, year),
        "can_manage": may(request.user, request.agency, MANAGE),
        "holiday_form": holiday_form or HolidayForm(**auto),
        "working_form": working_form or WorkingDayForm(auto_id="hari-kerja-%s"),
        "holiday_notice": notice,
    }


def _hours_context(
    request: HttpRequest, cal: wc.WorkingCalendar, form: Form | None = None, notice: str = ""
) -> dict:
    configured = set(OfficeHours.objects.values_list("weekday", flat=True))
    rows = [
        {
            "weekday": WEEKDAYS[day],  # Django's: Senin… / Monday…
            "opens": opens,
            "closes": closes,
            "configured": day in configured,
        }
        for day, (opens, closes) in sorted(cal.office_hours.items())
    ]
    return {
        "hour_rows": rows,
        "can_manage": may(request.user, request.agency, MANAGE),
        "hours_form": form or OfficeHoursForm(auto_id="jam-%s"),
        "hours_notice": notice,
    }


def _deadline_context(cal: wc.WorkingCalendar, form: DeadlineForm) -> dict:
    result = None
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["start"]
        n = form.cleaned_data["working_days"]
        deadline = cal.add_working_days(start, n)
        start_day = cal.local(start).date()
        skipped = [
            h
            for year in range(start_day.year, deadline.year + 1)
            for h in cal.holidays_in(year)
            if start_day < h.date <= deadline.date()
        ]
        result = {
            "start": start,
            "working_days": n,
            "deadline": deadline,
            "calendar_days": (deadline.date() - start_day).days,
            "skipped": skipped,
        }
    return {"deadline_form": form, "deadline_result": result}


def _zone_context(request: HttpRequest, cal: wc.WorkingCalendar) -> dict:
    return {
        "zone_abbr": wc.zone_abbreviation(cal.tz),
        "zone_label": request.agency.get_time_zone_display(),
        "agency": request.agency,
    }


def _page(request: HttpRequest, cal: wc.WorkingCalendar, year: int, **forms: Any) -> HttpResponse:
    deadline_form = forms.pop("deadline_form", None)
    if deadline_form is None:
        now = timezone.now().astimezone(cal.tz).replace(second=0, microsecond=0, tzinfo=None)
        deadline_form = DeadlineForm(
            auto_id="tenggat-%s", initial={"start": now, "working_days": 3}
        )
    context = {
        **_zone_context(request, cal),
        **_holidays_context(
            request, cal, year, forms.get("holiday_form"), forms.get("working_form")
        ),
        **_hours_context(request, cal, forms.get("hours_form")),
        **_deadline_context(cal, deadline_form),
    }
    return _render(request, cal, "workcal/calendar.html", context)


def _back_to(year: int) -> HttpResponse:
    return redirect(f"{reverse('workcal:calendar')}?year={year}")


@staff_permission_required(VIEW)
@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    cal = wc.WorkingCalendar.for_agency(request.agency)
    return _page(request, cal, _year_from(request.GET.get("year"), cal))


def _holidays_response(
    request: HttpRequest, cal: wc.WorkingCalendar, year: int, *, notice: str = "", **forms: Any
) -> HttpResponse:
    if request.htmx:
        context = {
            **_zone_context(request, cal),
            **_holidays_context(
                request, cal, year, forms.get("holiday_form"), forms.get("working_form"), notice
            ),
        }
        return _render(request, cal, "workcal/_holidays.html", context)
    if forms:
        return _page(request, cal, year, **forms)
    messages.success(request, notice)
    return _back_to(year)


@staff_permission_required(MANAGE)
@require_POST
def add_holiday(request: HttpRequest) -> HttpResponse:
    form = HolidayForm(request.POST, auto_id="libur-%s")
    cal = wc.WorkingCalendar.for_agency(request.agency)
    year = _year_from(request.POST.get("year"), cal)
    if form.is_valid():
        data = form.cleaned_data
        try:
            override = policy.add_holiday(
                request.agency, data["date"], data["name"], data["kind"], by=request.user
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            cal = wc.WorkingCalendar.for_agency(request.agency)
            notice = f"{override.get_kind_display()} {override.name} ditambahkan."
            return _holidays_response(request, cal, override.date.year, notice=notice)
    return _holidays_response(request, cal, year, holiday_form=form)


@staff_permission_required(MANAGE)
@require_POST
def mark_working_day(request: HttpRequest) -> HttpResponse:
    form = WorkingDayForm(request.POST, auto_id="hari-kerja-%s")
    cal = wc.WorkingCalendar.for_agency(request.agency)
    year = _year_from(request.POST.get("year"), cal)
    if form.is_valid():
        data = form.cleaned_data
        try:
            override = policy.add_holiday(
                request.agency,
                data["date"],
                data["name"],
                HolidayOverride.Kind.WORKING_DAY,
                by=request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            cal = wc.WorkingCalendar.for_agency(request.agency)
            notice = f"{override.date:%d-%m-%Y} kini hari kerja."
            return _holidays_response(request, cal, override.date.year, notice=notice)
    return _holidays_response(request, cal, year, working_form=form)


@staff_permission_required(MANAGE)
@require_POST
def remove_holiday(request: HttpRequest, holiday_id: int) -> HttpResponse:
    # Tenant-scoped manager: another pemda's override is simply not found.
    override = get_object_or_404(HolidayOverride, pk=holiday_id)
    policy.remove_holiday_override(override, by=request.user)
    cal = wc.WorkingCalendar.for_agency(request.agency)
    notice = f"Pengaturan {override.date:%d-%m-%Y} ({override.name}) dihapus."
    return _holidays_response(request, cal, override.date.year, notice=notice)


@staff_permission_required(MANAGE)
@require_POST
def office_hours(request: HttpRequest) -> HttpResponse:
    form = OfficeHoursForm(request.POST, auto_id="jam-%s")
    notice = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            row = policy.set_office_hours(
                request.agency, data["weekday"], data["opens"], data["closes"], by=request.user
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            notice = f"Jam kantor {row} disimpan."
            form = None
    cal = wc.WorkingCalendar.for_agency(request.agency)
    if request.htmx:
        context = {**_zone_context(request, cal), **_hours_context(request, cal, form, notice)}
        return _render(request, cal, "workcal/_office_hours.html", context)
    if form is not None:
        return _page(request, cal, _today(cal).year, hours_form=form)
    messages.success(request, notice)
    return redirect("workcal:calendar")


@staff_permission_required(VIEW)
@require_GET
def deadline(request: HttpRequest) -> HttpResponse:
    cal = wc.WorkingCalendar.for_agency(request.agency)
    form = DeadlineForm(request.GET, auto_id="tenggat-%s")
    with timezone.override(cal.tz):  # the typed wall time is the pemda's
        form.is_valid()
    if request.htmx:
        context = {**_zone_context(request, cal), **_deadline_context(cal, form)}
        return _render(request, cal, "workcal/_deadline.html", context)
    return _page(request, cal, _today(cal).year, deadline_form=form)
