"""Complaints about an officer's services as a citizen-experienced measure for
``services.outcomes``: complaints per 100 services, by the officer and day the complaint
is about (``Complaint.officer`` and ``served_on``, kept in every mode, anonymous
included, without naming the complainant)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from sigap.complaints.models import Complaint
from sigap.services import outcomes


def samples(officers: set[int], start: dt.date, end: dt.date) -> Iterable[outcomes.Sample]:
    rows = (
        Complaint.objects.filter(
            officer_id__in=list(officers), served_on__gte=start, served_on__lte=end
        )
        .exclude(status__in=[Complaint.Status.REJECTED, Complaint.Status.MERGED])
        .values_list("officer_id", "served_on")
    )
    return ((officer, day, 1) for officer, day in rows)


MEASURE = outcomes.Measure(
    key="complaints",
    label=_("Pengaduan tentang layanan"),
    unit=_("per 100 layanan"),
    better="lower",
    samples=samples,
    aggregate=outcomes.per_hundred_events,
    order=30,
)
