"""The retirement rule (PP 11/2017) in its three shapes agrees with itself."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from sigap.workforce import retirement

births = st.dates(dt.date(1940, 1, 1), dt.date(2005, 12, 31))
days = st.dates(dt.date(1995, 1, 1), dt.date(2070, 12, 31))
bups = st.sampled_from([56, 58, 60, 65])


@settings(max_examples=300, deadline=None)
@given(birth=births, day=days, bup=bups)
def test_the_query_bound_says_what_the_scalar_rule_says(birth, day, bup):
    expected = retirement.retirement_date(birth, bup) <= day
    assert (birth < retirement.born_before_to_retire_by(day, bup)) == expected
    assert retirement.retires_by(birth, bup, day) == expected


@settings(max_examples=100, deadline=None)
@given(birth_dates=st.lists(births, min_size=1, max_size=6), day=days)
def test_the_vectorised_years_agree_with_the_scalar_date(birth_dates, day):
    table = retirement.years_to_retirement(birth_dates, [58, 60], day)
    for row, bup in enumerate([58, 60]):
        for i, birth in enumerate(birth_dates):
            retires = retirement.retirement_date(birth, bup)
            assert round(table[row, i] * retirement.DAYS_PER_YEAR) == (retires - day).days
            assert retirement.retirement_year(birth.year, birth.month, bup) == retires.year
