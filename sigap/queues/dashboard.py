"""The office head's queue dashboard and the staffing advisor's history.

Today's figures read the point's tickets of the day (an indexed slice: at most a few
thousand rows); history reads the service events (channel QUEUE) the counters wrote.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter as Tally
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

from sigap.queues import staffing
from sigap.queues.display import waiting_by_service
from sigap.queues.models import ServicePoint, Ticket
from sigap.services.models import ServiceEvent

T = Ticket.Status


@dataclass(frozen=True)
class Today:
    waiting: int
    served: int
    no_shows: int
    mean_wait_minutes: float | None
    p90_wait_minutes: float | None
    per_counter: list[tuple[str, int]]
    per_officer: list[tuple[str, int]]


def today(point: ServicePoint, day: dt.date | None = None) -> Today:
    day = day or point.agency.today()
    rows = list(
        Ticket.all_objects.filter(point_id=point.pk, day=day).values_list(
            "status", "arrived_at", "called_at", "counter__name", "officer__full_name"
        )
    )
    waits = [
        (called - arrived).total_seconds() / 60
        for _s, arrived, called, _c, _o in rows
        if called is not None
    ]
    counters = Tally(c for s, _a, _b, c, _o in rows if s == T.DONE and c)
    officers = Tally(o for s, _a, _b, _c, o in rows if s == T.DONE and o)
    return Today(
        waiting=sum(1 for r in rows if r[0] == T.WAITING),
        served=sum(1 for r in rows if r[0] == T.DONE),
        no_shows=sum(1 for r in rows if r[0] == T.NO_SHOW),
        mean_wait_minutes=float(np.mean(waits)) if waits else None,
        p90_wait_minutes=float(np.percentile(waits, 90)) if waits else None,
        per_counter=sorted(counters.items()),
        per_officer=sorted(officers.items()),
    )


@dataclass(frozen=True)
class HourAdvice:
    weekday: int
    hour: int
    arrivals_per_hour: float
    service_minutes: float
    recommended: staffing.Option | None
    options: list[staffing.Option]


def history(
    point: ServicePoint, *, weeks: int = 8, until: dt.date | None = None
) -> dict[tuple[int, int], tuple[float, float]]:
    """(weekday, hour) -> (mean arrivals per hour, mean service minutes) over the last
    ``weeks`` weeks of the point's services' queue events, in the pemda's zone."""
    until = until or point.agency.today()
    since = until - dt.timedelta(weeks=weeks)
    service_ids = list(point.offers.values_list("service_id", flat=True))
    events = ServiceEvent.all_objects.filter(
        agency_id=point.agency_id,
        service_id__in=service_ids,
        channel=ServiceEvent.Channel.QUEUE,
        day__gte=since,
        day__lt=until,
    ).values_list("requested_at", "processing_seconds", "day")
    zone = point.agency.zone
    arrivals: Tally = Tally()
    service: dict[tuple[int, int], list[int]] = defaultdict(list)
    days_open: dict[int, set[dt.date]] = defaultdict(set)
    for requested_at, processing, day in events:
        local = requested_at.astimezone(zone)
        key = (local.weekday(), local.hour)
        arrivals[key] += 1
        service[key].append(processing)
        days_open[local.weekday()].add(day)
    out = {}
    for key, count in arrivals.items():
        n_days = max(1, len(days_open[key[0]]))
        out[key] = (count / n_days, float(np.mean(service[key])) / 60)
    return out


def advise(
    point: ServicePoint, *, weeks: int = 8, until: dt.date | None = None
) -> list[HourAdvice]:
    table = history(point, weeks=weeks, until=until)
    advice = []
    for (weekday, hour), (rate, minutes) in sorted(table.items()):
        minutes = max(minutes, 0.5)
        chosen, options = staffing.recommend(
            rate,
            minutes,
            target_share=point.target_share,
            target_minutes=point.target_wait_minutes,
            shrinkage=point.shrinkage,
        )
        advice.append(HourAdvice(weekday, hour, rate, minutes, chosen, options))
    return advice


def waiting_now(point: ServicePoint) -> Any:
    return waiting_by_service(point)


def finite(value: float) -> float | None:
    return None if value is None or math.isinf(value) else value
