# No "from __future__ import annotations": django-ninja reads real annotations at import.
"""The queue's API: the same domain functions and scope as the pages.

* Public (``auth=None``): offices with waiting counts and estimated waits, the call
  display's state, free slots of a day, a ticket's place in line.
* Citizens: book (a full slot answers 409 with code ``penuh``), read, move to another
  slot (a new booking code), cancel.
* Staff at a counter: call next, recall, skip, start, finish, transfer; the office
  head's figures and the staffing advice.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from sigap.platform.access import public
from sigap.platform.api import ErrorOut, citizen, error, staff
from sigap.queues import booking as booking_domain
from sigap.queues import counter as work
from sigap.queues import dashboard, display
from sigap.queues.apps import POINTS, WORK
from sigap.queues.lookup import (
    citizen_booking,
    get_counter_for,
    get_point_for,
    get_ticket_for,
    public_point,
    public_ticket,
)
from sigap.queues.models import Booking, Counter, PointService, ServicePoint, Slot, Ticket

router = Router(tags=["antrean"])
ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class WaitingOut(Schema):
    offer_id: int
    prefix: str
    service: str
    waiting: int
    counters: int
    estimated_minutes: int


class PointOut(Schema):
    code: str
    name: str
    address: str
    waiting: list[WaitingOut]


class DisplayCounterOut(Schema):
    number: int
    name: str
    open: bool
    ticket: str
    status: str
    call: str


class RecentCallOut(Schema):
    number: str
    counter: str
    at: str


class DisplayOut(Schema):
    version: int
    point: str
    counters: list[DisplayCounterOut]
    recent: list[RecentCallOut]


class SlotOut(Schema):
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    free: int


class TicketOut(Schema):
    number: str
    status: str
    service: str
    counter: str = ""
    position: int
    estimated_minutes: int
    arrived_at: dt.datetime
    called_at: dt.datetime | None = None
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None


class BookIn(Schema):
    slot_id: int
    priority_reason: str = Field("", pattern="^(|elderly|disabled|pregnant)$")


class RescheduleIn(Schema):
    slot_id: int


class BookingOut(Schema):
    code: str
    status: str
    service: str
    point: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    held_until: dt.datetime | None = Field(
        None, description="Batas waktu tahan slot (status `held`); null bila sudah dikonfirmasi"
    )


class CalledOut(Schema):
    ticket: TicketOut | None = None


class FinishIn(Schema):
    outcome: str = Field("done", pattern="^(done|rejected|informed|referred)$")
    note: str = Field("", max_length=300)


class TransferIn(Schema):
    to_offer_id: int | None = None
    to_counter_id: int | None = None


class TodayOut(Schema):
    waiting: int
    served: int
    no_shows: int
    mean_wait_minutes: float | None = None
    p90_wait_minutes: float | None = None
    per_counter: list[tuple[str, int]]
    per_officer: list[tuple[str, int]]


class OptionOut(Schema):
    counters: int
    probability_wait: float
    mean_wait_minutes: float | None = None
    share_within_target: float
    utilisation: float
    officers_needed: int


class AdviceOut(Schema):
    weekday: int
    hour: int
    arrivals_per_hour: float
    service_minutes: float
    recommended: OptionOut | None = None
    options: list[OptionOut]


def _ticket(ticket: Ticket, with_place: bool = True) -> dict[str, Any]:
    position = display.position_of(ticket) if with_place else 0
    return {
        "number": ticket.number,
        "status": ticket.status,
        "service": ticket.offer.service.name,
        "counter": ticket.counter.name if ticket.counter_id else "",
        "position": position,
        "estimated_minutes": display.estimated_wait_minutes(ticket) if position else 0,
        "arrived_at": ticket.arrived_at,
        "called_at": ticket.called_at,
        "started_at": ticket.started_at,
        "finished_at": ticket.finished_at,
    }


def _booking(made: Booking) -> dict[str, Any]:
    return {
        "code": made.code,
        "status": made.status,
        "service": made.offer.service.name,
        "point": made.offer.point.name,
        "starts_at": made.slot.starts_at,
        "ends_at": made.slot.ends_at,
        "held_until": made.held_until,
    }


def _option(o: Any) -> dict[str, Any]:
    return {
        "counters": o.counters,
        "probability_wait": o.probability_wait,
        "mean_wait_minutes": dashboard.finite(o.mean_wait_minutes),
        "share_within_target": o.share_within_target,
        "utilisation": o.utilisation if o.stable else 1.0,
        "officers_needed": o.officers_needed,
    }


# ---------------------------------------------------------------------- public


@router.get(
    "/antrean/publik/{agency_slug}/kantor",
    response={200: list[PointOut], 404: ErrorOut},
    auth=None,
    summary="Kantor antrean dengan jumlah menunggu dan perkiraan tunggu (publik)",
)
@public
def public_points(request: HttpRequest, agency_slug: str):
    points = ServicePoint.objects.filter(is_active=True).order_by("name")
    return [
        {
            "code": p.code,
            "name": p.name,
            "address": p.address,
            "waiting": [w.__dict__ for w in display.waiting_by_service(p)],
        }
        for p in points
    ]


@router.get(
    "/antrean/publik/{agency_slug}/kantor/{point_code}/layar",
    response={200: DisplayOut, 404: ErrorOut},
    auth=None,
    summary="Layar panggilan satu kantor (publik)",
)
@public
def public_display(request: HttpRequest, agency_slug: str, point_code: str):
    return display.display_state(public_point(request.agency, point_code))


@router.get(
    "/antrean/publik/{agency_slug}/kantor/{point_code}/slot",
    response={200: list[SlotOut], 404: ErrorOut},
    auth=None,
    summary="Slot yang dapat dipesan pada satu hari (publik)",
)
@public
def public_slots(
    request: HttpRequest,
    agency_slug: str,
    point_code: str,
    offer_id: int = 0,
    day: dt.date | None = None,
):
    point = public_point(request.agency, point_code)
    offer = (
        PointService.objects.filter(point=point, pk=offer_id, bookable=True).first()
        if offer_id
        else (PointService.objects.filter(point=point, bookable=True).order_by("prefix").first())
    )
    if offer is None:
        raise Http404
    day = day or request.agency.today()
    return [
        {
            "id": s.pk,
            "starts_at": s.starts_at,
            "ends_at": s.ends_at,
            "capacity": s.capacity,
            "free": s.free,
        }
        for s in booking_domain.bookable_slots(offer, day)
    ]


@router.get(
    "/antrean/publik/{agency_slug}/tiket/{ticket_token}",
    response={200: TicketOut, 404: ErrorOut},
    auth=None,
    summary="Posisi satu tiket dalam antrean (publik, dengan token tiket)",
)
@public
def public_ticket_status(request: HttpRequest, agency_slug: str, ticket_token: str):
    return _ticket(public_ticket(request.agency, ticket_token))


# ---------------------------------------------------------------------- citizen


def _slot(slot_id: int) -> Slot:
    slot = (
        Slot.objects.filter(pk=slot_id)
        # The slot's own agency too: booking acts for it (one query fewer per booking).
        .select_related("agency", "offer__point__agency", "offer__service")
        .first()
    )
    if slot is None:
        raise Http404
    return slot


def _placed(place: Callable[[], Booking]) -> Status:
    """201 with the booking ``place()`` made, or 409 ``penuh`` when its slot was full
    (other refusals go to the API's one error shape)."""
    try:
        made = place()
    except ValidationError as exc:
        slot_errors = getattr(exc, "error_dict", {}).get("slot", [])
        if slot_errors and slot_errors[0].code == booking_domain.FULL:
            message = slot_errors[0].messages[0]
            return Status(
                409, error(booking_domain.FULL, message, [{"field": "slot_id", "message": message}])
            )
        raise
    return Status(201, _booking(made))


@router.post(
    "/antrean/publik/{agency_slug}/pesanan",
    response={201: BookingOut, **ERRORS},
    auth=citizen,
    summary="Pesan slot antrean (409 `penuh` bila slot penuh)",
)
def book(request: HttpRequest, agency_slug: str, payload: BookIn):
    slot = _slot(payload.slot_id)
    return _placed(
        lambda: booking_domain.book(request.auth, slot, priority_reason=payload.priority_reason)
    )


@router.post(
    "/antrean/publik/{agency_slug}/tahan",
    response={201: BookingOut, **ERRORS},
    auth=citizen,
    summary="Tahan slot beberapa menit sambil melengkapi pesanan (409 `penuh` bila slot penuh)",
)
def hold(request: HttpRequest, agency_slug: str, payload: BookIn):
    """The two-step booking of the web page: the place is kept until ``held_until``;
    ``…/pesanan/{code}/konfirmasi`` makes it a booking, else the sweep gives it back."""
    slot = _slot(payload.slot_id)
    return _placed(
        lambda: booking_domain.hold(request.auth, slot, priority_reason=payload.priority_reason)
    )


@router.post(
    "/antrean/publik/{agency_slug}/pesanan/{booking_code}/konfirmasi",
    response={200: BookingOut, **ERRORS},
    auth=citizen,
    summary="Konfirmasi slot yang ditahan (422 bila waktu tahan habis)",
)
def booking_confirm(request: HttpRequest, agency_slug: str, booking_code: str):
    made = citizen_booking(request.auth, request.agency, booking_code)
    return _booking(booking_domain.confirm(made, by=request.auth))


@router.get(
    "/antrean/publik/{agency_slug}/pesanan/{booking_code}",
    response={200: BookingOut, **ERRORS},
    auth=citizen,
    summary="Satu pesanan antrean milik warga",
)
def booking_detail(request: HttpRequest, agency_slug: str, booking_code: str):
    return _booking(citizen_booking(request.auth, request.agency, booking_code))


@router.post(
    "/antrean/publik/{agency_slug}/pesanan/{booking_code}/pindah",
    response={201: BookingOut, **ERRORS},
    auth=citizen,
    summary="Pindah jadwal ke slot lain layanan yang sama (kode baru; 409 `penuh`)",
)
def booking_reschedule(
    request: HttpRequest, agency_slug: str, booking_code: str, payload: RescheduleIn
):
    made = citizen_booking(request.auth, request.agency, booking_code)
    slot = _slot(payload.slot_id)
    return _placed(lambda: booking_domain.reschedule(made, slot, by=request.auth))


@router.post(
    "/antrean/publik/{agency_slug}/pesanan/{booking_code}/batal",
    response={200: BookingOut, **ERRORS},
    auth=citizen,
    summary="Batalkan pesanan antrean",
)
def booking_cancel(request: HttpRequest, agency_slug: str, booking_code: str):
    made = citizen_booking(request.auth, request.agency, booking_code)
    return _booking(booking_domain.cancel(made, by=request.auth))


# ---------------------------------------------------------------------- staff


@router.post(
    "/antrean/loket/{counter_id}/panggil",
    response={200: CalledOut, **ERRORS},
    auth=staff(WORK),
    summary="Panggil tiket berikutnya ke loket",
)
def call_next(request: HttpRequest, counter_id: int):
    desk = get_counter_for(request.auth, request.agency, counter_id)
    ticket = work.call_next(desk, by=request.auth)
    return {"ticket": _ticket(ticket, with_place=False) if ticket else None}


def _counter_ticket(request: HttpRequest, ticket_id: int) -> Ticket:
    return get_ticket_for(request.auth, request.agency, ticket_id)


@router.post(
    "/antrean/tiket/{ticket_id}/ulang",
    response={200: TicketOut, **ERRORS},
    auth=staff(WORK),
    summary="Panggil ulang",
)
def recall(request: HttpRequest, ticket_id: int):
    return _ticket(
        work.recall(_counter_ticket(request, ticket_id), by=request.auth), with_place=False
    )


@router.post(
    "/antrean/tiket/{ticket_id}/lewati",
    response={200: TicketOut, **ERRORS},
    auth=staff(WORK),
    summary="Lewati (tidak hadir)",
)
def skip(request: HttpRequest, ticket_id: int):
    return _ticket(
        work.skip(_counter_ticket(request, ticket_id), by=request.auth), with_place=False
    )


@router.post(
    "/antrean/tiket/{ticket_id}/mulai",
    response={200: TicketOut, **ERRORS},
    auth=staff(WORK),
    summary="Mulai layani",
)
def start(request: HttpRequest, ticket_id: int):
    return _ticket(
        work.start(_counter_ticket(request, ticket_id), by=request.auth), with_place=False
    )


@router.post(
    "/antrean/tiket/{ticket_id}/selesai",
    response={200: TicketOut, **ERRORS},
    auth=staff(WORK),
    summary="Selesai (mencatat peristiwa layanan)",
)
def finish(request: HttpRequest, ticket_id: int, payload: FinishIn):
    ticket = work.finish(
        _counter_ticket(request, ticket_id),
        by=request.auth,
        outcome=payload.outcome,
        note=payload.note,
    )
    return _ticket(ticket, with_place=False)


@router.post(
    "/antrean/tiket/{ticket_id}/alihkan",
    response={200: TicketOut, **ERRORS},
    auth=staff(WORK),
    summary="Alihkan ke layanan atau loket lain",
)
def transfer(request: HttpRequest, ticket_id: int, payload: TransferIn):
    ticket = _counter_ticket(request, ticket_id)
    to_offer = (
        PointService.objects.filter(point_id=ticket.point_id, pk=payload.to_offer_id).first()
        if payload.to_offer_id
        else None
    )
    to_counter = (
        Counter.objects.filter(point_id=ticket.point_id, pk=payload.to_counter_id).first()
        if payload.to_counter_id
        else None
    )
    return _ticket(work.transfer(ticket, by=request.auth, to_offer=to_offer, to_counter=to_counter))


@router.get(
    "/antrean/kantor/{point_id}/dasbor",
    response={200: TodayOut, **ERRORS},
    auth=staff(*POINTS),
    summary="Angka antrean hari ini",
)
def point_today(request: HttpRequest, point_id: int):
    return dashboard.today(get_point_for(request.auth, request.agency, point_id)).__dict__


@router.get(
    "/antrean/kantor/{point_id}/saran-loket",
    response={200: list[AdviceOut], **ERRORS},
    auth=staff(*POINTS),
    summary="Saran jumlah loket per jam (Erlang C)",
)
def point_advice(request: HttpRequest, point_id: int):
    point = get_point_for(request.auth, request.agency, point_id)
    return [
        {
            "weekday": a.weekday,
            "hour": a.hour,
            "arrivals_per_hour": a.arrivals_per_hour,
            "service_minutes": a.service_minutes,
            "recommended": _option(a.recommended) if a.recommended else None,
            "options": [_option(o) for o in a.options],
        }
        for a in dashboard.advise(point)
    ]
