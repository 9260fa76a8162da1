"""Who needs development: the "below 20 JP" list and training needs from competency gaps.

* ``standing``: every active ASN placed in a scope (the agency or unit subtrees) with
  their JP this year and their target (``jp.target_for``: 20 for PNS, the setting
  ``SIGAP_PPPK_TARGET_JP`` for PPPK); ``below_target`` keeps those under it.
* ``needs``: per person in a unit, the competency gap against their position's
  standard (``workforce.analysis.gaps``) and the JP still owed; prioritised by
  **largest total gap first, then fewest JP** — the people the seeds worry about,
  those the standard leaves furthest behind and those who skip training.
* ``suggest``: nominations to the year's programmes with open seats, in priority order,
  for as long as the unit's remaining budget pays for them; each with its reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from sigap.learning import budgets, counts
from sigap.learning.jp import CENT, TARGET_JP, pppk_target, target_for
from sigap.learning.models import Enrolment, JpTotal, Programme
from sigap.platform.idlist import IdIn
from sigap.tenancy import org
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workforce.analysis import gaps
from sigap.workforce.models import Assignment, Competency, Employee, Position
from sigap.workforce.registry import current_primaries


@dataclass
class Standing:
    employee_id: int
    name: str
    identifier: str
    unit_name: str
    unit_path: str
    jp: Decimal
    target: Decimal | None = TARGET_JP  # ``jp.target_for`` their kind; None: no target

    @property
    def owed(self) -> Decimal:
        return max(Decimal(0), self.target - self.jp) if self.target else Decimal(0)

    @property
    def percent(self) -> int:
        if not self.target:
            return 100
        return int(min(Decimal(100), self.jp * 100 / self.target))

    @property
    def below(self) -> bool:
        return self.target is not None and self.jp < self.target


def _below(prefix: str = "", earned: str = "earned") -> Q:
    """Rows (with ``earned``) under their kind's target: PNS under 20 JP, PPPK under
    ``SIGAP_PPPK_TARGET_JP`` (none when it is 0). ``prefix`` reaches the employee."""
    condition = Q(**{f"{prefix}kind": Employee.Kind.PNS, f"{earned}__lt": TARGET_JP})
    pppk = pppk_target()
    if pppk is not None:
        condition |= Q(**{f"{prefix}kind": Employee.Kind.PPPK, f"{earned}__lt": pppk})
    return condition


def _with_target(prefix: str = "") -> Q:
    """ASN who have a target at all (PPPK only while their setting is not 0)."""
    if pppk_target() is not None:
        return Q()
    return ~Q(**{f"{prefix}kind": Employee.Kind.PPPK})


ROW = (
    "employee_id",
    "employee__full_name",
    "employee__nip",
    "employee__pppk_number",
    "employee__kind",
    "position__unit__name",
    "position__unit__path",
    "earned",
)


def _standing(row: tuple[Any, ...]) -> Standing:
    e, name, nip, pppk, kind, unit, path, jp = row
    return Standing(e, name, nip or pppk or "", unit, path, Decimal(jp or 0), target_for(kind))


def _placed(on: dt.date, unit_paths: tuple[str, ...] | None) -> QuerySet[Assignment]:
    """Current primary posts of active ASN, in ``unit_paths`` (None: the whole agency)."""
    active = Q(employee__status=Employee.Status.ACTIVE)
    if unit_paths is None:
        return current_primaries(on).filter(active)
    return _posts(on, unit_paths).filter(active)


def _posts(on: dt.date, unit_paths: tuple[str, ...]) -> QuerySet[Assignment]:
    """Current primary posts in ``unit_paths``, whoever holds them.

    The subtrees are resolved to their positions' ids first (a few hundred at most, one
    query) so that the database reads those positions' assignments by index. Filtered
    by unit ids instead, PostgreSQL hash-joined every assignment of a province to the
    units' positions (a sequential scan of 60,000 rows, 32 ms against 0.8 ms). The
    positions are the agency's (read scoped), so their assignments are read without the
    agency condition: with it SQLite walked the agency index over every assignment
    instead of the position index (the needs page's assessments: 96 ms against 32 ms)."""
    units = org.subtrees(unit_paths).values("pk")
    positions = list(Position.objects.filter(unit__in=units).values_list("pk", flat=True))
    return current_primaries(on, scoped=False).filter(position_id__in=positions)


def _with_earned(holdings: QuerySet[Assignment], year: int) -> QuerySet[Assignment]:
    """``earned``: each holder's JP in ``year``, their one ``JpTotal`` row joined (at
    most one per person and year: no grouping), 0 without one. A join rather than a
    subquery per row, so PostgreSQL can hash it for a whole pemda."""
    this_year = FilteredRelation("employee__jp_totals", condition=Q(employee__jp_totals__year=year))
    return holdings.annotate(this_year=this_year).annotate(
        earned=Coalesce("this_year__jp", Value(Decimal(0)), output_field=DecimalField())
    )


def standing(
    agency: Agency,
    year: int,
    *,
    unit_paths: tuple[str, ...] | None = None,
    on: dt.date | None = None,
) -> list[Standing]:
    """Active ASN placed in ``unit_paths`` (None: the whole agency) with JP in ``year``,
    fewest JP first. One query (placements with their JP), after the unit ids."""
    out = _standings(agency, year, unit_paths=unit_paths, on=on)
    out.sort(key=lambda s: (s.jp, s.name))
    return out


def _standings(
    agency: Agency, year: int, *, unit_paths: tuple[str, ...] | None, on: dt.date | None
) -> list[Standing]:
    on = on or agency.today()
    rows = _with_earned(_placed(on, unit_paths), year).values_list(*ROW)
    return [_standing(row) for row in rows]


def below_target(
    agency: Agency, year: int, *, unit_paths: tuple[str, ...] | None = None
) -> list[Standing]:
    return [s for s in standing(agency, year, unit_paths=unit_paths) if s.below]


def below_target_page(
    agency: Agency,
    year: int,
    *,
    unit_paths: tuple[str, ...] | None = None,
    limit: int | None = 500,
    offset: int = 0,
) -> tuple[list[Standing], int, int]:
    """ASN below their target (fewest JP first), rows ``offset`` to ``offset + limit``
    (``limit=None``: all of them, for the export), how many are below, and how many
    have a target — summed, filtered, ordered and cut in the database, so a province's
    60,000 ASN never come back as rows. Two queries after the positions' ids: the
    counts' stamp ("N of M" are cached, ``learning.counts``; when the cache has none
    under the stamp, counted in one pass and cached), then the page."""
    end = None if limit is None else offset + limit
    if unit_paths is None:
        return _below_target_agency(agency, year, offset=offset, end=end)
    on = agency.today()
    placed = _with_earned(_placed(on, unit_paths).filter(_with_target("employee__")), year)
    below = _below("employee__")

    def count() -> tuple[int, int, int]:
        found = placed.aggregate(
            total=Count("pk"),
            below=Count("pk", filter=below),
            none=Count("pk", filter=Q(earned=0)),
        )
        return found["below"] or 0, found["total"] or 0, found["none"] or 0

    n_below, total, _none = counts.counted(agency.pk, year, on, unit_paths, pppk_target(), count)
    top = (
        placed.filter(below)
        .order_by("earned", "employee__full_name", "employee_id")
        .values_list(*ROW)[offset:end]
    )
    return [_standing(row) for row in top], n_below, total


def _below_target_agency(
    agency: Agency, year: int, *, offset: int, end: int | None
) -> tuple[list[Standing], int, int]:
    """The whole pemda, read by index from the yearly totals (``JpTotal``) instead of
    summing every placed ASN's credits. In (JP, name) order the list is two runs:

    1. the ASN with no JP this year (no total, or a total of 0), in Employee's
       (agency, full_name) index order;
    2. those with some JP but below their target, in JpTotal's (agency, year, jp) order.

    Three queries: the counts' stamp (the counts are cached, ``learning.counts``: how
    many have a target, how many are below, how many have no JP at all, which is the
    first run's length); the page (both runs cut to the page, one ``UNION ALL``); the
    page's units. When the cache has no counts under the stamp (a write since, a new day,
    another process), two passes over the posts count them again and they are cached:
    how many have a target, then how many have
    some JP and how many of those are below (measured: an ``EXISTS`` per ASN was 15×
    slower on SQLite). Same people as ``_placed``: active, with a current primary post."""
    on = agency.today()
    held = _placed(on, None).filter(_with_target("employee__"))
    with_jp = FilteredRelation(
        "employee__jp_totals",
        condition=Q(employee__jp_totals__year=year, employee__jp_totals__jp__gt=0),
    )

    def count() -> tuple[int, int, int]:
        # One current primary post per ASN (a new one closes the last): posts count
        # people, as in the unit lists, without a DISTINCT sort of 60,000 ids.
        total = held.count()
        found = (
            held.annotate(this_year=with_jp)
            .filter(this_year__isnull=False)
            .aggregate(
                some=Count("pk"),
                below=Count("pk", filter=_below("employee__", "this_year__jp")),
            )
        )
        none = total - (found["some"] or 0)
        return none + (found["below"] or 0), total, none

    below, total, none = counts.counted(agency.pk, year, on, None, pppk_target(), count)
    placed = current_primaries(on, scoped=False).filter(employee_id=OuterRef("pk"))
    people = Employee.objects.filter(_with_target(), Exists(placed), status=Employee.Status.ACTIVE)
    some_jp = Exists(JpTotal.all_objects.filter(employee_id=OuterRef("pk"), year=year, jp__gt=0))
    on_post = current_primaries(on, scoped=False).filter(employee_id=OuterRef("employee_id"))
    short = JpTotal.objects.filter(
        _with_target("employee__"),
        _below("employee__", earned="jp"),
        Exists(on_post),
        year=year,
        jp__gt=0,
        employee__status=Employee.Status.ACTIVE,
    )
    end = below if end is None else min(end, below)
    if offset >= end:
        return [], below, total
    # Each run cut to its share of the page, read by its own index; one statement.
    runs = []
    if offset < none:
        first = people.exclude(some_jp).order_by("full_name", "pk")
        runs.append(
            first.values_list(Value(1), Value(Decimal(0)), "full_name", "pk")[
                offset : min(end, none)
            ]
        )
    if end > none:
        then = short.order_by("jp", "employee__full_name", "employee_id")
        runs.append(
            then.values_list(Value(2), "jp", "employee__full_name", "employee_id")[
                max(0, offset - none) : end - none
            ]
        )
    parts = [run.query.sql_with_params() for run in runs]
    sql = " UNION ALL ".join(f"SELECT * FROM ({q}) AS run{i}" for i, (q, _p) in enumerate(parts))  # noqa: S608 - compiled by the ORM
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} ORDER BY 1, 2, 3, 4", [p for _q, ps in parts for p in ps])
        # Raw rows: SQLite hands back decimals as numbers.
        page = [(e, Decimal(str(jp)).quantize(CENT)) for _run, jp, _name, e in cursor.fetchall()]
    ids = [e for e, _jp in page]
    people_of = {
        e: row
        for e, *row in current_primaries(on)
        .filter(employee_id__in=ids)
        .values_list(*ROW[:-1])  # the person and the post, without "earned"
    }
    out = [_standing((e, *people_of[e], jp)) for e, jp in page if e in people_of]
    return out, below, total


@dataclass
class Need:
    employee_id: int
    name: str
    unit_name: str
    jp: Decimal
    total_gap: int
    gaps: list[tuple[int, str, int]] = field(default_factory=list)  # (competency, name, gap)
    target: Decimal | None = TARGET_JP

    @property
    def owed(self) -> Decimal:
        return max(Decimal(0), self.target - self.jp) if self.target else Decimal(0)


def needs(agency: Agency, unit: OrgUnit, year: int, *, on: dt.date | None = None) -> list[Need]:
    """Everyone in ``unit``'s subtree with a competency gap or under 20 JP, largest total
    gap first, then fewest JP, then name.

    Reads, after the subtree's positions: the posts (by the positions' index), the
    active people among their holders (by primary key), their ``JpTotal`` rows of the
    year, the standards and the holders' assessments (by the employee index) — each
    named by id, so that no read passes over the province's rows."""
    on = on or agency.today()
    posts = _posts(on, (unit.path,))
    placed = list(
        posts.values_list(
            "employee_id", "position_id", "position__unit__name", "position__unit__path"
        ).order_by()
    )
    if not placed:
        return []
    # The holders' ids, named in each read (one parameter, ``IdIn``): PostgreSQL then
    # reads by index instead of hash-joining the province's 60,000 employees and
    # 120,000 assessments to the OPD's 1,500 posts (EXPLAIN ANALYZE: 24 + 49 ms → 3 +
    # 3 + 6 ms). Employees and totals apart: joined, it hashed the year's 48,000 totals.
    holders = sorted({row[0] for row in placed})
    people = {
        e: (name, kind)
        for e, name, kind in Employee.all_objects.filter(
            IdIn("pk", holders), status=Employee.Status.ACTIVE
        )
        .values_list("pk", "full_name", "kind")
        .order_by()
    }
    earned = dict(
        JpTotal.all_objects.filter(IdIn("employee_id", holders), year=year)
        # As an expression, not the column: SQLite's JP then read as before (4, not
        # 4.00, in the suggestions' reasons), PostgreSQL's as stored.
        .annotate(earned=ExpressionWrapper(F("jp"), output_field=DecimalField()))
        .values_list("employee_id", "earned")
        .order_by()
    )
    # The gap table joins the active holders to their standards; the assessments are
    # read for every holder (a superset, by id).
    active = [(e, position, path) for e, position, _unit, path in placed if e in people]
    gaps_of = _gaps_by_person(gaps.holders_table(active, holders))
    targets: dict[str, Decimal | None] = {}
    out = []
    for e, _position, unit_name, _path in placed:
        person = people.get(e)
        if person is None:  # not active
            continue
        name, kind = person
        jp = Decimal(earned.get(e, 0))
        if kind not in targets:
            targets[kind] = target_for(kind)
        target = targets[kind]
        pairs, total = gaps_of.get(e, ([], 0))
        if total == 0 and (target is None or jp >= target):
            continue
        out.append(Need(e, name, unit_name, jp, total, pairs, target))
    out.sort(key=lambda n: (-n.total_gap, n.jp, n.name, n.employee_id))
    return out


def _gaps_by_person(
    table: gaps.GapTable,
) -> dict[int, tuple[list[tuple[int, str, int]], int]]:
    """{employee: ([(competency, name, gap)], total gap)} for those with a gap, each
    person's gaps largest first then by competency — grouped in NumPy (a unit has
    thousands of pairs), one Python tuple per gap."""
    if not len(table):
        return {}
    gap = table.gap
    hit = gap > 0
    employee, competency, gap = table.employee[hit], table.competency[hit], gap[hit]
    if not len(employee):
        return {}
    order = np.lexsort((competency, -gap, employee))
    employee, competency, gap = employee[order], competency[order], gap[order]
    starts = np.flatnonzero(np.r_[True, employee[1:] != employee[:-1]])
    totals = np.add.reduceat(gap, starts).tolist()
    names = dict(
        Competency.objects.filter(pk__in=np.unique(competency).tolist()).values_list("pk", "name")
    )
    named = {c: names.get(c, str(c)) for c in np.unique(competency).tolist()}
    cs, gs, es = competency.tolist(), gap.tolist(), employee[starts].tolist()
    ends = [*starts[1:].tolist(), len(cs)]
    return {
        e: ([(cs[k], named[cs[k]], gs[k]) for k in range(a, b)], total)
        for e, a, b, total in zip(es, starts.tolist(), ends, totals, strict=True)
    }


@dataclass
class Suggestion:
    need: Need
    programme: Programme
    cost: Decimal
    reason: str


def suggest(
    agency: Agency,
    unit: OrgUnit,
    year: int,
    *,
    on: dt.date | None = None,
    limit: int = 50,
    ranked: list[Need] | None = None,
) -> tuple[list[Suggestion], Decimal | None]:
    """Nominations that fit the unit's remaining budget, in priority order: each person
    gets the open programme targeting most of their gap (any open programme for someone
    short of JP only); a programme's seats and the budget are used up as we go.
    Returns the suggestions and the remaining budget they were fitted into."""
    budget = budgets.budget_for(unit, year)
    remaining = budget.remaining if budget is not None else Decimal(0)
    programmes = list(
        Programme.objects.filter(year=year)
        .annotate(seated=Count("enrolments", filter=Q(enrolments__status__in=Enrolment.LIVE)))
        .prefetch_related("targets")
    )
    seats = {p.pk: p.capacity - p.seated for p in programmes}
    targets = {p.pk: [t.competency_id for t in p.targets.all()] for p in programmes}
    enrolled = set(
        Enrolment.objects.filter(programme__year=year, status__in=Enrolment.LIVE).values_list(
            "employee_id", "programme_id"
        )
    )
    out: list[Suggestion] = []
    for need in ranked if ranked is not None else needs(agency, unit, year, on=on):
        if len(out) >= limit:
            break
        gap_of = {c: g for c, _, g in need.gaps}
        best: tuple[Any, ...] | None = None
        for p in programmes:
            if seats[p.pk] <= 0 or (need.employee_id, p.pk) in enrolled:
                continue
            if p.cost_per_participant > remaining:
                continue
            covered = sum(gap_of.get(c, 0) for c in targets[p.pk])
            if need.total_gap and not covered:
                continue
            key = (covered, p.jp, -p.cost_per_participant)
            if best is None or key > best[0]:
                best = (key, p, covered)
        if best is None:
            continue
        _key, p, covered = best
        seats[p.pk] -= 1
        remaining -= p.cost_per_participant
        top = ", ".join(f"{name} (−{g})" for _, name, g in need.gaps[:3])
        reason = _(
            "Kesenjangan %(gap)s level%(top)s; %(jp)s JP tahun ini (kurang %(owed)s); program "
            "menutup %(covered)s level, %(pjp)s JP, biaya %(cost)s; sisa anggaran sesudahnya "
            "%(remaining)s."
        ) % {
            "gap": need.total_gap,
            "top": f": {top}" if top else "",
            "jp": f"{need.jp:g}",
            "owed": f"{need.owed:g}",
            "covered": covered,
            "pjp": f"{p.jp:g}",
            "cost": budgets.rupiah(p.cost_per_participant),
            "remaining": budgets.rupiah(remaining),
        }
        out.append(Suggestion(need, p, p.cost_per_participant, reason))
    return out, (budget.remaining if budget is not None else None)


def percent_below(items: list[Standing]) -> float:
    if not items:
        return 0.0
    return float(np.mean([s.below for s in items]) * 100)
