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
