"""The ASN list's "N found", cached per filter, viewer scope and day.

The total heads every page of the list (issue 8, item 15), and for a common filter it is
a pass over thousands of people: rotation due counts about 24,000 of a province's 60,000
ASN (34–55 ms on SQLite), position type and golongan intersects 14,000 holders of the
type. Paging through a result, or coming back to it, asks for the same total again, so
it is kept in Django's cache (``platform.stamps``) under the agency's ``RegistryStamp``,
which every writer of what it counts gives a new number in its transaction
(``mark_totals_stale``):

* employees, positions, assignments, ranks, educations, competency assessments and the
  agency's workforce policy, through their model signals (``WorkforceConfig.ready``);
  units and competencies too, whose names the list's selects show (``forms``), and
  position requirements, the standards the profile keeps (``queries.position_standard``);
* the bulk writers, which skip those signals: the roster import (``registry_changed``),
  ``records.refresh_latest_golongan`` (the stored golongan), the demo seeder.

The day is in the key (retiring within N months and rotation due move with it), and so
is the viewer's row scope (a unit head counts only their subtrees).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sigap.accounts.scope import RowScope
from sigap.platform import stamps
from sigap.workforce.models import RegistryStamp


def mark_totals_stale(agency_id: int) -> None:
    """Something the totals count changed in ``agency_id``: cached totals no longer hold.
    One upsert in the caller's transaction."""
    stamps.bump(RegistryStamp, agency_id)


def version(agency_id: int) -> int:
    return stamps.current(RegistryStamp, agency_id)


def cache_key(
    agency_id: int,
    stamp: int,
    day: dt.date,
    scope: RowScope,
    query: dict[str, Any],
    *,
    kind: str = "asn_total",
) -> str:
    """Short and plain: the scope's kind and user, its paths and the filter as digests.
    ``kind`` names what is kept: the total, or (``result_key``) a driven result's order."""
    wanted = stamps.digest(f"{name}={value}" for name, value in query.items())
    return (
        f"workforce.{kind}:{agency_id}:{stamp}:{day.isoformat()}:{scope.kind}:"
        f"{scope.user_id or ''}:{stamps.digest(scope.unit_paths)}:{wanted}"
    )


def result_key(
    agency_id: int, stamp: int, day: dt.date, scope: RowScope, query: dict[str, Any]
) -> str:
    """Names a search's result for a viewer of ``scope`` on ``day`` (``finder.search``'s
    ``result_key``): what the list finds depends on nothing else under one stamp."""
    return cache_key(agency_id, stamp, day, scope, query, kind="asn_result")


def total(
    agency_id: int,
    stamp: int,
    day: dt.date,
    scope: RowScope,
    query: dict[str, Any],
    count: Callable[[], int],
) -> int:
    """How many the filter (``query``: ``AsnFilter.as_query()``) finds for a viewer of
    ``scope`` on ``day``: the cached figure under ``stamp`` (the agency's, read with
    ``version`` before counting, see ``platform.stamps``), else ``count()``, kept for the
    next request."""
    key = cache_key(agency_id, stamp, day, scope, query)
    return stamps.cached(key, count, stamp=stamp)
