"""Erlang C against published values.

* A = 2 erlangs, N = 3: P(wait) = 4/9 (closed form: (A^N/N!)·N/(N−A) over the sum).
* The call-centre worked example (100 calls in 30 minutes, 180 s handling time, target
  80 % answered within 20 s; A = 10 erlangs), published with its table: N = 11 → 68.21 %,
  12 → 44.94 %, 13 → 28.53 %, 14 → 17.41 % waiting; service level at 14 agents 88.8 %,
  ASA 7.8 s; 14 agents is the answer for 80/20.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sigap.queues import staffing


def erlang_c_by_sum(n: int, a: float) -> float:
    top = a**n / math.factorial(n) * n / (n - a)
    return top / (sum(a**k / math.factorial(k) for k in range(n)) + top)


def test_two_erlangs_on_three_servers():
    assert staffing.erlang_c(3, 2.0) == pytest.approx(4 / 9)


@pytest.mark.parametrize("n,published", [(11, 0.6821), (12, 0.4494), (13, 0.2853), (14, 0.1741)])
def test_call_centre_table(n, published):
    assert staffing.erlang_c(n, 10.0) == pytest.approx(published, abs=5e-5)


def test_call_centre_recommendation():
    chosen, options = staffing.recommend(200, 3, target_share=0.8, target_minutes=20 / 60)
    assert chosen.counters == 14
    assert chosen.share_within_target == pytest.approx(0.888, abs=1e-3)
    assert chosen.mean_wait_minutes * 60 == pytest.approx(7.8, abs=0.05)
    assert chosen.utilisation == pytest.approx(10 / 14)
    assert [o.counters for o in options][-1] == 16


def test_shrinkage_raises_the_officers_to_roster():
    option = staffing.evaluate(14, 200, 3, target_minutes=1 / 3, shrinkage=0.3)
    assert option.officers_needed == 20  # ceil(14 / 0.7)


def test_too_few_counters_is_unstable():
    option = staffing.evaluate(10, 200, 3, target_minutes=1)
    assert not option.stable and option.share_within_target == 0.0


@given(n=st.integers(1, 40), share=st.floats(0.01, 0.99))
def test_matches_the_textbook_sum(n, share):
    a = n * share
    assert staffing.erlang_c(n, a) == pytest.approx(erlang_c_by_sum(n, a), rel=1e-9)


@given(a=st.floats(0.1, 50))
def test_more_counters_never_wait_longer(a):
    n = math.floor(a) + 1
    assert staffing.erlang_c(n + 1, a) <= staffing.erlang_c(n, a) + 1e-12
