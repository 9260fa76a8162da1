"""The "N of M" of the "below target" lists, counted once per filter and day.

Saying "1,234 of 60,000 ASN are below their target" takes a pass over every placed ASN
of the filter (their posts, their status and kind, their yearly total): at province
scale that pass costs more than the page of rows it heads. The counts therefore live in
Django's cache (``caches[CACHE]``: the per-process memory cache unless ``CACHES`` says
otherwise; any backend works, the values are tuples of ints), one entry per (agency,
stamp, year, day, filter, PPPK target), made by the first request that needs them and
read by the next ones. A page that reads them never writes to the database.

What they count changes with

* a yearly total crossing a target (``jp.add_to_totals``) or a rebuild of the totals
  (``jp.rebuild_totals``): those call ``changed`` in their transaction;
* an employee, position or assignment written (moves between units, departures and
  retirements, new ASN, corrections): the model signals, and the workforce's
  ``registry_changed`` for its bulk writers (the roster import), call ``changed`` in the
  writer's transaction;
* the day (a post dated in the future starts counting on its day): the day is in the key;
* the PPPK target (a setting): in the key too.

``changed`` gives the agency's ``JpCountStamp`` a new random number in the writer's
transaction, and the stamp is part of the key, so entries made under an earlier stamp are
never read again (they expire). The number is random rather than the next one because a
cache is not transactional: a writer that bumps the stamp, reads the counts in its own
transaction and then rolls back must not leave behind an entry that a later writer's
commit of the same number would bring back into use. The stamp is read *before*
counting, so a write that commits while a request counts leaves that request's entry
under the older stamp (never used), not a stale count under the new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from decimal import Decimal

from django.core.cache import caches
from django.db import connection

from sigap.learning.models import JpCountStamp

CACHE = "default"
# Entries of a day are useless the next (the day is in the key): let them go then.
LIFETIME = 24 * 60 * 60
# Stamps are drawn from [1, 2**62): 0 is "never changed", and a drawn number is never
# drawn again in practice (two draws agree with odds of 1 in 4.6e18).
_STAMPS = 2**62 - 1


def scope_key(unit_paths: tuple[str, ...] | None) -> str:
    """The filter as a short key: "" for the whole agency, else a digest of the paths."""
    if unit_paths is None:
        return ""
    joined = "\n".join(sorted(set(unit_paths)))
    return hashlib.sha256(joined.encode()).hexdigest()[:40]


def changed(agency_id: int) -> None:
    """Something the counts read changed in ``agency_id``: cached counts no longer hold.
    One upsert in the caller's transaction (the row lock orders concurrent writers)."""
    table = connection.ops.quote_name(JpCountStamp._meta.db_table)
    stamp = secrets.randbelow(_STAMPS) + 1
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, version) VALUES (%s, %s) "  # noqa: S608 - table name from the model
            "ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version",
            [agency_id, stamp],
        )


def version(agency_id: int) -> int:
    """The agency's current stamp (0 before the first change)."""
    value = JpCountStamp.all_objects.filter(agency_id=agency_id).values_list("version", flat=True)
    return next(iter(value), 0)


def cache_key(
    agency_id: int,
    stamp: int,
    year: int,
    day: dt.date,
    unit_paths: tuple[str, ...] | None,
    pppk_target: Decimal | None,
) -> str:
    """Short and plain (ASCII, no spaces, under 250 characters: memcached's rules too)."""
    pppk = "-" if pppk_target is None else format(pppk_target.normalize(), "f")
    return (
        f"learning.jp_counts:{agency_id}:{stamp}:{year}:{day.isoformat()}:"
        f"{scope_key(unit_paths) or 'all'}:{pppk}"
    )


def counted(
    agency_id: int,
    year: int,
    day: dt.date,
    unit_paths: tuple[str, ...] | None,
    pppk_target: Decimal | None,
    count: Callable[[], tuple[int, int, int]],
) -> tuple[int, int, int]:
    """(below, total, without JP) of the filter: the cached entry when there is one under
    the agency's current stamp, else ``count()``, cached for the next request."""
    key = cache_key(agency_id, version(agency_id), year, day, unit_paths, pppk_target)
    cache = caches[CACHE]
    found = cache.get(key)
    if found is not None:
        below, total, without_jp = found
        return below, total, without_jp
    figures = count()
    cache.set(key, tuple(figures), LIFETIME)
    return figures
