"""Satisfaction as a citizen-experienced measure for ``services.outcomes``: the IKM of
the responses rating an officer's services, pooled per group (a group's IKM pools its
respondents, as a unit's does), withheld below the minimum group size so that the
evaluation never shows the rating of a handful of citizens."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from sigap.services import outcomes
from sigap.surveys import ikm
from sigap.surveys.models import Response
from sigap.surveys.results import min_group

ELEMENTS = [f"u{i}" for i in range(1, 10)]


def samples(officers: set[int], start: dt.date, end: dt.date) -> Iterable[outcomes.Sample]:
    rows = Response.objects.filter(
        officer_id__in=list(officers), day__gte=start, day__lte=end
    ).values_list("officer_id", "day", *ELEMENTS)
    return ((row[0], row[1], row[2:]) for row in rows)


def pooled_ikm(values: list[Any], _events: int) -> float | None:
    if len(values) < min_group():
        return None
    exact = ikm.ikm_exact(ikm.of(values))
    return float(exact) if exact is not None else None


MEASURE = outcomes.Measure(
    key="satisfaction",
    label=_("Kepuasan warga (IKM)"),
    unit=_("indeks 25–100"),
    better="higher",
    samples=samples,
    aggregate=pooled_ikm,
    order=20,
)
