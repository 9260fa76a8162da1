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
    queries (``candidate_features``) rather than per-person subqueries: a province has
    60,000 candidates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from sigap.tenancy.models import Agency, OrgUnit
from sigap.workforce import placement
from sigap.workforce.finder import (
    add_months,
    ancestor_paths,
    born_before_to_retire_by,
    fetch_rows,
    rotation_cutoff,
)
from sigap.workforce.models import (
    Assignment,
    CompetencyAssessment,
    Education,
    Employee,
    JabatanType,
    Position,
    PositionRequirement,
    RankHistory,
    WorkforcePolicy,
)
from sigap.workforce.reference import EDUCATION_RANK, golongan_rank

HORIZON_MONTHS = 12


def today_for(agency: Agency) -> dt.date:
    """The date in the pemda's own time zone (WIB, WITA or WIT)."""
    return timezone.localdate(timezone=ZoneInfo(agency.time_zone))


# -------------------------------------------------------------------- rotation due


def rotation_due(
    employees: QuerySet[Employee],
    *,
    policy: WorkforcePolicy,
    today: dt.date,
    unit: OrgUnit | None = None,
) -> QuerySet[Assignment]:
    """Open primary assignments of active ``employees`` held since the rotation cutoff
    or earlier, longest-held first (order by ``starts_on``, then pk, for keyset pages)."""
    qs = Assignment.objects.filter(
        ends_on__isnull=True,
        is_primary=True,
        starts_on__lte=rotation_cutoff(policy, today),
        employee__status=Employee.Status.ACTIVE,
        employee__in=employees.values("pk"),
    )
    if unit is not None:
        qs = qs.filter(position__unit__path__startswith=unit.path)
    return qs.select_related("employee", "position", "position__unit").order_by("starts_on", "pk")


def years_held(since: dt.date, today: dt.date) -> float:
    return (today - since).days / 365.25


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


def types_bup(policy: WorkforcePolicy) -> dict[str, int]:
    """BUP per position type under the policy."""
    return {t: policy.bup_for(t) for t in JabatanType.values}


def _month(day: dt.date) -> tuple[int, int]:
    return day.year, day.month


def position_states(
    positions: QuerySet[Position], *, policy: WorkforcePolicy, today: dt.date
) -> dict[int, PositionState]:
    """Holders, retirements, departures and the headcount 12 months ago, per position."""
    start = add_months(today, -HORIZON_MONTHS)
    horizon = add_months(today, HORIZON_MONTHS)
    states = {
        pk: PositionState(pk, path, formasi, jabatan_type)
        for pk, path, formasi, jabatan_type in positions.values_list(
            "pk", "unit__path", "formasi", "jabatan_type"
        )
    }
    ids = positions.values("pk")
    primary = Assignment.objects.filter(is_primary=True, position_id__in=ids)
    retiring_cutoff = {
        bup: _month(born_before_to_retire_by(horizon, bup))
        for bup in set(types_bup(policy).values())
    }
    bup_of = types_bup(policy)
    for position_id, year, month in fetch_rows(
        primary.filter(ends_on__isnull=True)
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
        for path in ancestor_paths(state.unit_path):
            if path in risks:
                risks[path].add(state)
    if with_candidates:
        needing = [s.position_id for s in states.values() if s.needs_successor]
        best = best_internal_fit(needing, policy=policy, today=today)
        for risk in risks.values():
            risk.checked = risk.without_candidate = 0
        threshold = policy.internal_candidate_threshold
        for position_id, fit in best.items():
            for path in ancestor_paths(states[position_id].unit_path):
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
    bups = sorted({policy.bup_for(p.jabatan_type) for p in positions})
    bup_index = {b: i for i, b in enumerate(bups)}
    features = placement._position_features(positions, competency_index, bup_index, policy)
    candidates = candidate_features(
        Employee.objects.filter(status=Employee.Status.ACTIVE), competency_index, bups, today
    )
    if not len(candidates):
        return {p.pk: -np.inf for p in positions}
    scorer = placement.Scorer(
        features, candidates, policy.fit_weights, rotation_due_years=policy.rotation_due_years
    )
    step = max(1, placement.CHUNK_CELLS // len(candidates))
    best: dict[int, float] = {}
    for start in range(0, len(positions), step):
        rows = np.arange(start, min(start + step, len(positions)))
        top = scorer.block(rows).max(axis=1)
        for row, value in zip(rows, top, strict=True):
            best[positions[row].pk] = float(value)
    return best


def candidate_features(
    candidates: QuerySet[Employee],
    competency_index: dict[int, int],
    bups: list[int],
    on: dt.date,
) -> placement.CandidateFeatures:
    """The placement advisor's candidate features (same meaning as
    ``placement._candidate_features``: latest level per competency, highest education,
    latest golongan, years in the current position, years to retirement per BUP), read
    with one bulk query per table instead of per-candidate subqueries."""
    rows = list(candidates.order_by("pk").values_list("pk", "birth_date"))
    n = len(rows)
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    index = {pk: i for i, pk in enumerate(ids.tolist())}
    id_subquery = candidates.values("pk")

    levels = np.zeros((n, len(competency_index)), dtype=np.uint8)
    if competency_index and n:
        assessed = np.array(
            fetch_rows(
                CompetencyAssessment.objects.filter(
                    employee__in=id_subquery, competency_id__in=list(competency_index)
                )
                .order_by("employee_id", "competency_id", "-assessed_on", "-pk")
                .values_list("employee_id", "competency_id", "level")
            ),
            dtype=np.int64,
        ).reshape(-1, 3)
        if len(assessed):
            # Newest first within each (employee, competency): keep each pair's first row.
            newest = np.ones(len(assessed), dtype=bool)
            newest[1:] = (assessed[1:, 0] != assessed[:-1, 0]) | (
                assessed[1:, 1] != assessed[:-1, 1]
            )
            latest = assessed[newest]
            column = np.zeros(max(competency_index) + 1, dtype=np.int64)
            column[list(competency_index)] = list(competency_index.values())
            levels[np.searchsorted(ids, latest[:, 0]), column[latest[:, 1]]] = latest[:, 2]

    best_education: dict[int, tuple[int, int, str, str, str]] = {}
    for employee_id, level, field_of_study, group, year in fetch_rows(
        Education.objects.filter(employee__in=id_subquery).values_list(
            "employee_id", "level", "field_of_study", "field_group", "graduation_year"
        )
    ):
        key = (EDUCATION_RANK.get(level, 0), year, level, field_of_study, group)
        if key > best_education.get(employee_id, (-1, 0, "", "", "")):
            best_education[employee_id] = key
    field_group = np.full(n, placement.NO_EDUCATION, dtype=np.int64)
    education = np.zeros(n, dtype=np.int64)
    for employee_id, edu in best_education.items():
        i = index[employee_id]
        education[i] = edu[0]
        field_group[i] = placement._group_index(edu[4])

    golongan = np.zeros(n, dtype=np.int64)
    ranks = fetch_rows(
        RankHistory.objects.filter(employee__in=id_subquery)
        .order_by("employee_id", "tmt")
        .values_list("employee_id", "golongan")
    )
    if ranks:
        rank_of = {code: golongan_rank(code) for code in {code for _, code in ranks}}
        who = np.array([e for e, _ in ranks], dtype=np.int64)
        rank = np.array([rank_of[code] for _, code in ranks], dtype=np.int64)
        # Ascending TMT: each employee's last row is the latest rank.
        last = np.ones(len(who), dtype=bool)
        last[:-1] = who[1:] != who[:-1]
        golongan[np.searchsorted(ids, who[last])] = rank[last]

    years_in_position = np.full(n, np.nan)
    current_position = np.zeros(n, dtype=np.int64)
    for employee_id, position_id, since in Assignment.objects.filter(
        employee__in=id_subquery, ends_on__isnull=True, is_primary=True
    ).values_list("employee_id", "position_id", "starts_on"):
        i = index[employee_id]
        current_position[i] = position_id
        years_in_position[i] = max((on - since).days, 0) / placement.DAYS_PER_YEAR

    return placement.CandidateFeatures(
        ids=ids,
        levels=levels,
        field_group=field_group,
        education=education,
        golongan=golongan,
        years_in_position=years_in_position,
        years_to_retirement=placement._years_to_retirement([r[1] for r in rows], bups, on),
        current_position=current_position,
    )
