"""JP (jam pelajaran): the conversion rules as data and the 20 JP ledger.

Every PNS is entitled to at least 20 JP of competency development a year (PP 11/2017
art. 203; the domain notes). How a form converts to JP is a per-agency ``JpRule``; the
defaults (``data/jp_rules.csv``) follow the domain notes: 45 minutes per JP for
classical training, seminar 4 JP a day, workshop 5 JP a day, coaching and mentoring
2 JP a session with at most 2 sessions counted a month, e-learning at most 3 JP a day,
secondment 20 JP, benchmarking 10 JP. All are *unconfirmed* for pemda (they come from
BPS's own rules) and each agency may change them; rotation and special assignment
values are this project's assumption, also marked unconfirmed.

The ledger is the ``JpCredit`` table: one row per completion, counted mentoring
session or experiential assignment, in the year of the day it was earned. ``JpTotal``
keeps each ASN's sum per year: every function that writes credits calls
``add_to_totals`` in its transaction, and ``rebuild_totals`` repairs it from the credits.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from sigap.audit.events import acting, record, register_events
from sigap.learning import counts
from sigap.learning.models import Form, JpCredit, JpRule, JpTotal
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency
from sigap.workforce.models import Employee

TARGET_JP = Decimal(20)  # every PNS, a year (PP 11/2017 art. 203)
CENT = Decimal("0.01")
DATA = Path(__file__).resolve().parent / "data" / "jp_rules.csv"

register_events(
    {
        "aturan JP diubah": "Aturan konversi JP diubah",
        "aturan JP dikembalikan": "Aturan konversi JP dikembalikan ke bawaan",
        "total JP dibangun ulang": "Total JP tahunan dihitung ulang dari kredit JP",
    }
)


@dataclass(frozen=True)
class Rule:
    form: str
    method: str
    value: Decimal
    monthly_cap: int | None = None
    daily_cap: Decimal | None = None
    confirmed: bool = False
    note: str = ""


@cache
def default_rules() -> dict[str, Rule]:
    with DATA.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rules = {
        r["form"]: Rule(
            form=r["form"],
            method=r["method"],
            value=Decimal(r["value"]),
            monthly_cap=int(r["monthly_cap"]) if r["monthly_cap"] else None,
            daily_cap=Decimal(r["daily_cap"]) if r["daily_cap"] else None,
            confirmed=r["confirmed"] == "1",
            note=r["note"],
        )
        for r in rows
    }
    missing = set(Form.values) - set(rules)
    if missing:
        raise ValueError(f"jp_rules.csv lacks forms {sorted(missing)}")
    return rules


def rules_for(agency: Agency) -> dict[str, Rule]:
    """The agency's rule for every form: its own rows over the defaults."""
    rules = dict(default_rules())
    for row in JpRule.all_objects.filter(agency=agency):
        rules[row.form] = Rule(
            row.form, row.method, row.value, row.monthly_cap, row.daily_cap, row.confirmed, row.note
        )
    return rules


def rule_for(agency: Agency, form: str) -> Rule:
    return rules_for(agency)[form]


@transaction.atomic
def set_rule(
    agency: Agency,
    form: str,
    *,
    method: str,
    value: Decimal,
    monthly_cap: int | None = None,
    daily_cap: Decimal | None = None,
    confirmed: bool = False,
    note: str = "",
    by: object = None,
) -> JpRule:
    """Set how ``form`` converts to JP in ``agency`` (one row per form)."""
    errors: dict[str, str] = {}
    if form not in Form.values:
        errors["form"] = _("Bentuk pengembangan tidak dikenal.")
    if method not in JpRule.Method.values:
        errors["method"] = _("Cara hitung tidak dikenal.")
    if value is None or Decimal(value) <= 0:
        errors["value"] = _("Nilai harus lebih dari nol.")
    if monthly_cap is not None and method != JpRule.Method.PER_SESSION:
        errors["monthly_cap"] = _("Batas sesi per bulan hanya untuk hitungan per sesi.")
    if errors:
        raise ValidationError(errors)
    with acting_for(agency), acting(by):
        rule = JpRule.objects.filter(form=form).first() or JpRule(agency=agency, form=form)
        rule.method, rule.value = method, Decimal(value)
        rule.monthly_cap, rule.daily_cap = monthly_cap, daily_cap
        rule.confirmed, rule.note = confirmed, note[:200]
        rule.save()
        record("aturan JP diubah", rule, details={"form": form, "method": method, "value": value})
        return rule


@transaction.atomic
def reset_rule(agency: Agency, form: str, *, by: object = None) -> bool:
    """Drop the agency's own rule for ``form`` so the default applies again; ``False``
    when it had none. Programmes keep the JP computed when their sessions were set, and
    credited JP never change."""
    with acting_for(agency), acting(by):
        rule = JpRule.objects.select_for_update().filter(form=form).first()
        if rule is None:
            return False
        record("aturan JP dikembalikan", rule, details={"form": form})
        rule.delete()
        return True


# ------------------------------------------------------------------ conversion (pure)


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def convert(rule: Rule, spans: Iterable[tuple[dt.datetime, dt.datetime]]) -> Decimal:
    """JP of a programme held over ``spans`` (each session's start and end, local time).

    * hours: minutes ÷ minutes per JP, each day capped at ``daily_cap`` if set;
    * per day: JP per distinct day;
    * per session: JP per session, at most ``monthly_cap`` sessions in a calendar month;
    * fixed: the value, however long it took.
    """
    spans = sorted(spans)
    if rule.method == JpRule.Method.FIXED:
        return _q(rule.value)
    if not spans:
        return Decimal(0)
    if rule.method == JpRule.Method.PER_DAY:
        return _q(rule.value * len({start.date() for start, _ in spans}))
    if rule.method == JpRule.Method.PER_SESSION:
        return _q(rule.value * counted_sessions([s.date() for s, _ in spans], rule.monthly_cap))
    per_day: dict[dt.date, Decimal] = {}
    for start, end in spans:
        minutes = Decimal(int((end - start).total_seconds() // 60))
        per_day[start.date()] = per_day.get(start.date(), Decimal(0)) + minutes / rule.value
    if rule.daily_cap is not None:
        per_day = {d: min(v, rule.daily_cap) for d, v in per_day.items()}
    return _q(sum(per_day.values(), Decimal(0)))


def counted_sessions(days: Iterable[dt.date], monthly_cap: int | None) -> int:
    """How many of the sessions held on ``days`` count, at most ``monthly_cap`` a month."""
    per_month: dict[tuple[int, int], int] = {}
    for d in days:
        per_month[(d.year, d.month)] = per_month.get((d.year, d.month), 0) + 1
    if monthly_cap is None:
        return sum(per_month.values())
    return sum(min(n, monthly_cap) for n in per_month.values())


# ------------------------------------------------------------------ the ledger


def total(employee_id: int, year: int) -> Decimal:
    value = JpTotal.objects.filter(employee_id=employee_id, year=year).values_list("jp", flat=True)
    return next(iter(value), None) or Decimal(0)


TOTALS_PER_STATEMENT = 200


def add_to_totals(agency_id: int, credits: Iterable[tuple[int, int, Decimal]]) -> None:
    """Add credits ``(employee_id, year, jp)`` to the yearly totals, in the caller's
    transaction. Every writer of ``JpCredit`` calls this right after its insert.

    One upsert per batch (``ON CONFLICT … DO UPDATE``, on both databases): two
    completions for one ASN committing at once add up instead of one losing the other's
    JP, and a first credit needs no read beforehand."""
    deltas: dict[tuple[int, int], Decimal] = {}
    for employee_id, year, value in credits:
        key = (int(employee_id), int(year))
        deltas[key] = deltas.get(key, Decimal(0)) + Decimal(value)
    if not deltas:
        return
    table = connection.ops.quote_name(JpTotal._meta.db_table)
    items = list(deltas.items())
    crossed = False
    with connection.cursor() as cursor:
        for start in range(0, len(items), TOTALS_PER_STATEMENT):
            chunk = items[start : start + TOTALS_PER_STATEMENT]
            values = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
            params: list[object] = []
            for (employee_id, year), value in chunk:
                params += [agency_id, employee_id, year, value]
            cursor.execute(
                f"INSERT INTO {table} (agency_id, employee_id, year, jp) VALUES {values} "  # noqa: S608 - table name from the model
                # ROUND: SQLite adds decimals as floats; keep the total exact to the cent.
                f"ON CONFLICT (employee_id, year) DO UPDATE SET jp = ROUND({table}.jp + excluded.jp, 2) "
                "RETURNING employee_id, year, jp",
                params,
            )
            crossed = (
                any(
                    [
                        _crosses(Decimal(str(jp)) - deltas[(e, y)], Decimal(str(jp)))
                        for e, y, jp in cursor.fetchall()
                    ]
                )
                or crossed
            )
    if crossed:
        # Someone went past a target: the cached "N of M" of the lists no longer hold.
        counts.changed(agency_id)


def _crosses(before: Decimal, after: Decimal) -> bool:
    """Whether a total going from ``before`` to ``after`` passes a target (either kind's)."""
    low, high = min(before, after), max(before, after)
    return any(low < target <= high for target in (TARGET_JP, pppk_target()) if target)


def _sums(agency: Agency) -> dict[tuple[int, int], Decimal]:
    rows = (
        JpCredit.all_objects.filter(agency=agency)
        .values_list("employee_id", "year")
        .annotate(s=Sum("jp"))
        .order_by()
    )
    return {(e, y): s for e, y, s in rows}


@transaction.atomic
def rebuild_totals(agency: Agency, *, by: object = None) -> int:
    """Recompute ``agency``'s yearly totals from its credits (repair: the totals are
    derived data). Audited with how many totals were wrong. Returns that number."""
    with acting_for(agency), acting(by):
        if connection.vendor == "postgresql":
            # Credits written while we read would be lost when the totals are replaced:
            # hold new credits back until this commits (SQLite serialises writers anyway).
            credits = connection.ops.quote_name(JpCredit._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {credits} IN SHARE MODE")
        before = {
            (e, y): jp
            for e, y, jp in JpTotal.all_objects.filter(agency=agency).values_list(
                "employee_id", "year", "jp"
            )
        }
        after = _sums(agency)
        wrong = sum(1 for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        table = connection.ops.quote_name(JpTotal._meta.db_table)
        with connection.cursor() as cursor:
            # Derived rows: removed in one statement, not one audit entry each.
            cursor.execute(f"DELETE FROM {table} WHERE agency_id = %s", [agency.pk])  # noqa: S608
        add_to_totals(agency.pk, ((e, y, s) for (e, y), s in after.items()))
        counts.changed(agency.pk)
        record(
            "total JP dibangun ulang",
            agency,
            details={"totals": len(after), "repaired": wrong},
        )
        return wrong


def totals(year: int, employee_ids: QuerySet | Iterable[int] | None = None) -> dict[int, Decimal]:
    """{employee_id: JP earned in ``year``} (absent: none)."""
    qs = JpCredit.objects.filter(year=year)
    if employee_ids is not None:
        qs = qs.filter(employee_id__in=employee_ids)
    return dict(qs.values_list("employee_id").annotate(s=Sum("jp")).order_by())


def history(employee_id: int) -> QuerySet[JpCredit]:
    return JpCredit.objects.filter(employee_id=employee_id).order_by("-day", "-pk")


def pppk_target() -> Decimal | None:
    """The PPPK's yearly target: ``SIGAP_PPPK_TARGET_JP`` (default 20, like PNS). The
    domain notes give the 20 JP entitlement to PNS only, so for PPPK it is *unconfirmed*;
    0 means PPPK have no target (they are left out of the "below 20 JP" list)."""
    value = settings.SIGAP_PPPK_TARGET_JP
    return Decimal(value) if value else None


def target_for(kind: str) -> Decimal | None:
    """The yearly JP target of an ASN of ``kind`` (``Employee.Kind``); None: none."""
    return pppk_target() if kind == Employee.Kind.PPPK else TARGET_JP


def progress(jp: Decimal, target: Decimal | None = TARGET_JP) -> int | None:
    """Per cent of the target, 0–100, for the progress bar; None without a target."""
    if not target:
        return None
    return int(min(Decimal(100), jp * 100 / target))


def by_year(employee_id: int) -> list[tuple[int, Decimal]]:
    rows = JpTotal.objects.filter(employee_id=employee_id).values_list("year", "jp")
    return list(rows.order_by("-year"))
