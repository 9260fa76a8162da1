"""Fetching points, counters, tickets and bookings for a user: scoped by tenant and
role (``accounts.scope`` on resource ``queues.point``, by the point's unit), "no
access" looking the same as "not found"."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sigap.accounts.roles import is_system_admin
from sigap.accounts.scope import NO_ROWS, RowScope, row_scope, units_scope
from sigap.platform.access import may
from sigap.platform.declarations import permission_roles
from sigap.queues.models import Booking, Closure, Counter, PointService, ServicePoint, Ticket
from sigap.tenancy.models import OrgUnit

RESOURCE = "queues.point"
MANAGE_ALL = "queues.manage_all_point"
MANAGE_UNIT = "queues.manage_unit_point"


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


# ------------------------------------------------------------------ setting up offices
# ``row_scope`` answers the ``view_*`` names only; the ``manage_*`` pair (the agency
# admin: every office; unit heads: the offices in their units' subtrees) is worked out
# here the same way, so a leader who may *see* every office still sets up none.


def manage_scope(user: Any, agency: Any) -> RowScope:
    if agency is None or not getattr(user, "is_authenticated", False):
        return NO_ROWS
    cache: dict = user.__dict__.setdefault("_sigap_queue_manage_scopes", {})
    if agency.pk not in cache:
        cache[agency.pk] = _manage_scope(user, agency)
    return cache[agency.pk]


def _manage_scope(user: Any, agency: Any) -> RowScope:
    if is_system_admin(user) or may(user, agency, MANAGE_ALL):
        return RowScope(RowScope.ALL)
    return units_scope(user, agency, permission_roles().get(MANAGE_UNIT, frozenset()))


def managed_points_for(user: Any, agency: Any) -> QuerySet[ServicePoint]:
    return (
        manage_scope(user, agency)
        .rows(ServicePoint.objects.filter(agency=agency), unit_path="unit__path")
        .select_related("unit", "agency")
    )


def managed_units_for(user: Any, agency: Any) -> QuerySet[OrgUnit]:
    """The units a user may open a new office in."""
    return (
        manage_scope(user, agency)
        .rows(OrgUnit.objects.filter(agency=agency, is_active=True), unit_path="path")
        .order_by("path")
    )


def get_managed_point(user: Any, agency: Any, point_id: int) -> ServicePoint:
    point = managed_points_for(user, agency).filter(pk=point_id).first()
    if point is None:
        raise Http404
    return point


def get_managed_offer(point: ServicePoint, offer_id: int) -> PointService:
    offer = PointService.objects.filter(point=point, pk=offer_id).select_related("service").first()
    if offer is None:
        raise Http404
    return offer


def get_managed_counter(point: ServicePoint, counter_id: int) -> Counter:
    desk = Counter.objects.filter(point=point, pk=counter_id).first()
    if desk is None:
        raise Http404
    return desk


def get_managed_closure(point: ServicePoint, closure_id: int) -> Closure:
    closure = Closure.objects.filter(point=point, pk=closure_id).select_related("point").first()
    if closure is None:
        raise Http404
    return closure
