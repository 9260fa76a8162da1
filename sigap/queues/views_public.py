"""Public queue pages, no sign-in (agency from the URL): each office's waiting count and
estimated wait per service, the large-screen call display and its state (polled with
ETags, see docs/decisions/0007), the kiosk that prints walk-in tickets, and the ticket
page a citizen's phone follows from the QR code on the slip.

Light on purpose: no images, one small script on the display and the kiosk only.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sigap.platform.access import public
from sigap.platform.forms import apply_validation_error
from sigap.queues import display, tickets
from sigap.queues.forms import CheckInForm, KioskForm
from sigap.queues.lookup import public_point, public_ticket
from sigap.queues.models import PointService, ServicePoint, Ticket
from sigap.queues.qr import qr_svg
from sigap.services import event_links


@public
@require_GET
def public_index(request: HttpRequest, agency_slug: str | None = None) -> HttpResponse:
    agency = request.agency
    if agency is None:
        from sigap.tenancy.models import Agency

        agencies = Agency.objects.filter(is_active=True).order_by("name")
        return render(request, "queues/public/agencies.html", {"agencies": agencies})
    points = list(ServicePoint.objects.filter(is_active=True).order_by("name"))
    rows = [(p, display.waiting_by_service(p)) for p in points]
    return render(request, "queues/public/index.html", {"agency": agency, "rows": rows})


@public
@require_GET
def point_status(request: HttpRequest, agency_slug: str, point_code: str) -> HttpResponse:
    point = public_point(request.agency, point_code)
    return render(
        request,
        "queues/public/point.html",
        {"agency": request.agency, "point": point, "waiting": display.waiting_by_service(point)},
    )


@public
@require_GET
def display_page(request: HttpRequest, agency_slug: str, point_code: str) -> HttpResponse:
    point = public_point(request.agency, point_code)
    return render(
        request,
        "queues/public/display.html",
        {"point": point, "state": display.display_state(point)},
    )


@public
@require_GET
def display_state(request: HttpRequest, agency_slug: str, point_code: str) -> HttpResponse:
    """The display's state; 304 when ``If-None-Match`` names the current version (one
    primary-key read)."""
    found = (
        ServicePoint.objects.filter(code=point_code, is_active=True)
        .values_list("pk", "display_version")
        .first()
    )
    if found is None:
        return JsonResponse({"code": "not_found"}, status=404)
    point_id, version = found
    etag = f'"q{point_id}-{version}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        point = ServicePoint.objects.select_related("agency").get(pk=point_id)
        response = JsonResponse(display.display_state(point))
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


@public
@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest, agency_slug: str, point_code: str) -> HttpResponse:
    point = public_point(request.agency, point_code)
    form = KioskForm(request.POST or None, point=point)
    if request.method == "POST" and form.is_valid():
        offer = (
            PointService.objects.filter(point=point, pk=form.cleaned_data["offer"])
            .select_related("point__agency")
            .first()
        )
        try:
            ticket = tickets.issue_walk_in(
                offer, priority_reason=form.cleaned_data["priority_reason"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            url = reverse("queues:ticket", args=[request.agency.slug, ticket.token])
            return redirect(f"{url}?cetak=1&kios={point.code}")
    return render(
        request,
        "queues/public/kiosk.html",
        {
            "point": point,
            "form": form,
            "offers": point.offers.select_related("service").order_by("prefix"),
        },
    )


@public
@require_http_methods(["GET", "POST"])
def kiosk_check_in(request: HttpRequest, agency_slug: str, point_code: str) -> HttpResponse:
    """A booked citizen checks in at the kiosk: the scanner reads the QR code on their
    phone into the field (or they type the code) and the slip prints."""
    point = public_point(request.agency, point_code)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ticket = tickets.check_in_by_code(point, form.cleaned_data["code"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            url = reverse("queues:ticket", args=[request.agency.slug, ticket.token])
            return redirect(f"{url}?cetak=1&kios={point.code}")
    return render(request, "queues/public/kiosk_check_in.html", {"point": point, "form": form})


def _after_service(ticket: Ticket) -> dict[str, str | None]:
    """Once served, the slip's page is how a walk-in (no account, so no survey
    invitation) rates the service or complains about it: both links name the ticket's
    service event (``services.event_links``)."""
    event = ticket.service_event if ticket.status == Ticket.Status.DONE else None
    if event is None:
        return {"rate_link": None, "complaint_link": None}
    kind, number = event_links.AboutKind.TICKET, ticket.number
    return {
        "rate_link": event_links.survey_link(event, kind=kind, reference=number),
        "complaint_link": event_links.complaint_link(event, kind=kind, reference=number),
    }


@public
@require_GET
def ticket_page(request: HttpRequest, agency_slug: str, ticket_token: str) -> HttpResponse:
    ticket = public_ticket(request.agency, ticket_token)
    url = request.build_absolute_uri(
        reverse("queues:ticket", args=[request.agency.slug, ticket.token])
    )
    position = display.position_of(ticket)
    return render(
        request,
        "queues/public/ticket.html",
        {
            **_after_service(ticket),
            "ticket": ticket,
            "point": ticket.point,
            "position": position,
            "estimate": display.estimated_wait_minutes(ticket) if position else 0,
            "qr": qr_svg(url, scale=3, title=_("Kode QR tiket %(n)s") % {"n": ticket.number}),
            "print": request.GET.get("cetak") == "1",
            "kiosk": request.GET.get("kios", ""),
            "waiting": ticket.status == Ticket.Status.WAITING,
            # The phone keeps refreshing the place in line until the ticket is served.
            "live": ticket.status in (Ticket.Status.WAITING, Ticket.Status.CALLED),
        },
    )


urlpatterns = [
    path("antrean/", public_index, name="public_index"),
    path("p/<slug:agency_slug>/antrean/", public_index, name="public_index"),
    path(
        "p/<slug:agency_slug>/antrean/kantor/<slug:point_code>/", point_status, name="point_status"
    ),
    path(
        "p/<slug:agency_slug>/antrean/kantor/<slug:point_code>/layar/", display_page, name="display"
    ),
    path(
        "p/<slug:agency_slug>/antrean/kantor/<slug:point_code>/layar.json",
        display_state,
        name="display_state",
    ),
    path("p/<slug:agency_slug>/antrean/kantor/<slug:point_code>/kios/", kiosk, name="kiosk"),
    path(
        "p/<slug:agency_slug>/antrean/kantor/<slug:point_code>/kios/datang/",
        kiosk_check_in,
        name="kiosk_check_in",
    ),
    path("p/<slug:agency_slug>/antrean/tiket/<str:ticket_token>/", ticket_page, name="ticket"),
]
