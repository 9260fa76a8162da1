"""Evaluation data per programme: the reaction survey, pre/post test scores (learning
gain), and outcomes from service events — the seeds judge training by what citizens
experienced (seed 001: ICT training halved document service time).

``outcomes`` compares the completers' mean processing time (working seconds of their
``ServiceEvent`` rows) in a window before and after their completion day with the same
for the other officers of the same units over the same windows: a plain
difference-in-differences, the comparison the impact evaluation makes. It is a
description of the data, not a causal claim; the page says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.db.models import Avg, Count

from sigap.learning.models import Enrolment, Feedback, JpCredit, Programme
from sigap.services.models import ServiceEvent

WINDOW = dt.timedelta(days=56)  # eight weeks each side


@dataclass
class Reaction:
    answers: int
    relevance: float | None
    delivery: float | None
    overall: float | None


def reaction(programme: Programme) -> Reaction:
    row = Feedback.objects.filter(enrolment__programme=programme).aggregate(
        n=Count("pk"), r=Avg("relevance"), d=Avg("delivery"), o=Avg("overall")
    )
    return Reaction(row["n"], row["r"], row["d"], row["o"])


def learning_gain(programme: Programme) -> tuple[int, Decimal | None]:
    pairs = list(
        Enrolment.objects.filter(
            programme=programme, pre_test__isnull=False, post_test__isnull=False
        ).values_list("pre_test", "post_test")
    )
    if not pairs:
        return 0, None
    return len(pairs), sum((b - a for a, b in pairs), Decimal(0)) / len(pairs)


@dataclass
class Outcome:
    day: dt.date | None
    completers: int
    trained_before: float | None
    trained_after: float | None
    others_before: float | None
    others_after: float | None

    @property
    def difference_in_differences(self) -> float | None:
        values = (self.trained_before, self.trained_after, self.others_before, self.others_after)
        if any(v is None for v in values):
            return None
        return (self.trained_after - self.trained_before) - (self.others_after - self.others_before)


def _mean(values: list[int]) -> float | None:
    return float(np.mean(values)) / 60 if values else None  # minutes


def outcomes(programme: Programme) -> Outcome:
    credits = list(
        JpCredit.objects.filter(enrolment__programme=programme).values_list("employee_id", "day")
    )
    if not credits:
        return Outcome(None, 0, None, None, None, None)
    trained = {e for e, _ in credits}
    day = max(d for _, d in credits)
    units = list(
        Enrolment.objects.filter(programme=programme, status=Enrolment.Status.COMPLETED)
        .values_list("unit_id", flat=True)
        .distinct()
    )
    rows = ServiceEvent.objects.filter(
        officer_unit_id__in=units,
        officer_id__isnull=False,
        day__gte=day - WINDOW,
        day__lte=day + WINDOW,
    ).values_list("officer_id", "day", "processing_working_seconds")
    groups: dict[tuple[bool, bool], list[int]] = {
        (t, a): [] for t in (True, False) for a in (True, False)
    }
    for officer, d, seconds in rows:
        if d == day:
            continue
        groups[(officer in trained, d > day)].append(seconds)
    return Outcome(
        day,
        len(trained),
        _mean(groups[(True, False)]),
        _mean(groups[(True, True)]),
        _mean(groups[(False, False)]),
        _mean(groups[(False, True)]),
    )
