"""Mobility and continuity: who is due for rotation, and which units are at risk.

Rotation due
    An ASN whose current primary assignment started at least
    ``WorkforcePolicy.rotation_due_years`` ago (the assignment's ``starts_on``: a new
    SK for the same position starts the count again).

Continuity risk per unit (each figure over the unit's whole subtree):

``vacancies``
    Σ over its active positions of max(0, formasi − current holders). An over-filled
    position does not fill a vacancy elsewhere.
``turnover``
    Departures over the last 12 months — primary assignments in the unit's positions that
    ended in (today − 12 months, today], i.e. a position changed hands (moves inside the
    unit count too: the post still lost its holder) — divided by the average of the
    headcount 12 months ago and today. ``None`` when both headcounts are zero.
``retiring``
    Current holders whose retirement date (PP 11/2017, BUP of the position's type from
    ``WorkforcePolicy.bup_for``) falls on or before today + 12 months; people already
    past it but still recorded in post are included (they are the most urgent).
``without_candidate``
    Among the positions that need a successor within 12 months (a vacancy now, or a
    holder retiring as above), those for which no internal candidate — any active ASN
    of the pemda not already holding the position — reaches the fit threshold
    ``WorkforcePolicy.internal_candidate_threshold``. The fit is the placement advisor's
    score (``placement.Scorer``: competency, education, pangkat, rotation and retirement
    terms with the policy's weights, pangkat two steps short or retirement before
    placement making a pair ineligible), so that "no internal candidate" here means the
    advisor would find nobody good enough. Candidate features are loaded with a few bulk
    queries (``placement.candidate_features``, shared with the placement advisor) rather
    than per-person subqueries: a province has 60,000 candidates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear

from sigap.tenancy.models import OrgUnit
from sigap.workforce import placement, registry, retirement
from sigap.workforce.models import (
    Assignment,
    Employee,
    Position,
    PositionRequirement,
    WorkforcePolicy,
)

HORIZON_MONTHS = 12


# -------------------------------------------------------------------- rotation due


def rotation_due(
    employees: QuerySet[Employee],
    *,
    policy: WorkforcePolicy,
    today: dt.date,
    unit: OrgUnit | None = None,
) -> QuerySet[Assignment]:
    """Current positions of active ``employees`` held since the rotation cutoff or
    earlier, longest-held first (order by ``starts_on``, then pk, for keyset pages)."""
    qs = registry.current_primaries(today).filter(
        starts_on__lte=registry.rotation_cutoff(policy, today),
        employee__status=Employee.Status.ACTIVE,
        employee__in=employees.values("pk"),
    )
    if unit is not None:
        qs = qs.filter(position__unit__path__startswith=unit.path)
    return qs.select_related("employee", "position", "position__unit").order_by("starts_on", "pk")


# -------------------------------------------------------------------- risk per unit


@dataclass
class PositionState:
    """What continuity needs to know about one position."""

    position_id: int
    unit_path: str
    formasi: int
    jabatan_type: str
    holders: int = 0
    retiring: int = 0
    departures: int = 0
    headcount_start: int = 0

    @property
    def vacancies(self) -> int:
        return max(0, self.formasi - self.holders)

    @property
    def needs_successor(self) -> bool:
        return self.vacancies > 0 or self.retiring > 0


@dataclass
class UnitRisk:
    unit: OrgUnit
    positions: int = 0
    formasi: int = 0
    holders: int = 0
    vacancies: int = 0
    departures: int = 0
    headcount_start: int = 0
    retiring: int = 0
    needing_successor: int = 0
    checked: int | None = None  # positions checked for internal candidates (None: not run)
    without_candidate: int | None = None

    @property
    def turnover(self) -> float | None:
        average = (self.headcount_start + self.holders) / 2
        return self.departures / average if average else None

    def add(self, state: PositionState) -> None:
        self.positions += 1
        self.formasi += state.formasi
        self.holders += state.holders
        self.vacancies += state.vacancies
        self.departures += state.departures
        self.headcount_start += state.headcount_start
        self.retiring += state.retiring
        self.needing_successor += state.needs_successor


def _month(day: dt.date) -> tuple[int, int]:
    return day.year, day.month


def position_states(
    positions: QuerySet[Position], *, policy: WorkforcePolicy, today: dt.date
) -> dict[int, PositionState]:
    """Holders, retirements, departures and the headcount 12 months ago, per position."""
    start = registry.add_months(today, -HORIZON_MONTHS)
    horizon = registry.add_months(today, HORIZON_MONTHS)
    states = {
        pk: PositionState(pk, path, formasi, jabatan_type)
        for pk, path, formasi, jabatan_type in positions.values_list(
            "pk", "unit__path", "formasi", "jabatan_type"
        )
    }
    ids = positions.values("pk")
    primary = Assignment.objects.filter(is_primary=True, position_id__in=ids)
    bup_of = retirement.bup_by_type(policy)
    retiring_cutoff = {
        bup: _month(retirement.born_before_to_retire_by(horizon, bup))
        for bup in set(bup_of.values())
    }
    for position_id, year, month in registry.fetch_rows(
        primary.filter(registry.current_primary_filter(today))
        .annotate(y=ExtractYear("employee__birth_date"), m=ExtractMonth("employee__birth_date"))
        .values_list("position_id", "y", "m")
    ):
        state = states[position_id]
        state.holders += 1
        # Retirement (first of the month after the BUP birthday) is on or before the
        # horizon exactly when the birth month is before the cutoff month.
        if (int(year), int(month)) < retiring_cutoff[bup_of[state.jabatan_type]]:
            state.retiring += 1
    for position_id, n in (
        primary.filter(ends_on__gt=start, ends_on__lte=today)
        .values("position_id")
        .annotate(n=Count("pk"))
        .values_list("position_id", "n")
    ):
        states[position_id].departures = n
    for position_id, n in (
        primary.filter(starts_on__lte=start)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .values("position_id")
        .annotate(n=Count("pk"))
        .values_list("position_id", "n")
    ):
        states[position_id].headcount_start = n
    return states


def risk_by_unit(
    units: Iterable[OrgUnit],
    *,
    policy: WorkforcePolicy,
    today: dt.date,
    with_candidates: bool = False,
) -> list[UnitRisk]:
    """One row per unit in ``units``, each summed over its whole subtree."""
    units = list(units)
    if not units:
        return []
    in_scope = Q(pk__in=[])
    for unit in units:
        in_scope |= Q(unit__path__startswith=unit.path)
    positions = Position.objects.filter(in_scope, is_active=True)
    states = position_states(positions, policy=policy, today=today)
    risks = {u.path: UnitRisk(u) for u in units}
    for state in states.values():
        for path in registry.ancestor_paths(state.unit_path):
            if path in risks:
                risks[path].add(state)
    if with_candidates:
        needing = [s.position_id for s in states.values() if s.needs_successor]
        best = best_internal_fit(needing, policy=policy, today=today)
        for risk in risks.values():
            risk.checked = risk.without_candidate = 0
        threshold = policy.internal_candidate_threshold
        for position_id, fit in best.items():
            for path in registry.ancestor_paths(states[position_id].unit_path):
                if path in risks:
                    risks[path].checked += 1  # type: ignore[operator]
                    if fit < threshold:
                        risks[path].without_candidate += 1  # type: ignore[operator]
    return [risks[u.path] for u in units]


# -------------------------------------------------------------------- internal candidates


def best_internal_fit(
    position_ids: list[int], *, policy: WorkforcePolicy, today: dt.date
) -> dict[int, float]:
    """{position id: best placement fit of any active ASN of the pemda} (``-inf`` when
    nobody is eligible). Positions are scored in blocks against all candidates."""
    if not position_ids:
        return {}
    positions = list(Position.objects.filter(pk__in=position_ids).order_by("pk"))
    competency_ids = sorted(
        set(
            PositionRequirement.objects.filter(position_id__in=[p.pk for p in positions])
            .values_list("competency_id", flat=True)
            .distinct()
        )
    )
    competency_index = {c: i for i, c in enumerate(competency_ids)}
    bups, bup_index = placement.bup_rows(positions, policy)
    position_rows = placement.position_features(positions, competency_index, bup_index, policy)
    candidates, _ = placement.candidate_features(
        Employee.objects.filter(status=Employee.Status.ACTIVE), competency_index, bups, today
    )
    if not len(candidates):
        return {p.pk: -np.inf for p in positions}
    scorer = placement.Scorer(
        position_rows, candidates, policy.fit_weights, rotation_due_years=policy.rotation_due_years
    )
    step = max(1, placement.CHUNK_CELLS // len(candidates))
    best: dict[int, float] = {}
    for start in range(0, len(positions), step):
        rows = np.arange(start, min(start + step, len(positions)))
        top = scorer.block(rows).max(axis=1)
        for row, value in zip(rows, top, strict=True):
            best[positions[row].pk] = float(value)
    return best
