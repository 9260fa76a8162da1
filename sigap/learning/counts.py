"""The "N of M" of the "below target" lists, counted once per filter and day.

Saying "1,234 of 60,000 ASN are below their target" takes a pass over every placed ASN
of the filter (their posts, their status and kind, their yearly total): at province
scale that pass costs more than the page of rows it heads. The counts therefore live in
``JpListCount``, one row per (agency, year, day, filter), made by the first request that
needs them and read by the next ones, for as long as nothing they count has changed.

What they count changes with

* a yearly total crossing a target (``jp.add_to_totals``) or a rebuild of the totals
  (``jp.rebuild_totals``): those call ``changed`` in their transaction;
* an employee, position or assignment written (moves between units, departures and
  retirements, new ASN, corrections): the model signals, and the workforce's
  ``registry_changed`` for its bulk writers (the roster import), call ``changed`` in the
  writer's transaction;
* the day (a post dated in the future starts counting on its day): the day is part of the
  key;
* the PPPK target (a setting): stored beside the counts and compared on reading.

``changed`` bumps the agency's ``JpCountStamp``; a stored count is used only under the
number it was made under. The number is read *before* counting, so a write that commits
while a request counts leaves that request's row under an older number (never used),
not a stale count under the new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import connection

from sigap.learning.models import JpCountStamp, JpListCount


def scope_key(unit_paths: tuple[str, ...] | None) -> str:
    """The filter as a short key: "" for the whole agency, else a digest of the paths."""
    if unit_paths is None:
        return ""
    joined = "\n".join(sorted(set(unit_paths)))
    return hashlib.sha256(joined.encode()).hexdigest()[:40]


def changed(agency_id: int) -> None:
    """Something the counts read changed in ``agency_id``: stored counts no longer hold.
    One upsert in the caller's transaction (the row lock orders concurrent writers)."""
    table = connection.ops.quote_name(JpCountStamp._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, version) VALUES (%s, 1) "  # noqa: S608 - table name from the model
            f"ON CONFLICT (agency_id) DO UPDATE SET version = {table}.version + 1",
            [agency_id],
        )


def version(agency_id: int) -> int:
    """The agency's current number (0 before the first change)."""
    value = JpCountStamp.all_objects.filter(agency_id=agency_id).values_list("version", flat=True)
    return next(iter(value), 0)


def counted(
    agency_id: int,
    year: int,
    day: dt.date,
    unit_paths: tuple[str, ...] | None,
    pppk_target: Decimal | None,
    count: Callable[[], tuple[int, int, int]],
) -> tuple[int, int, int]:
    """(below, total, without JP) of the filter: the stored row when it still holds,
    else ``count()``, stored for the next request."""
    scope = scope_key(unit_paths)
    stamps = connection.ops.quote_name(JpCountStamp._meta.db_table)
    stored = connection.ops.quote_name(JpListCount._meta.db_table)
    with connection.cursor() as cursor:
        # The number and, when made under it, the stored row: one statement.
        cursor.execute(
            "SELECT v.version, c.below, c.total, c.without_jp, c.pppk_target FROM "  # noqa: S608 - table names from the models
            f"(SELECT COALESCE((SELECT version FROM {stamps} WHERE agency_id = %s), 0) AS version) v "
            f"LEFT JOIN {stored} c ON c.agency_id = %s AND c.year = %s AND c.day = %s "
            "AND c.scope = %s AND c.version = v.version",
            [agency_id, agency_id, year, day, scope],
        )
        now, *row = cursor.fetchone()
    if row[0] is not None and _same(row[3], pppk_target):
        return row[0], row[1], row[2]
    below, total, without_jp = count()
    _store(agency_id, year, day, scope, pppk_target, now, (below, total, without_jp))
    return below, total, without_jp


def _same(stored: Any, target: Decimal | None) -> bool:
    if stored is None or target is None:
        return stored is None and target is None
    return Decimal(stored) == target


def _store(
    agency_id: int,
    year: int,
    day: dt.date,
    scope: str,
    pppk_target: Decimal | None,
    made_under: int,
    figures: tuple[int, int, int],
) -> None:
    """Keep the counts (one row per filter and day; an older number never replaces a
    newer one). Rows of days gone by are dropped on the way."""
    table = connection.ops.quote_name(JpListCount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, year, day, scope, pppk_target, version, below, total, without_jp) "  # noqa: S608 - table name from the model
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (agency_id, year, day, scope) DO UPDATE SET "
            "pppk_target = excluded.pppk_target, version = excluded.version, "
            "below = excluded.below, total = excluded.total, without_jp = excluded.without_jp "
            f"WHERE {table}.version <= excluded.version",
            [agency_id, year, day, scope, pppk_target, made_under, *figures],
        )
        # Derived rows: dropped in one statement, not one audit entry each.
        cursor.execute(f"DELETE FROM {table} WHERE agency_id = %s AND day < %s", [agency_id, day])  # noqa: S608
