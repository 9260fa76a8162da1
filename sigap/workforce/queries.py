"""Reads of the ASN registry. Current state is derived here from the history tables.

Hot list reads annotate the current position, unit and golongan with correlated
subqueries that hit the indexes on ``Assignment``/``RankHistory``; nothing is cached
in a second column.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from sigap.workforce.models import Assignment, CompetencyAssessment, Employee, RankHistory


def current_primary_filter() -> Q:
    """The open primary assignment is the current position (one per person, a DB constraint).

    Every workforce module uses this same definition; a move recorded with a future TMT
    therefore counts from the day it is recorded (see docs/domain/workforce.md).
    """
    return Q(is_primary=True, ends_on__isnull=True)


def open_primary(employee_ref: str = "pk") -> QuerySet[Assignment]:
    return Assignment.objects.filter(current_primary_filter(), employee=OuterRef(employee_ref))


def with_current_state(qs: QuerySet[Employee]) -> QuerySet[Employee]:
    """Annotate current_position_id, current_position_title, current_jabatan_type,
    current_unit_id, current_unit_name, current_since and current_golongan."""
    current = open_primary()
    latest_rank = RankHistory.objects.filter(employee=OuterRef("pk")).order_by("-tmt")
    return qs.annotate(
        current_position_id=Subquery(current.values("position_id")[:1]),
        current_position_title=Subquery(current.values("position__title")[:1]),
        current_jabatan_type=Subquery(current.values("position__jabatan_type")[:1]),
        current_unit_id=Subquery(current.values("position__unit_id")[:1]),
        current_unit_name=Subquery(current.values("position__unit__name")[:1]),
        current_since=Subquery(current.values("starts_on")[:1]),
        current_golongan=Subquery(latest_rank.values("golongan")[:1]),
    )


def in_unit_subtree(qs: QuerySet[Employee], unit_path: str) -> QuerySet[Employee]:
    return qs.filter(Exists(open_primary().filter(position__unit__path__startswith=unit_path)))


def current_assignment(employee: Employee) -> Assignment | None:
    return (
        Assignment.objects.filter(current_primary_filter(), employee=employee)
        .select_related("position", "position__unit")
        .first()
    )


def current_golongan(employee: Employee) -> str | None:
    return (
        RankHistory.objects.filter(employee=employee)
        .order_by("-tmt")
        .values_list("golongan", flat=True)
        .first()
    )


def current_levels(employee_ids: list[int]) -> dict[int, dict[int, int]]:
    """{employee_id: {competency_id: latest assessed level}} for many employees at once."""
    levels: dict[int, dict[int, int]] = {}
    rows = (
        CompetencyAssessment.objects.filter(employee_id__in=employee_ids)
        .order_by("employee_id", "competency_id", "-assessed_on", "-pk")
        .values_list("employee_id", "competency_id", "level")
    )
    for employee_id, competency_id, level in rows:
        levels.setdefault(employee_id, {}).setdefault(competency_id, level)
    return levels


def years_between(start: dt.date, end: dt.date) -> float:
    return (end - start).days / 365.25


def holders_of(position_id: int) -> QuerySet[Employee]:
    return Employee.objects.filter(Exists(open_primary().filter(position_id=position_id)))


def employees_visible_to(user, agency) -> QuerySet[Employee]:
    """Agency-wide viewers see every ASN; unit heads only those placed in their units' subtrees."""
    from django.db.models import Q

    from sigap.accounts.models import Role
    from sigap.accounts.roles import PERMISSIONS, roles_in, units_of
    from sigap.tenancy.models import OrgUnit

    qs = Employee.objects.all()
    roles = roles_in(user, agency)
    agency_wide = (PERMISSIONS["workforce.view_asn"] - {Role.UNIT_HEAD}) | {Role.SYSTEM_ADMIN}
    if roles & agency_wide:
        return qs
    if Role.UNIT_HEAD in roles:
        paths = list(
            OrgUnit.objects.filter(pk__in=units_of(user, agency, Role.UNIT_HEAD)).values_list(
                "path", flat=True
            )
        )
        if paths:
            condition = Q()
            for path in paths:
                condition |= Q(position__unit__path__startswith=path)
            return qs.filter(Exists(open_primary().filter(condition)))
    return qs.none()
