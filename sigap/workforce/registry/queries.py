"""Reads of the ASN registry. Current state is derived here from the history tables.

Hot list reads annotate the current position, unit and golongan with correlated
subqueries that hit the indexes on ``Assignment``/``RankHistory``; nothing is cached
in a second column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from sigap.accounts.scope import row_scope
from sigap.platform import stamps
from sigap.tenancy.context import current_agency
from sigap.workforce.models import (
    Assignment,
    Competency,
    CompetencyAssessment,
    Employee,
    PositionRequirement,
    RankHistory,
)


def today() -> dt.date:
    """Today in the active agency's own zone (``Agency.today``); outside any agency (system
    work), the server's date."""
    agency = current_agency()
    return agency.today() if agency is not None else timezone.localdate()


def current_primary_filter(on: dt.date | None = None, *, prefix: str = "") -> Q:
    """THE definition of a person's current position: the primary assignment in force on
    ``on`` (default today) — started on or before it and not ended before it.

    A move recorded with a future TMT therefore counts from its TMT (the previous post,
    closed the day before, stays current until then), and a departed ASN
    (``records.end_employment``) holds nothing from the day after they left. ``prefix``
    reaches assignments through a relation (``"assignments__"``).
    """
    day = on or today()
    return Q(**{f"{prefix}is_primary": True, f"{prefix}starts_on__lte": day}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": day})
    )


def in_force(assignment: Assignment, on: dt.date) -> bool:
    """``current_primary_filter`` for one assignment already read (a test holds the two
    equal): primary, started on or before ``on`` and not ended before it."""
    return (
        assignment.is_primary
        and assignment.starts_on <= on
        and (assignment.ends_on is None or assignment.ends_on >= on)
    )


def current_of(assignments: Iterable[Assignment], on: dt.date) -> Assignment | None:
    """The current position among one person's assignments (all of them, already read):
    the one in force on ``on``; should two overlap, the later start wins, as in
    ``with_current_state``."""
    held = [a for a in assignments if in_force(a, on)]
    return max(held, key=lambda a: a.starts_on) if held else None


def current_primaries(on: dt.date | None = None, *, scoped: bool = True) -> QuerySet[Assignment]:
    """Every current position (see ``current_primary_filter``). ``scoped=False`` reads
    the unscoped manager, for subqueries correlated with an already-scoped outer row
    (see ``finder``: the extra agency condition misleads planners without statistics)."""
    manager = Assignment.objects if scoped else Assignment.all_objects
    return manager.filter(current_primary_filter(on))


def open_primary_filter() -> Q:
    """The write side's counterpart: the person's latest, open-ended primary assignment
    (at most one, a database constraint) — the one a new primary move closes. It can
    differ from the current position only while a future-dated move is pending."""
    return Q(is_primary=True, ends_on__isnull=True)


def open_primary(employee_ref: str = "pk", on: dt.date | None = None) -> QuerySet[Assignment]:
    """Current position of the outer employee (correlated subquery)."""
    return Assignment.objects.filter(current_primary_filter(on), employee=OuterRef(employee_ref))


def with_current_state(qs: QuerySet[Employee], on: dt.date | None = None) -> QuerySet[Employee]:
    """Annotate current_position_id, current_position_title, current_jabatan_type,
    current_unit_id, current_unit_name, current_since and current_golongan."""
    current = open_primary(on=on).order_by("-starts_on")
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


def current_assignment(employee: Employee, on: dt.date | None = None) -> Assignment | None:
    return (
        Assignment.objects.filter(current_primary_filter(on), employee=employee)
        .select_related("position", "position__unit")
        .order_by("-starts_on")
        .first()
    )


def current_golongan(employee: Employee) -> str | None:
    return (
        RankHistory.objects.filter(employee=employee)
        .order_by("-tmt")
        .values_list("golongan", flat=True)
        .first()
    )


# The latest assessment of a competency: newest date, then newest row.
LATEST_FIRST = ("-assessed_on", "-pk")


def current_levels(employee_ids: list[int]) -> dict[int, dict[int, int]]:
    """{employee_id: {competency_id: latest assessed level}} for many employees at once."""
    levels: dict[int, dict[int, int]] = {}
    rows = (
        CompetencyAssessment.objects.filter(employee_id__in=employee_ids)
        .order_by("employee_id", "competency_id", *LATEST_FIRST)
        .values_list("employee_id", "competency_id", "level")
    )
    for employee_id, competency_id, level in rows:
        levels.setdefault(employee_id, {}).setdefault(competency_id, level)
    return levels


@dataclass(frozen=True)
class LatestLevel:
    """One competency's latest assessed level for one person, with the competency's name."""

    competency_id: int
    name: str
    level: int


def latest_assessments(employee: Employee) -> dict[int, LatestLevel]:
    """{competency_id: latest level} of one person, each with its competency's name (the
    profile shows them): ``current_levels``'s rule in one read."""
    latest: dict[int, LatestLevel] = {}
    rows = (
        CompetencyAssessment.objects.filter(employee=employee)
        .order_by("competency_id", *LATEST_FIRST)
        .values_list("competency_id", "competency__name", "level")
    )
    for competency_id, name, level in rows:
        latest.setdefault(competency_id, LatestLevel(competency_id, name, level))
    return latest


def holders_of(position_id: int, on: dt.date | None = None) -> QuerySet[Employee]:
    return Employee.objects.filter(Exists(open_primary(on=on).filter(position_id=position_id)))


def employees_visible_to(user, agency) -> QuerySet[Employee]:
    """The ASN a viewer may see: the whole agency, or those placed in the unit subtrees
    of a unit head's units (``accounts.scope``)."""
    scope = row_scope(user, agency, "workforce.asn")
    qs = Employee.objects.all()
    if scope.sees_all:
        return qs
    if scope.sees_nothing:
        return qs.none()
    return qs.filter(Exists(open_primary().filter(scope.q(unit_path="position__unit__path"))))


def years_held(since: dt.date, today: dt.date) -> float:
    return (today - since).days / 365.25


# -------------------------------------------------------------------- one person's gaps


@dataclass(frozen=True)
class CompetencyGap:
    """One required competency of one person's position."""

    competency_id: int
    competency: str
    kind: str
    required: int
    current: int | None  # None: never assessed

    @property
    def gap(self) -> int:
        return max(0, self.required - (self.current or 0))

    @property
    def meets(self) -> bool:
        return self.gap == 0


_UNKNOWN = object()


def person_gaps(
    employee: Employee,
    on: dt.date | None = None,
    *,
    position_id: int | None | object = _UNKNOWN,
    levels: dict[int, int] | None = None,
    stamp: int = 0,
) -> list[CompetencyGap]:
    """The person's competencies against their current position's standard, largest
    gap first. Empty when they hold no position or the position has no standard.

    A caller that already read the current position (``position_id``, None: none) or
    the person's latest levels (``levels``, as ``current_levels`` gives them) passes
    them in and saves the queries; with the registry stamp (``stamp``) the position's
    standard is read once per stamp (``position_standard``)."""
    if position_id is _UNKNOWN:
        position_id = (
            current_primaries(on)
            .filter(employee=employee)
            .order_by("-starts_on")
            .values_list("position_id", flat=True)
            .first()
        )
    if position_id is None:
        return []
    if levels is None:
        levels = current_levels([employee.pk]).get(employee.pk, {})
    gaps = [
        CompetencyGap(
            competency_id=competency_id,
            competency=name,
            kind=str(Competency.Kind(kind).label) if kind in Competency.Kind.values else kind,
            required=required,
            current=levels.get(competency_id),
        )
        for competency_id, name, kind, required in position_standard(position_id, stamp=stamp)
    ]
    return sorted(gaps, key=lambda g: (-g.gap, g.competency))


def position_standard(position_id: int, *, stamp: int = 0) -> list[tuple[int, str, str, int]]:
    """The position's required competencies: (competency id, name, kind, level). Under
    the agency's registry stamp (``totals.version``, read before), which every write of
    a requirement, a competency or a position renews, kept in Django's cache: a unit's
    people share a handful of posts, and the profile shows one of them each time."""

    def read() -> list[tuple[int, str, str, int]]:
        return list(
            PositionRequirement.objects.filter(position_id=position_id)
            .order_by("pk")
            .values_list("competency_id", "competency__name", "competency__kind", "level")
        )

    key = f"workforce.position_standard:{stamp}:{position_id}"
    return stamps.cached(key, read, stamp=stamp)
