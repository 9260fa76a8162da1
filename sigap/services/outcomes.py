"""What citizens experienced, per officer and day: the measures by which training,
placement and rotation are judged.

Every measure hangs on the service event (this app's): its officer and its day. This
app registers the times it records itself; the workflow apps above register theirs in
``AppConfig.ready`` (surveys: satisfaction from the responses' officer and day;
complaints: complaints about the officer per 100 services), because this app may not
import them. A consumer (``learning.evaluation``) calls ``before_after`` and gets every
registered measure, so a capability that lands later joins the evaluation without the
consumer changing.

``before_after`` is a plain difference in differences: the group's value in a window
before and after a day (a completion, a move), against the other officers of the same
units over the same windows. It describes the data; it is not a causal claim, and the
pages say so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sigap.services.models import ServiceEvent

WINDOW = dt.timedelta(days=56)  # eight weeks each side

# (officer id, service day, value): one sample of a measure.
Sample = tuple[int, dt.date, Any]


@dataclass(frozen=True)
class Measure:
    key: str
    label: Any  # lazy text
    unit: Any  # lazy text: what the number is in
    better: Literal["lower", "higher"]
    # The samples of ``officers`` with a service day in [start, end].
    samples: Callable[[set[int], dt.date, dt.date], Iterable[Sample]]
    # One group's value from its samples and its number of service events; ``None``
    # when there is too little to say (or too little to show without singling out).
    aggregate: Callable[[list[Any], int], float | None]
    order: int = 50


_MEASURES: dict[str, Measure] = {}


def register(measure: Measure) -> None:
    """Add (or replace, on a second ``ready``) a measure."""
    _MEASURES[measure.key] = measure


def measures() -> list[Measure]:
    return sorted(_MEASURES.values(), key=lambda m: (m.order, m.key))


def mean(values: list[Any], _events: int) -> float | None:
    return sum(values) / len(values) if values else None


def per_hundred_events(values: list[Any], events: int) -> float | None:
    return 100 * len(values) / events if events else None


@dataclass
class Comparison:
    measure: Measure
    before: float | None  # the group
    after: float | None
    others_before: float | None
    others_after: float | None

    @property
    def difference_in_differences(self) -> float | None:
        values = (self.before, self.after, self.others_before, self.others_after)
        if any(v is None for v in values):
            return None
        return (self.after - self.before) - (self.others_after - self.others_before)

    @property
    def improved(self) -> bool | None:
        """Whether the group moved the better way relative to the others."""
        did = self.difference_in_differences
        if did is None or did == 0:
            return None
        return did < 0 if self.measure.better == "lower" else did > 0


@dataclass
class BeforeAfter:
    day: dt.date
    group: int  # officers in the group
    others: int  # other officers of the same units with service events
    comparisons: list[Comparison] = field(default_factory=list)


def before_after(
    group: set[int], units: Sequence[int], day: dt.date, window: dt.timedelta = WINDOW
) -> BeforeAfter:
    """Every measure for the officers ``group`` before and after ``day`` (the day itself
    excluded), against the other officers who served in ``units`` in the same windows."""
    start, end = day - window, day + window
    events = list(
        ServiceEvent.objects.filter(
            officer_unit_id__in=list(units),
            officer_id__isnull=False,
            day__gte=start,
            day__lte=end,
        ).values_list("officer_id", "day")
    )
    officers = {officer for officer, _day in events} | set(group)
    counts = {(g, a): 0 for g in (True, False) for a in (True, False)}
    for officer, d in events:
        if d != day:
            counts[(officer in group, d > day)] += 1
    result = BeforeAfter(day, len(group), len(officers - set(group)))
    for measure in measures():
        buckets: dict[tuple[bool, bool], list[Any]] = {key: [] for key in counts}
        for officer, d, value in measure.samples(officers, start, end):
            if d != day:
                buckets[(officer in group, d > day)].append(value)
        values = {key: measure.aggregate(buckets[key], counts[key]) for key in counts}
        result.comparisons.append(
            Comparison(
                measure,
                values[(True, False)],
                values[(True, True)],
                values[(False, False)],
                values[(False, True)],
            )
        )
    return result


def _event_minutes(column: str) -> Callable[[set[int], dt.date, dt.date], Iterable[Sample]]:
    def samples(officers: set[int], start: dt.date, end: dt.date) -> Iterable[Sample]:
        rows = ServiceEvent.objects.filter(
            officer_id__in=list(officers), day__gte=start, day__lte=end
        ).values_list("officer_id", "day", column)
        return ((officer, d, seconds / 60) for officer, d, seconds in rows)

    return samples


register(
    Measure(
        key="processing",
        label=_("Waktu proses per layanan"),
        unit=_("menit kerja"),
        better="lower",
        samples=_event_minutes("processing_working_seconds"),
        aggregate=mean,
        order=10,
    )
)
register(
    Measure(
        key="waiting",
        label=_("Waktu tunggu per layanan"),
        unit=_("menit kerja"),
        better="lower",
        samples=_event_minutes("waiting_working_seconds"),
        aggregate=mean,
        order=11,
    )
)


# ------------------------------------------------------------------ one change at a time

# Fewest service events on each side of a change before a page says which way it went
# (*unconfirmed*: a rule of thumb, not a test of significance).
MIN_EVENTS = 30


@dataclass(frozen=True)
class Change:
    """A dated change to judge: ``officer``'s own services, or the services given by the
    officers of ``unit`` (the unit they served in that day, ``ServiceEvent.officer_unit``),
    before and after ``day``. ``key`` names it in the answer."""

    key: Any
    day: dt.date
    officer: int | None = None
    unit: int | None = None


@dataclass
class Figure:
    """One measure before and after a change, with how many samples are behind each."""

    measure: Measure
    before: float | None
    after: float | None
    n_before: int
    n_after: int
    enough: bool  # the events behind both sides reach ``min_events``

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def improved(self) -> bool | None:
        """Whether it moved the better way; ``None`` — no claim — with too few events on
        either side, a value withheld, or no change at the precision shown."""
        change = self.change
        # Figures are shown to one decimal: a change that rounds to nothing is none.
        if not self.enough or change is None or abs(change) < 0.05:
            return None
        return change < 0 if self.measure.better == "lower" else change > 0


@dataclass
class Window:
    """Equal windows of ``days`` days either side of ``change.day`` (the day itself in
    neither): [start, day − 1] and [day + 1, end]."""

    change: Change
    days: int
    start: dt.date
    end: dt.date
    events_before: int
    events_after: int
    min_events: int
    figures: list[Figure] = field(default_factory=list)

    @property
    def enough(self) -> bool:
        return min(self.events_before, self.events_after) >= self.min_events

    def figure(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.measure.key == key), None)


def equal_days(day: dt.date, window: dt.timedelta, today: dt.date | None) -> int:
    """Days on each side: the window, shortened to the days after ``day`` that have
    passed (yesterday the latest) so that both sides always cover the same span."""
    days = window.days
    if today is not None:
        days = min(days, (today - day).days - 1)
    return max(0, days)


def before_after_each(
    changes: Sequence[Change],
    *,
    window: dt.timedelta = WINDOW,
    today: dt.date | None = None,
    min_events: int = MIN_EVENTS,
) -> dict[Any, Window]:
    """Every registered measure before and after each change, in equal windows (see
    ``equal_days``), with the number of events and samples behind each side.

    One query for the events that say who served where on which day, then one per
    measure, whatever the number of changes. A unit's sample is one of an officer who
    served in that unit that day (a day on which someone served in two units counts for
    both); an officer's is their own, wherever they served."""
    windows = {c.key: (c, equal_days(c.day, window, today)) for c in changes if c.officer or c.unit}
    out: dict[Any, Window] = {}
    if not windows:
        return out
    first = min(c.day - dt.timedelta(days=n) for c, n in windows.values())
    last = max(c.day + dt.timedelta(days=n) for c, n in windows.values())
    officers = {c.officer for c, _n in windows.values() if c.officer}
    units = {c.unit for c, _n in windows.values() if c.unit}
    rows = list(
        ServiceEvent.objects.filter(
            Q(officer_id__in=officers) | Q(officer_unit_id__in=units),
            officer_id__isnull=False,
            day__gte=first,
            day__lte=last,
        ).values_list("officer_id", "officer_unit_id", "day")
    )
    # Who served where on which day, and the event days per officer and per unit.
    served_in: dict[tuple[int, dt.date], set[int]] = {}
    days_of: dict[tuple[str, int], list[dt.date]] = {}
    for officer, unit, d in rows:
        served_in.setdefault((officer, d), set()).add(unit)
        days_of.setdefault(("officer", officer), []).append(d)
        days_of.setdefault(("unit", unit), []).append(d)
    everyone = officers | {officer for officer, _unit, _d in rows}

    def subject(c: Change) -> tuple[str, int]:
        return ("officer", c.officer) if c.officer else ("unit", c.unit)  # type: ignore[return-value]

    def side(c: Change, n: int, d: dt.date) -> int:
        """-1 before, 1 after, 0 outside the change's windows."""
        if c.day - dt.timedelta(days=n) <= d < c.day:
            return -1
        if c.day < d <= c.day + dt.timedelta(days=n):
            return 1
        return 0

    for c, n in windows.values():
        days = days_of.get(subject(c), [])
        counts = {-1: 0, 1: 0, 0: 0}
        for d in days:
            counts[side(c, n, d)] += 1
        out[c.key] = Window(
            c,
            n,
            c.day - dt.timedelta(days=n),
            c.day + dt.timedelta(days=n),
            counts[-1],
            counts[1],
            min_events,
        )
    for measure in measures():
        # Each sample filed once under its officer and under the units they served in
        # that day, so that each change reads only its own samples.
        filed: dict[tuple[str, int], list[tuple[dt.date, Any]]] = {}
        for officer, d, value in measure.samples(everyone, first, last):
            if officer in officers:
                filed.setdefault(("officer", officer), []).append((d, value))
            for unit in served_in.get((officer, d), ()):
                if unit in units:
                    filed.setdefault(("unit", unit), []).append((d, value))
        for c, n in windows.values():
            result = out[c.key]
            buckets: dict[int, list[Any]] = {-1: [], 1: [], 0: []}
            for d, value in filed.get(subject(c), ()):
                buckets[side(c, n, d)].append(value)
            result.figures.append(
                Figure(
                    measure,
                    measure.aggregate(buckets[-1], result.events_before),
                    measure.aggregate(buckets[1], result.events_after),
                    len(buckets[-1]),
                    len(buckets[1]),
                    result.enough,
                )
            )
    return out
