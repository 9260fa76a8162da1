"""What screens and phones show: the call display of an office, the waiting count and
estimated wait per service, a ticket's place in line. Reads only; a handful of indexed
queries per request whatever the size of the pemda (asserted by tests).

The display's state carries ``version`` (``ServicePoint.display_version``, bumped by
every call, recall, skip, transfer, start, finish and new ticket). Screens poll with
``If-None-Match``; an unchanged office answers 304 after one primary-key read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, F
from django.utils import timezone

from sigap.queues.models import Counter, PointService, ServicePoint, Ticket

T = Ticket.Status
RECENT_CALLS = 6


@dataclass(frozen=True)
class Waiting:
    offer_id: int
    prefix: str
    service: str
    waiting: int
    counters: int
    mean_minutes: float
    estimated_minutes: int


def version_of(point_id: int) -> int | None:
    return (
        ServicePoint.all_objects.filter(pk=point_id)
        .values_list("display_version", flat=True)
        .first()
    )


def _mean_minutes(point: ServicePoint, day: dt.date) -> dict[int, float]:
    """Mean service minutes per offer today (started → finished), where known."""
    rows = (
        Ticket.all_objects.filter(
            point_id=point.pk, day=day, status=T.DONE, started_at__isnull=False
        )
        .values("offer_id")
        .annotate(mean=Avg(F("finished_at") - F("started_at")))
    )
    means = {}
    for row in rows:
        mean = row["mean"]
        if isinstance(mean, dt.timedelta):
            means[row["offer_id"]] = mean.total_seconds() / 60
        elif mean is not None:  # SQLite returns microseconds
            means[row["offer_id"]] = float(mean) / 60_000_000
    return means


def waiting_by_service(
    point: ServicePoint,
    now: dt.datetime | None = None,
    *,
    offers: list[PointService] | None = None,
    counters: list[Counter] | None = None,
) -> list[Waiting]:
    """``offers`` (with their service) and ``counters`` (with their offers prefetched)
    may be passed by a page that has read them already."""
    now = now or timezone.now()
    day = now.astimezone(point.agency.zone).date()
    if offers is None:
        offers = list(
            PointService.all_objects.filter(point_id=point.pk)
            .select_related("service")
            .order_by("prefix")
        )
    counts = dict(
        Ticket.all_objects.filter(point_id=point.pk, status=T.WAITING)
        .values("offer_id")
        .annotate(n=Count("pk"))
        .values_list("offer_id", "n")
    )
    if counters is None:
        counters = list(Counter.all_objects.filter(point_id=point.pk).prefetch_related("offers"))
    counters = [c for c in counters if c.is_open]
    means = _mean_minutes(point, day)
    out = []
    for offer in offers:
        serving = sum(1 for c in counters if not c.offers.all() or offer in c.offers.all())
        mean = means.get(offer.pk, float(offer.mean_service_minutes))
        waiting = counts.get(offer.pk, 0)
        estimate = round(waiting * mean / max(1, serving))
        out.append(
            Waiting(offer.pk, offer.prefix, offer.service.name, waiting, serving, mean, estimate)
        )
    return out


def display_state(point: ServicePoint) -> dict[str, Any]:
    """The call display: each counter's current number, the latest calls, the version."""
    counters = list(
        Counter.all_objects.filter(point_id=point.pk)
        .order_by("number")
        .values("pk", "number", "name", "is_open")
    )
    current = {
        row["counter_id"]: row
        for row in Ticket.all_objects.filter(point_id=point.pk, status__in=(T.CALLED, T.SERVING))
        .order_by("called_at")
        .values("counter_id", "number", "status", "called_at", "recalls")
    }
    recent = list(
        Ticket.all_objects.filter(
            point_id=point.pk, called_at__isnull=False, day=point.agency.today()
        )
        .order_by("-called_at")
        .values("number", "counter__name", "called_at", "recalls")[:RECENT_CALLS]
    )
    return {
        "version": version_of(point.pk) or 0,
        "point": point.name,
        "counters": [
            {
                "number": c["number"],
                "name": c["name"],
                "open": c["is_open"],
                "ticket": current[c["pk"]]["number"] if c["pk"] in current else "",
                "status": current[c["pk"]]["status"] if c["pk"] in current else "",
                # Changes on a recall too, so the screen chimes again.
                "call": (
                    f"{current[c['pk']]['number']}#{current[c['pk']]['recalls']}"
                    f"@{current[c['pk']]['called_at'].timestamp():.0f}"
                    if c["pk"] in current and current[c["pk"]]["called_at"]
                    else ""
                ),
            }
            for c in counters
        ],
        "recent": [
            {
                "number": r["number"],
                "counter": r["counter__name"] or "",
                "at": r["called_at"].isoformat(),
            }
            for r in recent
        ],
    }


def position_of(ticket: Ticket) -> int:
    """1 for the next to be called among the tickets of the same service."""
    if ticket.status != T.WAITING:
        return 0
    ahead = Ticket.all_objects.filter(
        point_id=ticket.point_id, offer_id=ticket.offer_id, status=T.WAITING
    )
    if ticket.priority:
        ahead = ahead.filter(priority=True, queued_at__lt=ticket.queued_at)
    else:
        ahead = ahead.filter(priority=True) | ahead.filter(
            priority=False, queued_at__lt=ticket.queued_at
        )
    return ahead.count() + 1


def estimated_wait_minutes(ticket: Ticket, waiting: list[Waiting] | None = None) -> int:
    position = position_of(ticket)
    if position == 0:
        return 0
    waiting = waiting if waiting is not None else waiting_by_service(ticket.point)
    row = next((w for w in waiting if w.offer_id == ticket.offer_id), None)
    if row is None:
        return 0
    return round((position - 1) * row.mean_minutes / max(1, row.counters))
