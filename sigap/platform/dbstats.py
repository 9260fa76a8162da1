"""Planner statistics: gathered after bulk writes, so that queries are planned on the data.

Both databases choose their plans from statistics about the tables: PostgreSQL from
``pg_statistic`` (``ANALYZE``; autovacuum gathers it eventually, minutes after a large
load), SQLite from ``sqlite_stat1`` (only when someone runs ``ANALYZE``; otherwise it
guesses). Without them, a freshly seeded province (60,000 ASN, a million history rows)
was planned as if the tables were empty: PostgreSQL read the whole agency through its
``agency_id`` index and ran every per-person subquery for all 58,000 people before
sorting (ASN list p95 130–290 ms; 25–70 ms with statistics, docs/benchmarks.md). So
every bulk write (demo seeding, a roster import) ends with
``refresh_planner_statistics``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models import Model

logger = logging.getLogger(__name__)

# SQLite's ANALYZE reads every index in full unless limited; about this many rows per
# index give estimates as good for planning (SQLite's own advice for PRAGMA optimize is
# 400) and keep a province-scale ANALYZE well under a second.
SQLITE_ANALYSIS_LIMIT = 1000


def refresh_planner_statistics(
    models: Iterable[type[Model]] | None = None, *, using: str = DEFAULT_DB_ALIAS
) -> bool:
    """Gather planner statistics for ``models``' tables (``None``: every table).

    Call it after a bulk write has committed (``ANALYZE`` inside the writer's
    transaction would see the rows, but holds its lock until the commit). Never raises:
    statistics are an optimisation, and a failure here must not turn a finished import
    into a failed one. Returns whether the statistics were gathered.
    """
    connection = connections[using]
    tables = None if models is None else sorted({m._meta.db_table for m in models})
    qn = connection.ops.quote_name
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
            elif connection.vendor != "postgresql":
                return False
            if tables is None:
                cursor.execute("ANALYZE")
            elif connection.vendor == "postgresql":
                # One statement for all the tables (PostgreSQL 11+).
                cursor.execute("ANALYZE " + ", ".join(qn(t) for t in tables))
            else:
                for table in tables:
                    cursor.execute(f"ANALYZE {qn(table)}")
    except DatabaseError:
        logger.warning("could not refresh planner statistics", exc_info=True)
        return False
    return True


def planner_statistics_present(model: type[Model], *, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the database holds statistics for ``model``'s table (for benchmarks and
    checks: a fresh install without any is planned by guesswork)."""
    connection = connections[using]
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL "
                "FROM pg_stat_user_tables WHERE relname = %s",
                [table],
            )
            row = cursor.fetchone()
            return bool(row and row[0])
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
            )
            if not cursor.fetchone()[0]:
                return False
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
            return bool(cursor.fetchone()[0])
    return False
