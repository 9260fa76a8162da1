"""Recruitment needs: per position, formasi − current holders − those retiring, for each
of the next five calendar years.

For year Y (the current year first):

    retiring(Y) = current holders whose retirement date (PP 11/2017, BUP of the
                  position's type) falls in Y; in the current year also anyone already
                  past it and still in post
    need(Y)     = max(0, formasi − holders + Σ retiring(y) for y ≤ Y)

``need(Y)`` is cumulative: the people the position lacks at the end of Y if nobody is
recruited or moved in meanwhile. An over-filled position (holders > formasi) needs
nobody until retirements bring it below its formasi; its surplus is reported apart.
Holders are open *primary* assignments: an acting officer (Plt) fills no formasi.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear

from sigap.tenancy.models import OrgUnit
from sigap.workforce.models import Position, WorkforcePolicy
from sigap.workforce.registry import ancestor_paths, current_primaries, fetch_rows
from sigap.workforce.retirement import retirement_year

YEARS = 5


def plan_years(today: dt.date, years: int = YEARS) -> list[int]:
    return [today.year + i for i in range(years)]


@dataclass
class PositionNeed:
    position: Position
    holders: int
    retiring: list[int]  # per year of ``years``
    years: list[int]

    @property
    def formasi(self) -> int:
        return self.position.formasi

    @property
    def surplus(self) -> int:
        return max(0, self.holders - self.formasi)

    @property
    def need(self) -> list[int]:
        out, gone = [], 0
        for retiring in self.retiring:
            gone += retiring
            out.append(max(0, self.formasi - self.holders + gone))
        return out

    @property
    def cells(self) -> list[tuple[int, int]]:
        """(need, retiring) per year, for tables."""
        return list(zip(self.need, self.retiring, strict=True))

    @property
    def any_need(self) -> bool:
        return any(self.need)


@dataclass
class UnitNeed:
    unit: OrgUnit
    years: list[int]
    positions: int = 0
    formasi: int = 0
    holders: int = 0
    retiring: list[int] = field(default_factory=list)
    need: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.retiring = self.retiring or [0] * len(self.years)
        self.need = self.need or [0] * len(self.years)

    def add(self, p: PositionNeed) -> None:
        self.positions += 1
        self.formasi += p.formasi
        self.holders += p.holders
        for i, (r, n) in enumerate(zip(p.retiring, p.need, strict=True)):
            self.retiring[i] += r
            self.need[i] += n


def needs(
    positions: QuerySet[Position] | Iterable[Position],
    *,
    policy: WorkforcePolicy,
    today: dt.date,
    years: int = YEARS,
) -> list[PositionNeed]:
    """Needs of ``positions``, in their order. Holders are read in one query when given
    a queryset (as a subquery: a province has thousands of positions), else in chunks."""
    id_filters: list[QuerySet | list[int]]
    if isinstance(positions, QuerySet):
        id_filters = [positions.order_by().values("pk")]
        positions = list(positions)
    else:
        positions = list(positions)
        ids = [p.pk for p in positions]
        id_filters = [ids[i : i + 500] for i in range(0, len(ids), 500)]
    plan = plan_years(today, years)
    by_id = {p.pk: PositionNeed(p, 0, [0] * years, plan) for p in positions}
    for id_filter in id_filters if by_id else []:
        for position_id, year, month in fetch_rows(
            current_primaries(today)
            .filter(position_id__in=id_filter)
            .annotate(y=ExtractYear("employee__birth_date"), m=ExtractMonth("employee__birth_date"))
            .values_list("position_id", "y", "m")
        ):
            item = by_id[position_id]
            item.holders += 1
            index = max(
                0,
                retirement_year(int(year), int(month), policy.bup_for(item.position.jabatan_type))
                - today.year,
            )
            if index < years:
                item.retiring[index] += 1
    return [by_id[p.pk] for p in positions]


def by_unit(
    items: Iterable[PositionNeed], units: Iterable[OrgUnit], years: list[int]
) -> list[UnitNeed]:
    """Totals per unit in ``units``, each over its whole subtree."""
    units = list(units)
    totals = {u.path: UnitNeed(u, years) for u in units}
    for item in items:
        for path in ancestor_paths(item.position.unit.path):
            if path in totals:
                totals[path].add(item)
    return [totals[u.path] for u in units]


def positions_in(unit: OrgUnit | None, paths: list[str] | None) -> QuerySet[Position]:
    """Active positions in ``unit``'s subtree (or all), within the viewer's unit scope
    (``paths``; None means agency-wide), in tree order."""
    qs = Position.objects.filter(is_active=True).select_related("unit")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if paths is not None:
        inside = Q(pk__in=[])
        for path in paths:
            inside |= Q(unit__path__startswith=path)
        qs = qs.filter(inside)
    return qs.order_by("unit__path", "title", "pk")
