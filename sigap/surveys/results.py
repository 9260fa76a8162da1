"""The read side: IKM for any slice (agency, unit subtree, service, officer) and period,
from the monthly count table; people served from the service events; per-officer
figures only above the minimum group size; breakdowns by respondent profile.

Every period is a union of months, so a report adds up at most (months × services ×
officers) rows of ``MonthlyCount``, whatever the number of responses behind them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Avg, Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.accounts.scope import RowScope, row_scope
from sigap.services.models import ServiceEvent
from sigap.surveys import counts, ikm
from sigap.surveys.models import (
    COUNT_FIELDS,
    DailyCount,
    ImprovementAction,
    MonthlyCount,
    Response,
    UnitMonthlyCount,
)
from sigap.surveys.questionnaire import CODES, FIELDS
from sigap.tenancy.models import Agency, OrgUnit

RESOURCE = "surveys.result"
KINDS = ("month", "quarter", "semester", "year")
_SPAN = {"month": 1, "quarter": 3, "semester": 6, "year": 12}


def min_group() -> int:
    """Fewest responses behind a per-officer figure, so that no respondent can be singled
    out (``SIGAP_SURVEY_MIN_GROUP``, default 10; *unconfirmed*, configurable)."""
    return int(getattr(settings, "SIGAP_SURVEY_MIN_GROUP", 10))


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    kind: str

    @classmethod
    def containing(cls, kind: str, day: dt.date) -> Period:
        span = _SPAN[kind]
        month = (day.month - 1) // span * span + 1
        return cls(dt.date(day.year, month, 1), kind)

    @classmethod
    def parse(cls, text: str, default: Period) -> Period:
        text = (text or "").strip().upper()
        if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
            if 1 <= int(m[2]) <= 12:
                return cls(dt.date(int(m[1]), int(m[2]), 1), "month")
        elif m := re.fullmatch(r"(\d{4})-Q([1-4])", text):
            return cls(dt.date(int(m[1]), (int(m[2]) - 1) * 3 + 1, 1), "quarter")
        elif m := re.fullmatch(r"(\d{4})-S([12])", text):
            return cls(dt.date(int(m[1]), (int(m[2]) - 1) * 6 + 1, 1), "semester")
        elif m := re.fullmatch(r"(\d{4})", text):
            return cls(dt.date(int(m[1]), 1, 1), "year")
        return default

    @property
    def months(self) -> int:
        return _SPAN[self.kind]

    @property
    def end(self) -> dt.date:
        """First day after the period."""
        total = self.start.year * 12 + self.start.month - 1 + self.months
        return dt.date(total // 12, total % 12 + 1, 1)

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    def previous(self) -> Period:
        total = self.start.year * 12 + self.start.month - 1 - self.months
        return Period(dt.date(total // 12, total % 12 + 1, 1), self.kind)

    def next(self) -> Period:
        return Period(self.end, self.kind)

    @property
    def code(self) -> str:
        y, m = self.start.year, self.start.month
        return {
            "month": f"{y}-{m:02d}",
            "quarter": f"{y}-Q{(m - 1) // 3 + 1}",
            "semester": f"{y}-S{(m - 1) // 6 + 1}",
            "year": f"{y}",
        }[self.kind]

    @property
    def label(self) -> str:
        y, m = self.start.year, self.start.month
        if self.kind == "month":
            return self.start.strftime("%m/%Y")
        if self.kind == "quarter":
            return _("Triwulan %(q)s %(y)s") % {"q": (m - 1) // 3 + 1, "y": y}
        if self.kind == "semester":
            return _("Semester %(s)s %(y)s") % {"s": (m - 1) // 6 + 1, "y": y}
        return str(y)


@dataclass(frozen=True)
class Slice:
    """What a report covers: the whole agency, or a unit subtree, a service, an officer."""

    unit: OrgUnit | None = None
    service_id: int | None = None
    officer_id: int | None = None

    def q(self, unit_lookup: str = "unit") -> Q:
        q = Q()
        if self.unit is not None:
            # The subtree's ids first (one indexed read of the unit tree): cheaper than
            # joining every count row to its unit to test the path.
            subtree = OrgUnit.objects.filter(path__startswith=self.unit.path).values_list(
                "pk", flat=True
            )
            q &= Q(**{f"{unit_lookup}_id__in": list(subtree)})
        if self.service_id:
            q &= Q(service_id=self.service_id)
        if self.officer_id:
            q &= Q(officer_id=self.officer_id)
        return q


def scope_for(user: Any, agency: Agency) -> RowScope:
    return row_scope(user, agency, RESOURCE)


def _unit_ids(agency: Agency, where: Slice, scope: RowScope | None) -> list[int] | None:
    """The units a read may cover: the slice's subtree within the user's scope (None:
    no restriction)."""
    conditions = []
    if where.unit is not None:
        conditions.append(Q(path__startswith=where.unit.path))
    if scope is not None and not scope.sees_all:
        conditions.append(scope.q(unit_path="path"))
    if not conditions:
        return None
    qs = OrgUnit.objects.filter(agency=agency)
    for condition in conditions:
        qs = qs.filter(condition)
    return list(qs.values_list("pk", flat=True))


@cache
def _select(table_model: type, group: str) -> str:
    qn = connection.ops.quote_name
    sums = ", ".join(f"SUM({qn(c)})" for c in COUNT_FIELDS)
    key = f"{qn(group)}, " if group else ""
    return f"SELECT {key}{qn('month')}, {sums} FROM {qn(table_model._meta.db_table)}"  # noqa: S608 - names from the model


def _sum_rows(
    agency: Agency,
    start: dt.date,
    end: dt.date,
    where: Slice,
    scope: RowScope | None,
    group: str = "",
) -> list[tuple]:
    """(group value, month, 40 sums) per group and month, from the smallest count table
    that answers: per unit and month unless the slice or grouping names a service or an
    officer.

    Plain SQL, built once per table and grouping: these reads add up a few hundred rows,
    and composing forty ``Sum`` expressions through the ORM cost ten times the query
    (bench.ikm). The agency is filtered explicitly, as the tenant manager would.
    """
    fine = where.service_id or where.officer_id or group in ("service_id", "officer_id")
    model = MonthlyCount if fine else UnitMonthlyCount
    units = _unit_ids(agency, where, scope)
    if units is not None and not units:
        return []
    if scope is not None and scope.kind in (RowScope.NONE, RowScope.OWN):
        return []
    ops = connection.ops
    sql = [_select(model, group), "WHERE agency_id = %s AND month >= %s AND month < %s"]
    params: list[Any] = [
        agency.pk,
        ops.adapt_datefield_value(start),
        ops.adapt_datefield_value(end),
    ]
    if units is not None:
        sql.append(f"AND unit_id IN ({', '.join(['%s'] * len(units))})")
        params += units
    if where.service_id:
        sql.append("AND service_id = %s")
        params.append(where.service_id)
    if where.officer_id:
        sql.append("AND officer_id = %s")
        params.append(where.officer_id)
    sql.append(f"GROUP BY {group + ', ' if group else ''}month")
    with connection.cursor() as cursor:
        cursor.execute(" ".join(sql), params)
        rows = cursor.fetchall()
    if not group:
        rows = [(None, *row) for row in rows]
    return rows


def _month(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def tally(
    agency: Agency, period: Period, where: Slice = Slice(), scope: RowScope | None = None
) -> ikm.Tally:
    return counts.tally_of_tuples(
        row[2:] for row in _sum_rows(agency, period.start, period.end, where, scope)
    )


def grouped(
    agency: Agency,
    group: str,
    period_kind: str,
    start: dt.date,
    end: dt.date,
    where: Slice = Slice(),
    scope: RowScope | None = None,
) -> dict[tuple[Any, Period], ikm.Tally]:
    """Tallies per (``group`` value, period) between ``start`` and ``end`` (months)."""
    buckets: dict[tuple[Any, Period], list[tuple]] = {}
    periods: dict[Any, Period] = {}
    for row in _sum_rows(agency, start, end, where, scope, group):
        period = periods.get(row[1])
        if period is None:
            period = periods[row[1]] = Period.containing(period_kind, _month(row[1]))
        buckets.setdefault((row[0], period), []).append(row[2:])
    return {key: counts.tally_of_tuples(part) for key, part in buckets.items()}


def ikm_of_unit(agency: Agency, unit: OrgUnit, period: Period) -> ikm.Result:
    """One unit (its subtree, all services pooled) in one period."""
    return ikm.result(tally(agency, period, Slice(unit=unit)))


def ikm_by_unit_and_period(
    agency: Agency, period_kind: str, start: dt.date, end: dt.date
) -> dict[tuple[int, Period], ikm.Result]:
    """Every unit that has responses (the unit of the service rated) × every period.

    The months of a period are added column by column (``zip``) and the result read
    from the sums (``ikm.result_of_sums``): no ``Tally`` per slice (bench.ikm)."""
    buckets: dict[tuple[Any, Period], list[tuple]] = {}
    periods: dict[Any, Period] = {}
    for row in _sum_rows(agency, start, end, Slice(), None, "unit_id"):
        period = periods.get(row[1])
        if period is None:
            period = periods[row[1]] = Period.containing(period_kind, _month(row[1]))
        buckets.setdefault((row[0], period), []).append(row[2:])
    return {
        key: ikm.result_of_sums(
            part[0] if len(part) == 1 else [sum(column) for column in zip(*part, strict=True)]
        )
        for key, part in buckets.items()
    }


def served(
    agency: Agency, period: Period, where: Slice = Slice(), scope: RowScope | None = None
) -> int:
    """People served in the period: finished service events (one per citizen served)."""
    qs = ServiceEvent.objects.filter(
        agency=agency, day__gte=period.start, day__lt=period.end
    ).filter(where.q())
    if scope is not None:
        qs = scope.rows(qs, unit_path="unit__path")
    return qs.count()


@dataclass(frozen=True)
class Adequacy:
    served: int
    needed: int
    responses: int

    @property
    def missing(self) -> int:
        return max(0, self.needed - self.responses)

    @property
    def adequate(self) -> bool:
        return self.missing == 0


def adequacy(served_count: int, responses: int) -> Adequacy:
    return Adequacy(served_count, ikm.krejcie_morgan(served_count), responses)


def officers(
    agency: Agency, period: Period, where: Slice = Slice(), scope: RowScope | None = None
) -> tuple[list[tuple[int, ikm.Result]], int]:
    """Per-officer results resting on at least ``min_group()`` responses, and how many
    officers were withheld for having fewer."""
    table = grouped(agency, "officer_id", period.kind, period.start, period.end, where, scope)
    shown, hidden = [], 0
    for (officer_id, _p), t in table.items():
        if officer_id is None:
            continue
        if t.responses >= min_group():
            shown.append((officer_id, ikm.result(t)))
        else:
            hidden += 1
    shown.sort(key=lambda item: -(item[1].ikm or 0))
    return shown, hidden


def profile_breakdown(
    agency: Agency,
    period: Period,
    dimension: str,
    where: Slice = Slice(),
    scope: RowScope | None = None,
) -> list[dict[str, Any]]:
    """IKM per value of a profile field (age band, gender, education, occupation), only
    for groups of at least ``min_group()`` respondents."""
    assert dimension in ("age_band", "gender", "education", "occupation")
    qs = Response.objects.filter(agency=agency, day__gte=period.start, day__lt=period.end)
    qs = qs.filter(where.q())
    if scope is not None:
        qs = scope.rows(qs, unit_path="unit__path")
    labels = dict(Response._meta.get_field(dimension).choices)
    rows = []
    for row in (
        qs.values(dimension)
        .annotate(n=Count("pk"), **{f: Avg(f) for f in FIELDS})
        .order_by(dimension)
    ):
        if row["n"] < min_group():
            continue
        averages = [row[f] for f in FIELDS]
        value = 25 * sum(averages) / 9 if all(a is not None for a in averages) else None
        rows.append(
            {"value": labels.get(row[dimension], _("Tidak diisi")), "n": row["n"], "ikm": value}
        )
    return rows


def follow_up(before: ikm.Result, after: ikm.Result, element: str) -> float | None:
    """Change of an element's NRR from one period to the next (None: no data)."""
    e = CODES.index(element)
    a, b = before.nrr[e], after.nrr[e]
    return None if a is None or b is None else float(b - a)


def trend(
    agency: Agency,
    period: Period,
    count: int,
    where: Slice = Slice(),
    scope: RowScope | None = None,
) -> list[tuple[Period, ikm.Result]]:
    """The ``count`` periods ending with ``period``, each with its result."""
    periods = [period]
    for _i in range(count - 1):
        periods.insert(0, periods[0].previous())
    table = grouped(agency, "agency_id", period.kind, periods[0].start, period.end, where, scope)
    empty = ikm.Tally()
    return [(p, ikm.result(table.get((agency.pk, p), empty))) for p in periods]


def suggestions(
    agency: Agency,
    period: Period,
    where: Slice = Slice(),
    scope: RowScope | None = None,
    limit: int = 50,
) -> list[str]:
    qs = Response.objects.filter(agency=agency, day__gte=period.start, day__lt=period.end).filter(
        where.q()
    )
    if scope is not None:
        qs = scope.rows(qs, unit_path="unit__path")
    return list(
        qs.exclude(suggestion="").order_by("-day").values_list("suggestion", flat=True)[:limit]
    )


def elements_table(result: ikm.Result) -> list[dict[str, Any]]:
    from sigap.surveys.questionnaire import elements

    return [
        {
            "code": e.code,
            "name": e.name,
            "nrr": result.nrr_float[i],
            "weighted": (result.nrr_float[i] or 0) / 9 if result.nrr_float[i] is not None else None,
            "priority": e.code == result.priority,
        }
        for i, e in enumerate(elements())
    ]


def responses_in(tallies: Iterable[ikm.Tally]) -> int:
    return sum(t.responses for t in tallies)


# ------------------------------------------------------------------ follow-up outcomes

# Days compared on each side of an action's date, at most: a season, long enough to
# gather responses, short enough that other changes do not dominate.
OUTCOME_WINDOW_DAYS = 90
VERDICTS = {
    "open": gettext_lazy("belum selesai"),
    "waiting": gettext_lazy("baru selesai: belum ada hari sesudahnya"),
    "too_few": gettext_lazy("jawaban terlalu sedikit untuk menyimpulkan"),
    "better": gettext_lazy("membaik"),
    "worse": gettext_lazy("memburuk"),
    "same": gettext_lazy("tidak berubah nyata"),
}


@dataclass(frozen=True)
class ActionOutcome:
    """An improvement action's element (and the IKM) in the same number of days before
    and after the day it was done, in the action's unit and its subtree.

    ``verdict`` claims a change only when both sides have at least ``min_group()``
    answers to the element and the change of its NRR exceeds its 95 % margin (Welch's
    two-sample comparison of the answers, t with the smaller side's n − 1 degrees of
    freedom); otherwise it says why not."""

    action: ImprovementAction
    day: dt.date | None  # the day the action was marked done
    window: int  # days on each side
    before: ikm.Result
    after: ikm.Result
    verdict: str

    @property
    def element_index(self) -> int:
        return CODES.index(self.action.element)

    @property
    def nrr_before(self) -> float | None:
        return self.before.nrr_float[self.element_index]

    @property
    def nrr_after(self) -> float | None:
        return self.after.nrr_float[self.element_index]

    @property
    def n_before(self) -> int:
        return self.before.counts[self.element_index]

    @property
    def n_after(self) -> int:
        return self.after.counts[self.element_index]

    @property
    def change(self) -> float | None:
        a, b = self.nrr_before, self.nrr_after
        return None if a is None or b is None else b - a

    @property
    def verdict_label(self) -> str:
        return str(VERDICTS[self.verdict])

    def windows(self) -> tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]] | None:
        """(before, after) as [start, end) days; the action's own day is in neither
        (responses that day may predate the change)."""
        if self.day is None or self.window < 1:
            return None
        return _windows(self.day, self.window)


def _windows(day: dt.date, window: int) -> tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]]:
    span = dt.timedelta(days=window)
    after_start = day + dt.timedelta(days=1)
    return (day - span, day), (after_start, after_start + span)


def _element_answers(result: ikm.Result, e: int) -> tuple[int, float, float]:
    """(n, mean, variance) of the answers to element ``e``."""
    n, total = result.counts[e], result.totals[e]
    if n < 2:
        return n, (total / n if n else 0.0), 0.0
    mean = total / n
    squares = result.squares[e]
    return n, mean, max(0.0, (squares - n * mean * mean) / (n - 1))


def _verdict(before: ikm.Result, after: ikm.Result, e: int) -> str:
    n1, m1, v1 = _element_answers(before, e)
    n2, m2, v2 = _element_answers(after, e)
    if min(n1, n2) < max(2, min_group()):
        return "too_few"
    diff = m2 - m1
    se = math.sqrt(v1 / n1 + v2 / n2)
    margin = ikm.t_quantile(min(n1, n2) - 1) * se
    if diff > margin:
        return "better"
    if diff < -margin:
        return "worse"
    return "same"


@cache
def _outcome_select() -> str:
    """One side of one action: the sums of the day counts of a unit's subtree between
    two days (the subtree by path prefix, in the same statement). ``{key}`` is the
    side's number, an integer of ours."""
    qn = connection.ops.quote_name
    sums = ", ".join(f"SUM(d.{qn(c)})" for c in COUNT_FIELDS)
    return (
        f"SELECT {{key}}, {sums} FROM {qn(DailyCount._meta.db_table)} d "  # noqa: S608 - names from the models
        "WHERE d.agency_id = %s AND d.day >= %s AND d.day < %s AND d.unit_id IN "
        f"(SELECT u.id FROM {qn(OrgUnit._meta.db_table)} u WHERE u.agency_id = %s "
        "AND SUBSTR(u.path, 1, %s) = %s)"
    )


def action_outcomes(
    agency: Agency, actions: Iterable[ImprovementAction], today: dt.date | None = None
) -> list[ActionOutcome]:
    """Each action's element and IKM before and after the day it was done (the same
    number of days each side, at most ``OUTCOME_WINDOW_DAYS``), in one query whatever
    the number of actions (the actions come loaded with their unit)."""
    today = today or agency.today()
    actions = list(actions)
    plans: list[tuple[ImprovementAction, dt.date | None, int]] = []
    parts: list[str] = []
    params: list[Any] = []
    ops = connection.ops
    for action in actions:
        day = None
        window = 0
        if action.status == ImprovementAction.Status.DONE and action.done_at is not None:
            day = action.done_at.astimezone(agency.zone).date()
            window = max(0, min(OUTCOME_WINDOW_DAYS, (today - day).days))
        plans.append((action, day, window))
        if day is None or window < 1:
            continue
        path = action.unit.path
        for side, (start, end) in enumerate(_windows(day, window)):
            parts.append(_outcome_select().format(key=2 * (len(plans) - 1) + side))
            params += [
                agency.pk,
                ops.adapt_datefield_value(start),
                ops.adapt_datefield_value(end),
                agency.pk,
                len(path),
                path,
            ]
    sums: dict[int, ikm.Result] = {}
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for row in cursor.fetchall():
                sums[int(row[0])] = ikm.result_of_sums([int(v or 0) for v in row[1:]])
    empty = ikm.result(ikm.Tally())
    outcomes = []
    for i, (action, day, window) in enumerate(plans):
        before = sums.get(2 * i, empty)
        after = sums.get(2 * i + 1, empty)
        if day is None:
            verdict = "open"
        elif window < 1:
            verdict = "waiting"
        else:
            verdict = _verdict(before, after, CODES.index(action.element))
        outcomes.append(ActionOutcome(action, day, window, before, after, verdict))
    return outcomes
