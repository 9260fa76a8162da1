"""The citizen's queue pages (their pemda in the URL): book a slot (held for the
office's hold minutes until the citizen confirms), their bookings, one booking with its
code and QR code to show on arrival, move it to another slot, cancel."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.platform.access import citizen_required
from sigap.platform.forms import apply_validation_error
from sigap.queues import booking as domain
from sigap.queues.forms import BookForm, RescheduleForm
from sigap.queues.lookup import citizen_booking, public_point
from sigap.queues.models import Booking, PointService, Slot
from sigap.queues.qr import qr_svg


@citizen_required
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, agency_slug: str, point_code: str) -> HttpResponse:
    point = public_point(request.agency, point_code)
    today = request.agency.today()
    data = (
        request.POST
        if request.method == "POST"
        else (request.GET if "offer" in request.GET else None)
    )
    form = BookForm(data, point=point, initial={"day": today + dt.timedelta(days=1)})
    slots: list[Slot] = []
    offer = None
    if form.is_bound and form.is_valid():
        offer = PointService.objects.filter(
            point=point, pk=form.cleaned_data["offer"], bookable=True
        ).first()
        day = form.cleaned_data["day"]
        if offer is not None:
            slots = domain.bookable_slots(offer, day)
        if request.method == "POST":
            slot = next((s for s in slots if str(s.pk) == request.POST.get("slot")), None)
            if slot is None:
                form.add_error(None, _("Pilih salah satu slot yang tersedia."))
            else:
                try:
                    made = domain.hold(
                        request.user, slot, priority_reason=form.cleaned_data["priority_reason"]
                    )
                except ValidationError as exc:
                    apply_validation_error(form, exc)
                    slots = domain.bookable_slots(offer, day)
                else:
                    return redirect("queues:booking", request.agency.slug, made.code)
    return render(
        request,
        "queues/citizen/book.html",
        {"point": point, "form": form, "slots": slots, "offer": offer, "zone": request.agency.zone},
    )


@citizen_required
@require_GET
def my_bookings(request: HttpRequest, agency_slug: str) -> HttpResponse:
    rows = (
        Booking.objects.filter(citizen=request.user)
        .select_related("slot", "offer__service", "offer__point")
        .order_by("-day", "-created_at")[:50]
    )
    return render(request, "queues/citizen/my_bookings.html", {"bookings": rows})


@citizen_required
@require_GET
def booking_detail(request: HttpRequest, agency_slug: str, booking_code: str) -> HttpResponse:
    made = citizen_booking(request.user, request.agency, booking_code)
    return render(
        request,
        "queues/citizen/booking.html",
        {
            "booking": made,
            "qr": qr_svg(made.code, scale=6, title=_("Kode QR booking %(c)s") % {"c": made.code})
            if made.status in (Booking.Status.CONFIRMED, Booking.Status.CHECKED_IN)
            else "",
            "held": made.status == Booking.Status.HELD,
            "can_cancel": made.status in (Booking.Status.HELD, Booking.Status.CONFIRMED),
            "zone": request.agency.zone,
        },
    )


@citizen_required
@require_POST
def booking_confirm(request: HttpRequest, agency_slug: str, booking_code: str) -> HttpResponse:
    """The citizen completes a held booking within the hold time."""
    made = citizen_booking(request.user, request.agency, booking_code)
    try:
        made = domain.confirm(made, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Antrean berhasil dipesan."))
    return redirect("queues:booking", request.agency.slug, made.code)


@citizen_required
@require_http_methods(["GET", "POST"])
def booking_reschedule(request: HttpRequest, agency_slug: str, booking_code: str) -> HttpResponse:
    """Move a booking to another slot of the same service: the new place is taken and
    the old one given back in one transaction (``booking.reschedule``)."""
    made = citizen_booking(request.user, request.agency, booking_code)
    if made.status not in (Booking.Status.HELD, Booking.Status.CONFIRMED):
        messages.error(request, _("Pemesanan ini tidak dapat dipindah lagi."))
        return redirect("queues:booking", request.agency.slug, made.code)
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = RescheduleForm(data, initial={"day": made.day})
    slots: list[Slot] = []
    if form.is_bound and form.is_valid():
        slots = [
            s for s in domain.bookable_slots(made.offer, form.cleaned_data["day"]) if s != made.slot
        ]
        if request.method == "POST":
            slot = next((s for s in slots if str(s.pk) == request.POST.get("slot")), None)
            if slot is None:
                form.add_error(None, _("Pilih salah satu slot yang tersedia."))
            else:
                try:
                    moved = domain.reschedule(made, slot, by=request.user)
                except ValidationError as exc:
                    apply_validation_error(form, exc)
                    slots = [
                        s
                        for s in domain.bookable_slots(made.offer, form.cleaned_data["day"])
                        if s != made.slot
                    ]
                else:
                    messages.success(request, _("Jadwal antrean dipindah."))
                    return redirect("queues:booking", request.agency.slug, moved.code)
    return render(
        request,
        "queues/citizen/reschedule.html",
        {"booking": made, "form": form, "slots": slots, "zone": request.agency.zone},
    )


@citizen_required
@require_POST
def booking_cancel(request: HttpRequest, agency_slug: str, booking_code: str) -> HttpResponse:
    made = citizen_booking(request.user, request.agency, booking_code)
    try:
        domain.cancel(made, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Pemesanan dibatalkan."))
    return redirect(reverse("queues:booking", args=[request.agency.slug, made.code]))


urlpatterns = [
    path("p/<slug:agency_slug>/antrean/kantor/<slug:point_code>/pesan/", book, name="book"),
    path("p/<slug:agency_slug>/antrean/pesanan/", my_bookings, name="my_bookings"),
    path(
        "p/<slug:agency_slug>/antrean/pesanan/<str:booking_code>/", booking_detail, name="booking"
    ),
    path(
        "p/<slug:agency_slug>/antrean/pesanan/<str:booking_code>/pindah/",
        booking_reschedule,
        name="booking_reschedule",
    ),
    path(
        "p/<slug:agency_slug>/antrean/pesanan/<str:booking_code>/konfirmasi/",
        booking_confirm,
        name="booking_confirm",
    ),
    path(
        "p/<slug:agency_slug>/antrean/pesanan/<str:booking_code>/batal/",
        booking_cancel,
        name="booking_cancel",
    ),
]
