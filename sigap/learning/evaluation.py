"""Evaluation data per programme: the reaction survey, pre/post test scores (learning
gain), and outcomes from service events — the seeds judge training by what citizens
experienced (seed 001: ICT training halved document service time).

``outcomes`` compares what citizens experienced from the completers (every measure of
``services.outcomes``: processing and waiting time, satisfaction, complaints per 100
services) in a window before and after their completion day with the same for the other
officers of the same units over the same windows: a plain difference-in-differences,
the comparison the impact evaluation makes. It is a description of the data, not a
causal claim; the page says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count

from sigap.learning.models import Enrolment, Feedback, JpCredit, Programme
from sigap.services.outcomes import BeforeAfter, before_after

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


def outcomes(programme: Programme) -> BeforeAfter | None:
    """Every citizen-experienced measure (``services.outcomes``: times, satisfaction,
    complaints) for the programme's completers, eight weeks before and after the last
    completion day, against the other officers of their units; ``None`` before anyone
    completed."""
    credits = list(
        JpCredit.objects.filter(enrolment__programme=programme).values_list("employee_id", "day")
    )
    if not credits:
        return None
    trained = {e for e, _ in credits}
    day = max(d for _, d in credits)
    units = list(
        Enrolment.objects.filter(programme=programme, status=Enrolment.Status.COMPLETED)
        .values_list("unit_id", flat=True)
        .distinct()
    )
    return before_after(trained, units, day, WINDOW)
