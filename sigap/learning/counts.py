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
never read again (they expire): ``platform.stamps`` says why the number is random and
why the stamp is read before counting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from sigap.learning.models import JpCountStamp
from sigap.platform import stamps

# The mechanics (random stamps, read before counting, the cache) are ``platform.stamps``.
CACHE = stamps.CACHE


def scope_key(unit_paths: tuple[str, ...] | None) -> str:
    """The filter as a short key: "" for the whole agency, else a digest of the paths."""
    if unit_paths is None:
        return ""
    return stamps.digest(unit_paths)


def changed(agency_id: int) -> None:
    """Something the counts read changed in ``agency_id``: cached counts no longer hold.
    One upsert in the caller's transaction (the row lock orders concurrent writers)."""
    stamps.bump(JpCountStamp, agency_id)


def version(agency_id: int) -> int:
    """The agency's current stamp (0 before the first change)."""
    return stamps.current(JpCountStamp, agency_id)


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
    stamp = version(agency_id)
    key = cache_key(agency_id, stamp, year, day, unit_paths, pppk_target)
    below, total, without_jp = stamps.cached(key, lambda: tuple(count()), stamp=stamp)
    return below, total, without_jp
