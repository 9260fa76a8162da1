"""The staffing advisor: how many counters to open each hour, from the Erlang C model.

With arrivals at rate λ per hour, mean service time 1/μ hours and N counters, the
offered load is A = λ/μ erlangs. Erlang B comes from the Poisson distribution
(B(N, A) = pmf(N; A) / cdf(N; A), numerically stable for large N, via SciPy), and
Erlang C from it: C = N·B / (N − A·(1 − B)). Then, for a target wait t:

* probability a citizen waits at all: C(N, A)
* mean wait (ASA): C · (1/μ) / (N − A)
* share called within t: 1 − C · exp(−(N − A) · μ · t)
* officer utilisation: A / N

The recommended N is the smallest meeting the target share; officers to roster is
N / (1 − shrinkage), rounded up (breaks, absence, training).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.stats import poisson


def erlang_b(servers: int, load: float) -> float:
    if servers < 0 or load < 0:
        raise ValueError("servers and load must be non-negative")
    if load == 0:
        return 0.0
    return float(poisson.pmf(servers, load) / poisson.cdf(servers, load))


def erlang_c(servers: int, load: float) -> float:
    """Probability that an arrival waits (1.0 when the queue is unstable)."""
    if servers <= load:
        return 1.0
    b = erlang_b(servers, load)
    return servers * b / (servers - load * (1 - b))


@dataclass(frozen=True)
class Option:
    counters: int
    probability_wait: float
    mean_wait_minutes: float
    share_within_target: float
    utilisation: float
    officers_needed: int

    @property
    def stable(self) -> bool:
        return self.utilisation < 1


def evaluate(
    counters: int,
    arrivals_per_hour: float,
    service_minutes: float,
    *,
    target_minutes: float,
    shrinkage: float = 0.0,
) -> Option:
    load = arrivals_per_hour * service_minutes / 60
    officers = math.ceil(counters / (1 - shrinkage)) if counters else 0
    if counters <= load:
        return Option(
            counters, 1.0, math.inf, 0.0, load / counters if counters else math.inf, officers
        )
    c = erlang_c(counters, load)
    mean_wait = c * service_minutes / (counters - load)
    within = 1 - c * math.exp(-(counters - load) * target_minutes / service_minutes)
    return Option(counters, c, mean_wait, max(0.0, within), load / counters, officers)


def recommend(
    arrivals_per_hour: float,
    service_minutes: float,
    *,
    target_share: float,
    target_minutes: float,
    shrinkage: float = 0.0,
    max_counters: int = 200,
) -> tuple[Option | None, list[Option]]:
    """The smallest number of counters meeting the target, and the options around it
    (from the least stable number up to two beyond the recommendation)."""
    if arrivals_per_hour <= 0:
        return None, []
    load = arrivals_per_hour * service_minutes / 60
    first = max(1, math.floor(load))
    options: list[Option] = []
    chosen: Option | None = None
    for n in range(first, max_counters + 1):
        option = evaluate(
            n,
            arrivals_per_hour,
            service_minutes,
            target_minutes=target_minutes,
            shrinkage=shrinkage,
        )
        options.append(option)
        if chosen is None and option.share_within_target >= target_share:
            chosen = option
        if chosen is not None and n >= chosen.counters + 2:
            break
    return chosen, options
