"""Reads for the counter and follow-up pages, scoped to the units the user acts for."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from sigap.accounts.scope import RowScope
from sigap.services.models import ServiceEvent
from sigap.services.work_queue import acting_scope
from sigap.surveys.apps import RECORD
from sigap.surveys.models import ImprovementAction, Response
from sigap.surveys.responses import event_digest
from sigap.tenancy.models import Agency, OrgUnit

RECENT = dt.timedelta(hours=4)


def _events(user: Any, agency: Agency) -> QuerySet[ServiceEvent]:
    scope = acting_scope(user, agency, RECORD)
    qs = ServiceEvent.objects.filter(agency=agency).select_related("service")
    if scope.kind == RowScope.ALL:
        return qs
    return scope.rows(qs, unit_path="unit__path")


def recent_unrated(user: Any, agency: Agency, limit: int = 30) -> list[ServiceEvent]:
    """Service events of the user's units finished in the last hours and not rated yet,
    newest first: what the officer hands the kiosk to, or types a paper form for."""
    events = list(
        _events(user, agency)
        .filter(finished_at__gte=timezone.now() - RECENT)
        .order_by("-finished_at")[:limit]
    )
    digests = {event_digest(e): e for e in events}
    rated = set(
        Response.objects.filter(event_digest__in=list(digests)).values_list(
            "event_digest", flat=True
        )
    )
    return [e for d, e in digests.items() if d not in rated]


def event_for(user: Any, agency: Agency, event_id: int) -> ServiceEvent | None:
    return _events(user, agency).filter(pk=event_id).first()


def action_units(user: Any, agency: Agency) -> QuerySet[OrgUnit]:
    scope = acting_scope(user, agency, "surveys.manage_unit_action")
    units = OrgUnit.objects.filter(agency=agency)
    if scope.kind == RowScope.ALL or user.has_perm("surveys.manage_all_action", agency):
        return units.order_by("path")
    return scope.rows(units, unit_path="path").order_by("path")


def actions_in(units: QuerySet[OrgUnit]) -> QuerySet[ImprovementAction]:
    condition = Q(pk__in=[])
    for path in units.values_list("path", flat=True):
        condition |= Q(unit__path__startswith=path)
    return ImprovementAction.objects.filter(condition).select_related("unit", "owner")
