"""URL arguments of the queue's pages and API for the generated access test: an office
of agency A in the world's unit (whose name is the secret), with counters, a waiting
ticket and a citizen's booking, all through the domain functions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from sigap.queues import booking, points, tickets
from sigap.queues.models import Booking, Closure, Slot, Ticket
from sigap.queues.tests.factories import always_open, citizen, office, slots_for
from sigap.tenancy.context import activate

CODE = "akses-antrean"


def _office(world: dict[str, Any]):
    return office(world["agency"], world["unit"], code=CODE)


def _ticket(world: dict[str, Any]) -> Ticket:
    point, offers, _ = _office(world)
    with activate(point.agency):
        existing = Ticket.objects.filter(point=point).first()
    return existing or tickets.issue_walk_in(offers[0], calendar=always_open(point.agency))


def _booking(world: dict[str, Any]) -> Booking:
    point, offers, _ = _office(world)
    with activate(point.agency):
        existing = Booking.objects.filter(offer__point=point).first()
        if existing is not None:
            return existing
    slots_for(point)
    with activate(point.agency):
        slot = Slot.objects.filter(offer=offers[0]).order_by("starts_at").first()
    return booking.book(citizen(email="warga.antrean@example.id", nik="1571024506889999"), slot)


def _closure(world: dict[str, Any]) -> Closure:
    point, _offers, _ = _office(world)
    with activate(point.agency):
        existing = Closure.objects.filter(point=point).first()
    if existing is not None:
        return existing
    start = timezone.now() + dt.timedelta(days=60)
    return points.add_closure(
        point, starts_at=start, ends_at=start + dt.timedelta(hours=4), reason="Rapat kerja"
    )


PROVIDERS = {
    "point_code": lambda world: _office(world)[0].code,
    "point_id": lambda world: _office(world)[0].pk,
    "counter_id": lambda world: _office(world)[2][0].pk,
    "counter_action": lambda world: "panggil",
    "ticket_token": lambda world: _ticket(world).token,
    "ticket_id": lambda world: _ticket(world).pk,
    "booking_code": lambda world: _booking(world).code,
    "offer_id": lambda world: _office(world)[1][0].pk,
    "closure_id": lambda world: _closure(world).pk,
}
