"""Who may edit which part of the catalogue, and the reads that honour it.

``services.manage_all_catalogue`` (the agency admin) covers every unit of the agency;
``services.manage_unit_catalogue`` (unit heads) covers the subtrees of the units where
the user holds a unit-scoped role carrying it. ``accounts.scope.row_scope`` answers the
``view_*`` names only, so the same arithmetic is done here for the ``manage_*`` pair,
and the answer is the same ``RowScope`` the rest of the code filters with.

Staff pages and the API fetch services only through ``get_service_for``: a service of
another agency, or outside the user's subtree, is "not found" (healthchecks style).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sigap.accounts.roles import is_system_admin
from sigap.accounts.scope import NO_ROWS, RowScope, units_scope
from sigap.platform.access import may
from sigap.platform.declarations import permission_roles
from sigap.services.models import Service, ServiceStandard
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency, OrgUnit

MANAGE_ALL = "services.manage_all_catalogue"
MANAGE_UNIT = "services.manage_unit_catalogue"
MANAGE = (MANAGE_ALL, MANAGE_UNIT)


def catalogue_scope(user: Any, agency: Agency | None) -> RowScope:
    """The units whose services ``user`` may edit in ``agency`` (cached per request)."""
    if agency is None or not getattr(user, "is_authenticated", False):
        return NO_ROWS
    cache: dict = user.__dict__.setdefault("_sigap_catalogue_scopes", {})
    if agency.pk not in cache:
        cache[agency.pk] = _compute(user, agency)
    return cache[agency.pk]


def _compute(user: Any, agency: Agency) -> RowScope:
    if is_system_admin(user) or may(user, agency, MANAGE_ALL):
        return RowScope(RowScope.ALL)
    return units_scope(user, agency, permission_roles().get(MANAGE_UNIT, frozenset()))


def services_for(user: Any, agency: Agency) -> QuerySet[Service]:
    """The services ``user`` may edit, active or not, by unit and name."""
    with acting_for(agency):
        qs = Service.objects.select_related("unit").order_by("unit__path", "name")
        return catalogue_scope(user, agency).rows(qs, unit_path="unit__path")


def units_for(user: Any, agency: Agency) -> QuerySet[OrgUnit]:
    """The units ``user`` may place a service in."""
    with acting_for(agency):
        qs = OrgUnit.objects.filter(is_active=True).order_by("path")
        return catalogue_scope(user, agency).rows(qs, unit_path="path")


def get_service_for(user: Any, agency: Agency, service_id: int) -> Service | None:
    return services_for(user, agency).filter(pk=service_id).first()


def draft_of(service: Service) -> ServiceStandard | None:
    return service.standards.filter(status=ServiceStandard.Status.DRAFT).first()


def versions_of(service: Service) -> QuerySet[ServiceStandard]:
    return service.standards.order_by("-version")
