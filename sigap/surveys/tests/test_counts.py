"""The count tables always equal a full recomputation from the responses."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.surveys import counts, ikm, results
from sigap.surveys.models import Response
from sigap.surveys.tests import factories
from sigap.tenancy.context import activate

answer = st.one_of(st.none(), st.integers(1, 4))
one = st.tuples(
    st.integers(0, 1),  # which service
    st.integers(0, 80),  # days ago
    st.lists(answer, min_size=9, max_size=9).filter(lambda v: any(x is not None for x in v)),
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(one, min_size=1, max_size=6))
def test_count_tables_equal_recomputation_after_random_inserts(agency, opd, batch):
    services = [
        factories.service(agency, opd),
        factories.service(agency, opd, code="SKM-KK", name="KK"),
    ]
    now = timezone.now()
    for which, days_ago, values in batch:
        factories.answered(
            services[which], values, finished=now - dt.timedelta(days=days_ago, minutes=5)
        )
    with activate(agency):
        everything = list(Response.objects.all())
        assert counts.stored() == counts.recomputed(everything)
        assert counts.stored(monthly=True) == counts.recomputed(everything, monthly=True)
        assert counts.stored_by_unit() == counts.recomputed_by_unit(everything)
        # And the report of the whole range equals the IKM of the raw answers.
        first = min(r.day for r in everything)
        period = results.Period(dt.date(first.year, 1, 1), "year")
        if all(r.day.year == first.year for r in everything):
            assert results.tally(agency, period) == ikm.of(r.values() for r in everything)
