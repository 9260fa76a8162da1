"""Figures kept in Django's cache that a write makes stale at once: per-agency stamps.

A page that heads its rows with a total ("1,234 of 60,000") pays for a pass over every
row of the filter, which at province scale costs more than the rows it shows. Such
figures are kept in Django's cache (``caches[CACHE]``: the per-process memory cache
unless ``CACHES`` says otherwise; any backend works) under a key that holds the agency's
**stamp**: a row of a small model (``agency``, ``version``) that every writer of what the
figures read gives a new number, in the writer's transaction. Entries made under an
earlier number are never read again (they expire), so a figure is never older than the
last committed write.

The number is random rather than the next one because a cache is not transactional: a
writer that bumps the stamp, reads a figure in its own transaction and then rolls back
must not leave behind an entry that a later writer's commit of the same number would
bring back into use. Callers read the stamp *before* computing, so a write that commits
meanwhile leaves that entry under the older stamp (never used), not a stale figure under
the new one. Users: ``learning.counts`` (the "below 20 JP" lists) and the workforce
registry under its ``RegistryStamp``: the ASN list's "N found" (``registry.totals``), its
filters' id sets and a driven result's order (``registry.finder``), the policy and the
posts' competency standards (``registry.records``, ``registry.queries``).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import caches
from django.db import connection, models
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from sigap.platform.prepared import hot_cursor

T = TypeVar("T")

CACHE = "default"
# Entries whose key holds the day are useless the next: let everything go after a day.
LIFETIME = 24 * 60 * 60
# Stamps are drawn from [1, 2**62): 0 is "never changed", and a drawn number is never
# drawn again in practice (two draws agree with odds of 1 in 4.6e18).
_STAMPS = 2**62 - 1


def bump(stamp_model: type[models.Model], agency_id: int) -> None:
    """What the figures under ``stamp_model`` read changed in ``agency_id``: give the
    agency a new stamp. One upsert in the caller's transaction (its row lock orders
    concurrent writers); not audited, a stamp is no domain data. The model has an
    ``agency`` key unique on its own and a ``version`` column."""
    table = connection.ops.quote_name(stamp_model._meta.db_table)
    stamp = secrets.randbelow(_STAMPS) + 1
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, version) VALUES (%s, %s) "  # noqa: S608 - table name from the model
            "ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version",
            [agency_id, stamp],
        )


def current(stamp_model: type[models.Model], agency_id: int) -> int:
    """The agency's current stamp (0 before the first change). Plain SQL like ``bump``:
    pages read it on every request, and the ORM took longer to build this statement
    than the database took to answer it."""
    table = connection.ops.quote_name(stamp_model._meta.db_table)
    with hot_cursor(connection) as cursor:
        cursor.execute(
            f"SELECT version FROM {table} WHERE agency_id = %s",  # noqa: S608 - table name from the model
            [agency_id],
        )
        row = cursor.fetchone()
    return row[0] if row else 0


def renew_on_writes(
    renew: Callable[[int], None],
    senders: Iterable[type[models.Model]],
    *,
    uid: str,
    bulk: Signal | None = None,
) -> None:
    """Call ``renew(agency_id)`` whenever a row of ``senders`` (tenant models) is saved or
    deleted, and when ``bulk`` is sent with ``agency_id=`` (bulk writers skip the model
    signals). For an app's ``ready``; ``uid`` keeps the connections single."""

    def stale(sender: type, instance: object = None, **kwargs: object) -> None:
        agency_id = kwargs.get("agency_id") or getattr(instance, "agency_id", None)
        if agency_id:
            renew(agency_id)

    for model in senders:
        for signal, kind in ((post_save, "save"), (post_delete, "delete")):
            signal.connect(
                stale, sender=model, weak=False, dispatch_uid=f"{uid}.{model.__name__}.{kind}"
            )
    if bulk is not None:
        bulk.connect(stale, weak=False, dispatch_uid=f"{uid}.bulk")


def digest(parts: Iterable[str]) -> str:
    """A short ASCII key part for a set of texts (unit paths, filter values)."""
    joined = "\n".join(sorted(set(parts)))
    return hashlib.sha256(joined.encode()).hexdigest()[:40]


def cached(key: str, compute: Callable[[], T], *, stamp: int, lifetime: int = LIFETIME) -> T:
    """The entry under ``key`` when there is one, else ``compute()``, kept for the next
    request. ``key`` must hold ``stamp``, read before computing (see above), and be short
    and plain (ASCII, no spaces, under 250 characters: memcached's rules too).

    Stamp 0 ("never changed": no writer has stamped the agency yet) is not a version
    anything can be kept under: a cache that outlives a database restore would serve
    another database's figure under it. Then ``compute()`` runs every time."""
    if not stamp:
        return compute()
    cache = caches[CACHE]
    found = cache.get(key)
    if found is not None:
        return found
    value = compute()
    cache.set(key, value, lifetime)
    return value
