"""bench.ikm_interval: coverage of the IKM's 95 % confidence interval on small samples.

    python -m bench.ikm_interval
    python -m bench.ikm_interval --samples 20000 --seed 3

Simulates surveys of n respondents (n = 2 … 50) from known populations and counts how
often the interval holds the population's true IKM (25 × the expected answer), for the
plain t-interval (IKM ± t · s/√n) and for the interval Sigap computes
(``ikm._interval``: below 30 respondents, with two pseudo-respondents of weight 0.1 at
25 and 100). Populations: answers per element drawn with the probabilities of answers
1–4 below, either independently per element ("independent") or one draw for all nine
("one answer": respondents who answer every element alike, the widest spread of scores
a population with those probabilities can have). Lines ``ikm_interval.<population>.<n>``
with the coverage of each interval, the share of zero-width intervals and the mean
width. No database.
"""

from __future__ import annotations

import argparse
import math
import os
import sys

from bench._harness import DEFAULT_ENV, FORCED_ENV, emit, emit_machine

POPULATIONS = {
    "satisfied": (0.02, 0.08, 0.50, 0.40),
    "very_satisfied": (0.0, 0.02, 0.18, 0.80),
    "near_unanimous": (0.0, 0.0, 0.05, 0.95),
    "mixed": (0.10, 0.20, 0.40, 0.30),
}
SIZES = (2, 3, 5, 10, 20, 29, 30, 50)


def _plain(totals: list[int], centre: float) -> tuple[float, float]:
    from scipy import special

    n = len(totals)
    mean = sum(totals) / n
    s = math.sqrt(max(0.0, sum((t - mean) ** 2 for t in totals) / (n - 1))) * 25 / 9
    half = float(special.stdtrit(n - 1, 0.975)) * s / math.sqrt(n)
    return max(25.0, centre - half), min(100.0, centre + half)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.ikm_interval", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--samples", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    emit_machine()
    os.environ.update(FORCED_ENV)
    for key, value in DEFAULT_ENV.items():
        os.environ.setdefault(key, value)
    import django
    import numpy as np

    django.setup()

    from sigap.surveys import ikm

    rng = np.random.default_rng(args.seed)
    for name, probs in POPULATIONS.items():
        truth = 25 * sum((a + 1) * p for a, p in enumerate(probs))
        for mode in ("independent", "one_answer"):
            for n in SIZES:
                if mode == "independent":
                    answers = rng.choice(4, size=(args.samples, n, 9), p=probs) + 1
                else:
                    one = rng.choice(4, size=(args.samples, n, 1), p=probs) + 1
                    answers = np.repeat(one, 9, axis=2)
                totals = answers.sum(axis=2)
                hits = {"sigap": 0, "plain": 0}
                zero = {"sigap": 0, "plain": 0}
                width = {"sigap": 0.0, "plain": 0.0}
                for row in totals:
                    s = [int(t) for t in row]
                    centre = 25 * sum(s) / (9 * n)
                    sq = sum(t * t for t in s)
                    for key, (low, high) in (
                        ("sigap", ikm._interval(n, sum(s), sq, centre)),
                        ("plain", _plain(s, centre)),
                    ):
                        hits[key] += low <= truth <= high
                        zero[key] += high - low < 1e-9
                        width[key] += high - low
                emit(
                    f"ikm_interval.{name}.{mode}.{n}",
                    round(hits["sigap"] / args.samples, 3),
                    "coverage",
                    plain=round(hits["plain"] / args.samples, 3),
                    zero_width=round(zero["sigap"] / args.samples, 3),
                    plain_zero_width=round(zero["plain"] / args.samples, 3),
                    width=round(width["sigap"] / args.samples, 2),
                    plain_width=round(width["plain"] / args.samples, 2),
                    truth=round(truth, 2),
                    samples=args.samples,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
