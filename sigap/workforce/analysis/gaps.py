"""Competency gaps: each ASN against the standard of the position they hold.

The standard (standar kompetensi jabatan) is the set of ``PositionRequirement`` rows of
the person's current primary position. For each required competency:

    gap = max(0, required level − current level)

where the current level is the latest assessment (``registry.current_levels``); a
competency never assessed counts as level 0, so its whole required level is the gap (and
it is also counted apart as *unassessed*, since the fix is an assessment, not training).
Levels above the standard do not offset gaps elsewhere.

Aggregates, the input for training needs (the learning issue):

* per unit (the position's unit, rolled up to any ancestor unit through the path), and
* per competency: how many holders fall short, by how many levels in total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.db.models import QuerySet

from sigap.platform.idlist import IdIn
from sigap.tenancy.models import OrgUnit
from sigap.tenancy.org import subtree
from sigap.workforce.models import (
    Competency,
    CompetencyAssessment,
    Employee,
    Position,
    PositionRequirement,
)
from sigap.workforce.registry import current_primaries, fetch_rows


@dataclass
class GapTally:
    """Gaps summed over the (person, required competency) pairs of a unit subtree, a
    competency or a person."""

    key: int
    label: str
    pairs: int = 0  # (person, required competency) pairs checked
    below: int = 0  # pairs under the standard
    unassessed: int = 0  # pairs never assessed (counted in ``below`` too)
    total_gap: int = 0  # levels missing, summed
    headcount: int = 0  # people with a standard
    headcount_below: int = 0  # people under the standard in at least one competency
    kind: str = ""

    @property
    def below_share(self) -> float:
        return self.below / self.pairs if self.pairs else 0.0

    @property
    def mean_gap(self) -> float:
        """Levels missing per pair checked (0 when all meet the standard)."""
        return self.total_gap / self.pairs if self.pairs else 0.0


@dataclass
class GapTable:
    """Every (holder, required competency) pair of a scope, as parallel arrays: a
    province has some 300,000 pairs, tallied with ``numpy.bincount``."""

    employee: np.ndarray  # int64 employee id
    path: np.ndarray  # int64 index into ``paths``: the unit of the person's position
    paths: list[str]
    competency: np.ndarray  # int64 competency id
    required: np.ndarray  # int64 required level
    current: np.ndarray  # int64 latest assessed level, 0 = never assessed
    assessed: np.ndarray  # bool

    def __len__(self) -> int:
        return len(self.employee)

    @property
    def gap(self) -> np.ndarray:
        return np.maximum(self.required - self.current, 0)


def gap_table(
    employees: QuerySet[Employee] | None,
    *,
    unit: OrgUnit | None = None,
    on: dt.date | None = None,
) -> GapTable:
    """The pairs of ``employees`` (None: everyone in the active agency) — optionally only
    those placed in ``unit``'s subtree.

    Three bulk reads (holdings, standards, assessments), each bounded by a subquery
    rather than an id list (a province has 60,000 holders). For a unit the subtree is
    resolved to its positions' ids first (a few hundred at most, one query), so the
    holdings are read by the assignments' position index instead of testing every
    assignment's unit path (PostgreSQL scanned a province's 60,000 for one OPD). The latest level per (person, competency) is picked in NumPy from
    assessments read in order.
    """
    if unit is None:
        holdings = current_primaries(on)
    else:
        # The agency's positions (read scoped): their assignments need no agency
        # condition, which made SQLite walk the agency index instead of the positions'.
        units = subtree(unit).values("pk")
        positions = list(Position.objects.filter(unit__in=units).values_list("pk", flat=True))
        if not positions:  # a unit without positions holds nobody
            return holders_table([], None)
        holdings = current_primaries(on, scoped=False).filter(position_id__in=positions)
    if employees is not None:
        holdings = holdings.filter(employee__in=employees.values("pk"))
    whole_agency = employees is None and unit is None
    placed = fetch_rows(holdings.values_list("employee_id", "position_id", "position__unit__path"))
    return holders_table(
        placed,
        None if whole_agency else holdings.values("employee_id"),
        positions=holdings.values("position_id"),
    )


def holders_table(
    placed: list[tuple[int, int, str]],
    people: QuerySet | list[int] | None,
    *,
    positions: QuerySet | None = None,
) -> GapTable:
    """The pairs of holders already read: ``placed`` is (employee, position, unit path)
    per current post, ``people`` the same employees' ids, as a subquery or a list (a
    unit's few thousand: PostgreSQL then reads their assessments by the employee index
    instead of hash-joining the province's; None: the whole agency's), ``positions`` a
    subquery of their positions' ids (None: the ids in ``placed``, for a unit's few
    hundred). For a caller that reads the posts anyway (the training needs of a unit):
    two reads, the standards and the assessments."""
    empty = np.zeros(0, dtype=np.int64)
    if not placed:
        return GapTable(empty, empty, [], empty, empty, empty, np.zeros(0, dtype=bool))
    standard = fetch_rows(
        PositionRequirement.objects.filter(
            position_id__in=sorted({p for _, p, _ in placed}) if positions is None else positions
        ).values_list("position_id", "competency_id", "level")
    )
    if not standard:
        return GapTable(empty, empty, [], empty, empty, empty, np.zeros(0, dtype=bool))
    paths = sorted({path for _, _, path in placed})
    path_index = {p: i for i, p in enumerate(paths)}
    holder = np.array([e for e, _, _ in placed], dtype=np.int64)
    held = np.array([p for _, p, _ in placed], dtype=np.int64)
    holder_path = np.array([path_index[p] for _, _, p in placed], dtype=np.int64)
    req = np.array(standard, dtype=np.int64).reshape(-1, 3)
    req = req[np.argsort(req[:, 0], kind="stable")]
    # Join holders to their position's requirements: each holder repeats once per
    # requirement of the position (positions sorted, so a requirement block is a slice).
    first = np.searchsorted(req[:, 0], held, side="left")
    last = np.searchsorted(req[:, 0], held, side="right")
    counts = last - first
    rows_of = np.repeat(np.arange(len(held)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    req_rows = np.repeat(first, counts) + offsets
    employee = holder[rows_of]
    competency = req[req_rows, 1]
    current, assessed = _current_levels(employee, competency, people)
    return GapTable(
        employee=employee,
        path=holder_path[rows_of],
        paths=paths,
        competency=competency,
        required=req[req_rows, 2],
        current=current,
        assessed=assessed,
    )


def _current_levels(
    employee: np.ndarray, competency: np.ndarray, employee_ids: QuerySet | list[int] | None
) -> tuple[np.ndarray, np.ndarray]:
    """Latest assessed level of each (employee[i], competency[i]); 0 when never assessed.

    Same rule as ``registry.current_levels``: the newest assessment, then the newest row.
    ``employee_ids`` None reads the whole agency's assessments (no subquery to probe); a
    list names them (``IdIn``), a queryset is a subquery.
    """
    assessments = CompetencyAssessment.objects.all()
    if isinstance(employee_ids, list):  # by the employee index (one parameter)
        assessments = assessments.filter(IdIn("employee_id", employee_ids))
    elif employee_ids is not None:
        assessments = assessments.filter(employee_id__in=employee_ids)
    assessed_rows = np.array(
        fetch_rows(
            assessments.order_by("employee_id", "competency_id", "-assessed_on", "-pk").values_list(
                "employee_id", "competency_id", "level"
            )
        ),
        dtype=np.int64,
    ).reshape(-1, 3)
    current = np.zeros(len(employee), dtype=np.int64)
    if not len(assessed_rows) or not len(employee):
        return current, np.zeros(len(employee), dtype=bool)
    width = int(max(assessed_rows[:, 1].max(), competency.max())) + 1
    keys = assessed_rows[:, 0] * width + assessed_rows[:, 1]
    newest = np.ones(len(keys), dtype=bool)
    newest[1:] = keys[1:] != keys[:-1]  # rows come newest first within each pair
    keys, levels = keys[newest], assessed_rows[newest, 2]
    wanted = employee * width + competency
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    found = keys[at] == wanted
    current[found] = levels[at[found]]
    return current, found


def _tally(
    table: GapTable, group: np.ndarray, n_groups: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per group: pairs, pairs below, pairs never assessed, levels missing."""
    gap = table.gap
    return (
        np.bincount(group, minlength=n_groups),
        np.bincount(group, weights=gap > 0, minlength=n_groups).astype(np.int64),
        np.bincount(group, weights=~table.assessed, minlength=n_groups).astype(np.int64),
        np.bincount(group, weights=gap, minlength=n_groups).astype(np.int64),
    )


def _people(table: GapTable) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per person (sorted ids): their unit path index, pairs below, levels missing."""
    ids, inverse = np.unique(table.employee, return_inverse=True)
    path = np.zeros(len(ids), dtype=np.int64)
    path[inverse] = table.path  # one position per person: one path
    gap = table.gap
    below = np.bincount(inverse, weights=gap > 0, minlength=len(ids)).astype(np.int64)
    total = np.bincount(inverse, weights=gap, minlength=len(ids)).astype(np.int64)
    return ids, path, below, total


def total(table: GapTable, label: str = "Semua") -> GapTally:
    _, _, below, _ = _people(table)
    gap = table.gap
    return GapTally(
        key=0,
        label=label,
        pairs=len(table),
        below=int((gap > 0).sum()),
        unassessed=int((~table.assessed).sum()),
        total_gap=int(gap.sum()),
        headcount=len(below),
        headcount_below=int((below > 0).sum()),
    )


def by_unit(table: GapTable, units: Iterable[OrgUnit]) -> list[GapTally]:
    """One tally per unit in ``units``, over the pairs of its whole subtree."""
    n = len(table.paths)
    pairs, below, unassessed, gap = _tally(table, table.path, n)
    _, person_path, person_below, _ = _people(table)
    heads = np.bincount(person_path, minlength=n)
    heads_below = np.bincount(person_path, weights=person_below > 0, minlength=n).astype(int)
    out = []
    for u in units:
        inside = [i for i, p in enumerate(table.paths) if p.startswith(u.path)]
        out.append(
            GapTally(
                key=u.pk,
                label=u.name,
                pairs=int(pairs[inside].sum()),
                below=int(below[inside].sum()),
                unassessed=int(unassessed[inside].sum()),
                total_gap=int(gap[inside].sum()),
                headcount=int(heads[inside].sum()),
                headcount_below=int(heads_below[inside].sum()),
            )
        )
    return out


def by_competency(table: GapTable) -> list[GapTally]:
    """One tally per competency required anywhere in the table, most people short
    first. A person has one position, so each person counts once per competency."""
    ids, inverse = np.unique(table.competency, return_inverse=True)
    pairs, below, unassessed, gap = _tally(table, inverse, len(ids))
    names = {c.pk: c for c in Competency.objects.filter(pk__in=ids.tolist())}
    tallies = [
        GapTally(
            key=int(cid),
            label=names[int(cid)].name,
            kind=names[int(cid)].get_kind_display(),
            pairs=int(pairs[i]),
            below=int(below[i]),
            unassessed=int(unassessed[i]),
            total_gap=int(gap[i]),
            headcount=int(pairs[i]),
            headcount_below=int(below[i]),
        )
        for i, cid in enumerate(ids)
    ]
    return sorted(tallies, key=lambda t: (-t.headcount_below, -t.total_gap, t.label))


def by_person(table: GapTable, limit: int | None = None) -> list[GapTally]:
    """One tally per person (key: employee id), largest total gap first."""
    ids, _, below, gaps_total = _people(table)
    counts = np.bincount(np.unique(table.employee, return_inverse=True)[1])
    order = np.lexsort((ids, -gaps_total))[:limit]
    return [
        GapTally(
            key=int(ids[i]),
            label="",
            pairs=int(counts[i]),
            below=int(below[i]),
            total_gap=int(gaps_total[i]),
            headcount=1,
            headcount_below=int(below[i] > 0),
        )
        for i in order
    ]
