"""The count tables, maintained as responses arrive and read by every report.

``bump`` adds one response to its day's and month's rows in the caller's transaction
(row created on first use, then ``UPDATE … SET col = col + 1``, which the database
serialises per row, so concurrent responses never lose a count). ``recompute`` rebuilds
them from the responses, for the property test and for repairs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from auditlog.context import disable_auditlog
from django.db import IntegrityError, transaction
from django.db.models import F, Model, Sum

from sigap.surveys import ikm
from sigap.surveys.models import (
    COUNT_FIELDS,
    DailyCount,
    MonthlyCount,
    Response,
    UnitMonthlyCount,
)
from sigap.surveys.questionnaire import FIELDS

ANSWER_COLUMNS = tuple(tuple(f"{f}_a{a}" for a in range(1, 5)) for f in FIELDS)


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def increments(values: list[int | None]) -> dict[str, int]:
    """Column -> increment for one response."""
    inc = {"responses": 1}
    for field, value in zip(FIELDS, values, strict=True):
        if value is not None:
            inc[f"{field}_a{value}"] = 1
    if all(v is not None for v in values):
        total = sum(values)  # type: ignore[arg-type]
        inc.update(full_n=1, full_sum=total, full_sq=total * total)
    return inc


def _bump_row(model: type[Model], key: dict[str, Any], extra: dict[str, Any], inc: dict) -> None:
    updated = model.objects.filter(**key).update(**{c: F(c) + v for c, v in inc.items()})
    if updated:
        return
    try:
        # Derived data: the response itself is audited, its tallies are not.
        with transaction.atomic(), disable_auditlog():
            model.objects.create(**key, **extra, **inc)
    except IntegrityError:
        # Another response created the row first; add to it.
        model.objects.filter(**key).update(**{c: F(c) + v for c, v in inc.items()})


def bump(response: Response) -> None:
    inc = increments(response.values())
    officer_ref = response.officer_id or 0
    common = {"agency": response.agency, "service_id": response.service_id}
    extra = {"unit_id": response.unit_id, "officer_id": response.officer_id}
    _bump_row(DailyCount, {**common, "day": response.day, "officer_ref": officer_ref}, extra, inc)
    _bump_row(
        MonthlyCount,
        {**common, "month": month_of(response.day), "officer_ref": officer_ref},
        extra,
        inc,
    )
    _bump_row(
        UnitMonthlyCount,
        {"agency": response.agency, "unit_id": response.unit_id, "month": month_of(response.day)},
        {},
        inc,
    )


def tally_of_rows(rows: Iterable[dict[str, int]]) -> ikm.Tally:
    tally = ikm.Tally()
    for row in rows:
        tally.responses += row["responses"] or 0
        for answers, names in zip(tally.answers, ANSWER_COLUMNS, strict=True):
            for a, name in enumerate(names):
                answers[a] += row[name] or 0
        tally.full_n += row["full_n"] or 0
        tally.full_sum += row["full_sum"] or 0
        tally.full_sq += row["full_sq"] or 0
    return tally


def tally_of_tuples(rows: Iterable[Sequence[int | None]]) -> ikm.Tally:
    """A tally from rows of the 40 count columns in ``COUNT_FIELDS`` order."""
    tally = ikm.Tally()
    answers = tally.answers
    for row in rows:
        tally.responses += row[0] or 0
        i = 1
        for element in answers:
            for a in range(4):
                element[a] += row[i] or 0
                i += 1
        tally.full_n += row[i] or 0
        tally.full_sum += row[i + 1] or 0
        tally.full_sq += row[i + 2] or 0
    return tally


def sums() -> dict[str, Sum]:
    return {c: Sum(c) for c in COUNT_FIELDS}


def recomputed(responses: Iterable[Response], *, monthly: bool = False) -> dict[tuple, dict]:
    """What the count table should hold for ``responses``: key -> columns."""
    table: dict[tuple, dict[str, int]] = {}
    for r in responses:
        grain = month_of(r.day) if monthly else r.day
        key = (grain, r.service_id, r.officer_id or 0)
        row = table.setdefault(key, dict.fromkeys(COUNT_FIELDS, 0))
        for column, value in increments(r.values()).items():
            row[column] += value
    return table


def recomputed_by_unit(responses: Iterable[Response]) -> dict[tuple, dict]:
    """What ``UnitMonthlyCount`` should hold: (month, unit) -> columns."""
    table: dict[tuple, dict[str, int]] = {}
    for r in responses:
        row = table.setdefault((month_of(r.day), r.unit_id), dict.fromkeys(COUNT_FIELDS, 0))
        for column, value in increments(r.values()).items():
            row[column] += value
    return table


def stored_by_unit() -> dict[tuple, dict]:
    return {
        (row["month"], row["unit_id"]): {c: row[c] for c in COUNT_FIELDS}
        for row in UnitMonthlyCount.objects.values("month", "unit_id", *COUNT_FIELDS)
    }


def stored(*, monthly: bool = False) -> dict[tuple, dict]:
    model = MonthlyCount if monthly else DailyCount
    grain = "month" if monthly else "day"
    return {
        (row[grain], row["service_id"], row["officer_ref"]): {c: row[c] for c in COUNT_FIELDS}
        for row in model.objects.values(grain, "service_id", "officer_ref", *COUNT_FIELDS)
    }
