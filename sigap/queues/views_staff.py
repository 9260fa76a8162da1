"""Staff queue pages: the counter (call next, recall, skip, transfer, start, finish,
check a booked citizen in, issue a walk-in ticket), the office head's dashboard and the
staffing advisor. Every action calls its domain function; points outside the user's
scope are a 404 like points that do not exist."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sigap.platform.access import staff_permission_required
from sigap.queues import counter as work
from sigap.queues import dashboard, display, tickets
from sigap.queues.apps import POINTS, WORK
from sigap.queues.forms import CheckInForm, FinishForm, KioskForm, TransferForm, point_offers
from sigap.queues.lookup import get_counter_for, get_point_for, get_ticket_for, points_for
from sigap.queues.models import Counter, PointService, Ticket
from sigap.queues.staffing import Option
from sigap.tenancy.context import activate
from sigap.workforce.models import Assignment


@staff_permission_required(WORK)
@require_GET
def counter_home(request: HttpRequest) -> HttpResponse:
    counters = (
        Counter.objects.filter(point__in=points_for(request.user, request.agency))
        .select_related("point")
        .order_by("point__name", "number")
    )
    return render(request, "queues/staff/counter_home.html", {"counters": counters})


@staff_permission_required(WORK)
@require_GET
def counter_page(request: HttpRequest, counter_id: int) -> HttpResponse:
    desk = get_counter_for(request.user, request.agency, counter_id)
    point = desk.point
    current = work.current_ticket(desk)
    # Read once, shared by the waiting counts and the walk-in and transfer forms.
    offers = point_offers(point)
    counters = list(point.counters.prefetch_related("offers").order_by("number"))
    return render(
        request,
        "queues/staff/counter.html",
        {
            "counter": desk,
            "point": point,
            "current": current,
            "last_done": None if current else work.last_finished(desk),
            "line": list(work.line_for(desk).select_related("offer__service")[:15]),
            "waiting": display.waiting_by_service(point, offers=offers, counters=counters),
            "checkin_form": CheckInForm(),
            "walkin_form": KioskForm(point=point, offers=offers),
            "transfer_form": TransferForm(point=point, offers=offers, counters=counters),
            "finish_form": FinishForm(),
            "version": point.display_version,
        },
    )


def _back(counter_id: int) -> HttpResponse:
    return redirect("queues:counter", counter_id)


@staff_permission_required(WORK)
@require_POST
def counter_action(request: HttpRequest, counter_id: int, counter_action: str) -> HttpResponse:
    desk = get_counter_for(request.user, request.agency, counter_id)
    user = request.user
    action = counter_action
    try:
        if action == "panggil":
            ticket = work.call_next(desk, by=user)
            if ticket is None:
                messages.info(request, _("Tidak ada yang menunggu."))
            else:
                messages.success(request, _("Memanggil %(n)s.") % {"n": ticket.number})
            return _back(desk.pk)
        if action == "tiket":
            form = KioskForm(request.POST, point=desk.point)
            if not form.is_valid():
                raise ValidationError(_("Pilih layanan."))
            offer = PointService.objects.get(point=desk.point, pk=form.cleaned_data["offer"])
            ticket = tickets.issue_walk_in(
                offer,
                source=Ticket.Source.COUNTER,
                priority_reason=form.cleaned_data["priority_reason"],
                by=user,
            )
            messages.success(request, _("Tiket %(n)s diterbitkan.") % {"n": ticket.number})
            return _back(desk.pk)
        if action == "datang":
            form = CheckInForm(request.POST)
            scanned = form.cleaned_data["code"] if form.is_valid() else ""
            ticket = tickets.check_in_by_code(desk.point, scanned, by=user)
            messages.success(request, _("Pemesan datang: tiket %(n)s.") % {"n": ticket.number})
            return _back(desk.pk)
        ticket = get_ticket_for(user, request.agency, int(request.POST.get("ticket") or 0))
        if ticket.counter_id not in (None, desk.pk):
            raise Http404
        if action == "ulang":
            work.recall(ticket, by=user)
        elif action == "lewati":
            work.skip(ticket, by=user)
        elif action == "mulai":
            work.start(ticket, by=user)
        elif action == "selesai":
            form = FinishForm(request.POST)
            outcome = form.cleaned_data["outcome"] if form.is_valid() else "done"
            work.finish(ticket, by=user, outcome=outcome)
        elif action == "alihkan":
            form = TransferForm(request.POST, point=desk.point)
            form.is_valid()
            data = getattr(form, "cleaned_data", {})
            to_offer = PointService.objects.filter(
                point=desk.point, pk=data.get("to_offer")
            ).first()
            to_counter = Counter.objects.filter(point=desk.point, pk=data.get("to_counter")).first()
            work.transfer(ticket, by=user, to_offer=to_offer, to_counter=to_counter)
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(desk.pk)


@staff_permission_required(*POINTS)
@require_GET
def dashboard_home(request: HttpRequest) -> HttpResponse:
    points = list(points_for(request.user, request.agency).order_by("name"))
    return render(request, "queues/staff/dashboard_home.html", {"points": points})


@staff_permission_required(*POINTS)
@require_GET
def dashboard_page(request: HttpRequest, point_id: int) -> HttpResponse:
    point = get_point_for(request.user, request.agency, point_id)
    return render(
        request,
        "queues/staff/dashboard.html",
        {
            "point": point,
            "today": dashboard.today(point),
            "waiting": display.waiting_by_service(point),
        },
    )


def _officers_in_unit(point: Any) -> int:
    """ASN whose current position is in the office's unit subtree (workforce)."""
    with activate(point.agency):
        return (
            Assignment.objects.filter(
                position__unit__path__startswith=point.unit.path, ends_on__isnull=True
            )
            .values("employee_id")
            .distinct()
            .count()
        )


@staff_permission_required(*POINTS)
@require_GET
def advisor_page(request: HttpRequest, point_id: int) -> HttpResponse:
    point = get_point_for(request.user, request.agency, point_id)
    advice = dashboard.advise(point)
    rows = [
        {
            "weekday": WEEKDAYS[a.weekday],
            "hour": a.hour,
            "arrivals": a.arrivals_per_hour,
            "service": a.service_minutes,
            "chosen": a.recommended,
            "options": [o for o in a.options if isinstance(o, Option)],
        }
        for a in advice
    ]
    return render(
        request,
        "queues/staff/advisor.html",
        {"point": point, "rows": rows, "officers": _officers_in_unit(point)},
    )


urlpatterns = [
    path("antrean/loket/", counter_home, name="counter_home"),
    path("antrean/loket/<int:counter_id>/", counter_page, name="counter"),
    path(
        "antrean/loket/<int:counter_id>/<slug:counter_action>/",
        counter_action,
        name="counter_action",
    ),
    path("antrean/dasbor/", dashboard_home, name="dashboard_home"),
    path("antrean/dasbor/<int:point_id>/", dashboard_page, name="dashboard"),
    path("antrean/dasbor/<int:point_id>/staf/", advisor_page, name="advisor"),
]
