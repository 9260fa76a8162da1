"""What the public sees beside each published time limit: how long the office really
took last month and how often it kept its promise.

Rules as implemented (docs/domain/services.md, "Catalogue and standards"):

* **Which events**: online applications (``channel = online``) finished with the
  product (``outcome = done``) on a service day in *last month*, the calendar month
  before the pemda's today (``agency.today()``, its own zone). Counter, phone and queue
  services have no application clock; rejected applications give no product.
* **Median processing time**: the median of ``processing_working_seconds``, office
  time only, the time the application spent back with the citizen excluded (that is
  how ``record_service_event`` stores it). The median, not the mean: one application
  stuck for weeks must not hide a hundred served in a day.
* **Share on time**: events with ``within_sla`` true over events where it is known.

One aggregate query per page, whatever the number of services: grouped by service on
PostgreSQL (``percentile_cont``), one ordered read of the month's durations on SQLite,
which has no percentile aggregate (SQLite is for development and tests).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Aggregate, Count, FloatField, Q
from django.utils.dates import MONTHS

from sigap.services.models import ServiceEvent
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency


@dataclass(frozen=True)
class Month:
    first: dt.date
    last: dt.date

    @property
    def label(self) -> str:
        # Django's month names, in the language of the request (Januari / January).
        return f"{MONTHS[self.first.month]} {self.first.year}"


@dataclass(frozen=True)
class ServiceStats:
    finished: int  # online applications finished with the product last month
    median_seconds: int | None  # office time
    on_time: int
    known: int  # of which the SLA outcome is recorded

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.known if self.known else None

    @property
    def on_time_percent(self) -> int | None:
        share = self.on_time_share
        return None if share is None else round(share * 100)

    @property
    def median_label(self) -> str:
        return working_duration(self.median_seconds) if self.median_seconds is not None else ""


EMPTY = ServiceStats(0, None, 0, 0)


def last_month(agency: Agency) -> Month:
    first_of_this = agency.today().replace(day=1)
    last = first_of_this - dt.timedelta(days=1)
    return Month(last.replace(day=1), last)


def working_duration(seconds: int) -> str:
    """Office time in words: ``2 jam 15 menit``, ``40 menit``, ``kurang dari 1 menit``."""
    minutes = round(seconds / 60)
    if minutes < 1:
        return "kurang dari 1 menit"
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} jam")
    if minutes:
        parts.append(f"{minutes} menit")
    return " ".join(parts)


class _Median(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def stats_for(
    agency: Agency, service_ids: Iterable[int] | None = None, *, month: Month | None = None
) -> dict[int, ServiceStats]:
    """Last month's figures of the agency's services (all, or those named), keyed by
    service id; services with no finished online application are absent."""
    month = month or last_month(agency)
    with acting_for(agency):
        events = ServiceEvent.objects.filter(
            channel=ServiceEvent.Channel.ONLINE,
            outcome=ServiceEvent.Outcome.DONE,
            day__gte=month.first,
            day__lte=month.last,
        )
        if service_ids is not None:
            events = events.filter(service_id__in=list(service_ids))
        if connection.vendor == "postgresql":
            return _grouped(events)
        return _in_python(events)


def _grouped(events) -> dict[int, ServiceStats]:
    rows = (
        events.values("service_id")
        .order_by("service_id")
        .annotate(
            finished=Count("pk"),
            median=_Median("processing_working_seconds"),
            on_time=Count("pk", filter=Q(within_sla=True)),
            known=Count("pk", filter=Q(within_sla__isnull=False)),
        )
    )
    return {
        r["service_id"]: ServiceStats(
            r["finished"],
            None if r["median"] is None else round(r["median"]),
            r["on_time"],
            r["known"],
        )
        for r in rows
    }


def _in_python(events) -> dict[int, ServiceStats]:
    durations: dict[int, list[int]] = {}
    on_time: dict[int, int] = {}
    known: dict[int, int] = {}
    rows = events.order_by("service_id", "processing_working_seconds").values_list(
        "service_id", "processing_working_seconds", "within_sla"
    )
    for service_id, seconds, within in rows:
        durations.setdefault(service_id, []).append(seconds)
        if within is not None:
            known[service_id] = known.get(service_id, 0) + 1
            on_time[service_id] = on_time.get(service_id, 0) + int(within)
    return {
        sid: ServiceStats(
            len(values), round(median(values)), on_time.get(sid, 0), known.get(sid, 0)
        )
        for sid, values in durations.items()
    }


def median(sorted_values: list[int]) -> float:
    """The median of an already sorted list (the mean of the middle two when even, as
    ``percentile_cont(0.5)`` does)."""
    n = len(sorted_values)
    mid = n // 2
    if n % 2:
        return float(sorted_values[mid])
    return (sorted_values[mid - 1] + sorted_values[mid]) / 2
