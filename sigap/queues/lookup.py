"""Fetching points, counters, tickets and bookings for a user: scoped by tenant and
role (``accounts.scope`` on resource ``queues.point``, by the point's unit), "no
access" looking the same as "not found"."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sigap.accounts.scope import row_scope
from sigap.queues.models import Booking, Counter, ServicePoint, Ticket

RESOURCE = "queues.point"


def points_for(user: Any, agency: Any) -> QuerySet[ServicePoint]:
    scope = row_scope(user, agency, RESOURCE)
    return scope.rows(
        ServicePoint.objects.filter(agency=agency), unit_path="unit__path"
    ).select_related("unit")


def get_point_for(user: Any, agency: Any, point_id: int) -> ServicePoint:
    point = points_for(user, agency).filter(pk=point_id).first()
    if point is None:
        raise Http404
    return point


def get_counter_for(user: Any, agency: Any, counter_id: int) -> Counter:
    counter = (
        Counter.objects.filter(pk=counter_id, point__in=points_for(user, agency))
        .select_related("point__agency")
        .first()
    )
    if counter is None:
        raise Http404
    return counter


def get_ticket_for(user: Any, agency: Any, ticket_id: int) -> Ticket:
    ticket = (
        Ticket.objects.filter(pk=ticket_id, point__in=points_for(user, agency))
        .select_related("offer__service", "point")
        .first()
    )
    if ticket is None:
        raise Http404
    return ticket


def public_point(agency: Any, code: str) -> ServicePoint:
    point = (
        ServicePoint.objects.filter(agency=agency, code=code, is_active=True)
        .select_related("agency")
        .first()
    )
    if point is None:
        raise Http404
    return point


def public_ticket(agency: Any, token: str) -> Ticket:
    ticket = (
        Ticket.objects.filter(agency=agency, token=token)
        .select_related("point__agency", "offer__service")
        .first()
    )
    if ticket is None:
        raise Http404
    return ticket


def citizen_booking(user: Any, agency: Any, code: str) -> Booking:
    booking = (
        Booking.objects.filter(agency=agency, code=code, citizen=user)
        .select_related("slot", "offer__service", "offer__point")
        .first()
    )
    if booking is None:
        raise Http404
    return booking
