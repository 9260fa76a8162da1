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
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from sigap.learning import budgets
from sigap.learning.jp import TARGET_JP, pppk_target, target_for
from sigap.learning.models import Enrolment, JpCredit, Programme
from sigap.tenancy import org
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workforce.analysis import gaps
from sigap.workforce.models import Assignment, Competency, Employee
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


def _below(prefix: str = "") -> Q:
    """Rows (with ``earned``) under their kind's target: PNS under 20 JP, PPPK under
    ``SIGAP_PPPK_TARGET_JP`` (none when it is 0). ``prefix`` reaches the employee."""
    condition = Q(**{f"{prefix}kind": Employee.Kind.PNS, "earned__lt": TARGET_JP})
    pppk = pppk_target()
    if pppk is not None:
        condition |= Q(**{f"{prefix}kind": Employee.Kind.PPPK, "earned__lt": pppk})
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
    """Current primary posts of active ASN, in ``unit_paths`` (None: the whole agency).

    The subtrees are resolved to unit ids first (a few hundred at most) so that the
    database starts from the units' positions, not from every assignment of the agency
    tested against a path pattern."""
    holdings = current_primaries(on).filter(employee__status=Employee.Status.ACTIVE)
    if unit_paths is not None:
        unit_ids = list(org.subtrees(unit_paths).values_list("pk", flat=True))
        holdings = holdings.filter(position__unit_id__in=unit_ids)
    return holdings


def _earned(year: int) -> Coalesce:
    """The outer assignment's ASN's JP in ``year``: one range of the ledger's covering
    index (agency, year, employee, jp) per row, never a scan of the year's credits."""
    credits = (
        JpCredit.objects.filter(year=year, employee_id=OuterRef("employee_id"))
        .order_by()
        .values("employee_id")
        .annotate(s=Sum("jp"))
        .values("s")
    )
    return Coalesce(
        Subquery(credits, output_field=DecimalField()),
        Value(Decimal(0)),
        output_field=DecimalField(),
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
    on = on or agency.today()
    rows = _placed(on, unit_paths).annotate(earned=_earned(year)).values_list(*ROW)
    out = [_standing(row) for row in rows]
    out.sort(key=lambda s: (s.jp, s.name))
    return out


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
    60,000 ASN never come back as rows. Two queries after the unit ids: both counts in
    one pass, then the page."""
    end = None if limit is None else offset + limit
    if unit_paths is None:
        return _below_target_agency(agency, year, offset=offset, end=end)
    placed = (
        _placed(agency.today(), unit_paths)
        .filter(_with_target("employee__"))
        .annotate(earned=_earned(year))
    )
    below = _below("employee__")
    counts = placed.aggregate(total=Count("pk"), below=Count("pk", filter=below))
    top = (
        placed.filter(below)
        .order_by("earned", "employee__full_name", "employee_id")
        .values_list(*ROW)[offset:end]
    )
    return [_standing(row) for row in top], counts["below"] or 0, counts["total"] or 0


def _below_target_agency(
    agency: Agency, year: int, *, offset: int, end: int | None
) -> tuple[list[Standing], int, int]:
    """The whole pemda: one grouped join of its ASN and their year's credits (the
    placement as ``EXISTS``). Measured: on PostgreSQL a per-row JP subquery over 60,000
    ASN is several times slower than this hash join (docs/benchmarks.md)."""
    on = agency.today()
    placed = current_primaries(on).filter(employee_id=OuterRef("pk"))
    people = Employee.objects.filter(_with_target(), Exists(placed), status=Employee.Status.ACTIVE)
    below_qs = people.annotate(
        earned=Coalesce(
            Sum("jp_credits__jp", filter=Q(jp_credits__year=year)),
            Value(Decimal(0)),
            output_field=DecimalField(),
        )
    ).filter(_below())
    total, below = people.count(), below_qs.count()
    top = list(
        below_qs.order_by("earned", "full_name", "pk").values_list(
            "pk", "full_name", "nip", "pppk_number", "kind", "earned"
        )[offset:end]
    )
    units = {
        e: (name, path)
        for e, name, path in current_primaries(on)
        .filter(employee_id__in=[row[0] for row in top])
        .values_list("employee_id", "position__unit__name", "position__unit__path")
    }
    out = [
        _standing((e, name, nip, pppk, kind, *units.get(e, ("", "")), jp))
        for e, name, nip, pppk, kind, jp in top
    ]
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
    gap first, then fewest JP, then name."""
    on = on or agency.today()
    people = standing(agency, year, unit_paths=(unit.path,), on=on)
    table = gaps.gap_table(None, unit=unit, on=on)
    per_person: dict[int, list[tuple[int, int]]] = {}
    if len(table):
        gap = table.gap
        hit = gap > 0
        for e, c, g in zip(table.employee[hit], table.competency[hit], gap[hit], strict=True):
            per_person.setdefault(int(e), []).append((int(c), int(g)))
    names = dict(
        Competency.objects.filter(
            pk__in={c for pairs in per_person.values() for c, _ in pairs}
        ).values_list("pk", "name")
    )
    out = []
    for s in people:
        pairs = sorted(per_person.get(s.employee_id, []), key=lambda p: (-p[1], p[0]))
        total = sum(g for _, g in pairs)
        if total == 0 and not s.below:
            continue
        out.append(
            Need(
                s.employee_id,
                s.name,
                s.unit_name,
                s.jp,
                total,
                [(c, names.get(c, str(c)), g) for c, g in pairs],
                s.target,
            )
        )
    out.sort(key=lambda n: (-n.total_gap, n.jp, n.name))
    return out


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
            covered = sum(gap_of.get(t.competency_id, 0) for t in p.targets.all())
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
