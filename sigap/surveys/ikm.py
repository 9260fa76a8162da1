"""The IKM arithmetic (PermenPAN-RB 14/2017), pure: no database.

* NRR per element = sum of answers / number of answers to that element (a respondent
  who skipped an element is not counted for it).
* IKM = 25 × Σ NRRᵢ × 1/9, with the exact weight 1/9 (``Fraction``): the rounded 0.111
  lowers the score by up to 0.1 point, enough to cross a grade boundary.
* The grade is read from the value rounded to two decimals (half up), lower bounds
  inclusive: A ≥ 88.31, B ≥ 76.61, C ≥ 65.00, D ≥ 25.00.
* The 95 % confidence interval: IKM ± t₀.₉₇₅,ₙ₋₁ · s/√n, with s the standard deviation
  of the complete respondents' own scores (25 × their mean answer). With every element
  answered, IKM is exactly the mean of those scores, so this is the ordinary interval of
  a mean; respondents who skipped an element do not enter s (see docs/domain/surveys.md).
  None below two complete respondents; below 30, the same interval computed with two
  pseudo-respondents of weight 0.1 at 25 and 100 (``_interval``).
* Sample size: Krejcie & Morgan (1970) with χ² = 3.841, P = 0.5, d = 0.05, rounded to
  the nearest whole number as in the published table.

Everything is computed from ``Tally``: per element the count of each answer 1–4, and
the sum, sum of squares and count of complete respondents' answer totals. Count tables
store exactly these integers, so a slice of any size is added up, never re-read.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache

from django.utils.translation import gettext_noop
from scipy import special

from sigap.surveys.questionnaire import CODES

WEIGHT = Fraction(1, 9)
GRADES: tuple[tuple[Decimal, str, str], ...] = (
    (Decimal("88.31"), "A", gettext_noop("Sangat Baik")),
    (Decimal("76.61"), "B", gettext_noop("Baik")),
    (Decimal("65.00"), "C", gettext_noop("Kurang Baik")),
    (Decimal("25.00"), "D", gettext_noop("Tidak Baik")),
)
CHI_SQUARE = 3.841
P = 0.5
D = 0.05


@dataclass
class Tally:
    """Integer totals for a set of responses. ``answers[e][a]``: how many answered
    element ``e`` (0–8) with ``a + 1``; ``full_*``: complete respondents' totals Σ S,
    Σ S² and their number, S being a respondent's sum over the nine elements (9–36)."""

    responses: int = 0
    answers: list[list[int]] = field(default_factory=lambda: [[0] * 4 for _ in CODES])
    full_n: int = 0
    full_sum: int = 0
    full_sq: int = 0

    def add_response(self, values: Sequence[int | None]) -> None:
        self.responses += 1
        for e, value in enumerate(values):
            if value is not None:
                self.answers[e][value - 1] += 1
        if all(v is not None for v in values):
            total = sum(values)  # type: ignore[arg-type]
            self.full_n += 1
            self.full_sum += total
            self.full_sq += total * total

    def __iadd__(self, other: Tally) -> Tally:
        self.responses += other.responses
        for e in range(len(CODES)):
            for a in range(4):
                self.answers[e][a] += other.answers[e][a]
        self.full_n += other.full_n
        self.full_sum += other.full_sum
        self.full_sq += other.full_sq
        return self

    def count(self, e: int) -> int:
        return sum(self.answers[e])

    def total(self, e: int) -> int:
        return sum((a + 1) * n for a, n in enumerate(self.answers[e]))


def of(responses: Iterable[Sequence[int | None]]) -> Tally:
    tally = Tally()
    for values in responses:
        tally.add_response(values)
    return tally


def nrr(tally: Tally) -> list[Fraction | None]:
    """NRR per element, exact; ``None`` where nobody answered the element."""
    return [
        Fraction(tally.total(e), tally.count(e)) if tally.count(e) else None
        for e in range(len(CODES))
    ]


def ikm_exact(tally: Tally) -> Fraction | None:
    values = nrr(tally)
    if any(v is None for v in values):
        return None
    return 25 * sum(values, Fraction(0)) * WEIGHT  # type: ignore[arg-type]


def rounded(value: Fraction | float | Decimal) -> Decimal:
    """Two decimals, half up, from the exact value (no binary floating point)."""
    if isinstance(value, Fraction):
        exact = Decimal(value.numerator) / Decimal(value.denominator)
    else:
        exact = Decimal(str(value))
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def grade(value: Fraction | float | Decimal) -> tuple[str, str]:
    """(letter, label) of an IKM, read on its value rounded to two decimals."""
    r = rounded(value)
    for bound, letter, label in GRADES:
        if r >= bound:
            return letter, label
    return "D", gettext_noop("Tidak Baik")


def confidence_interval(tally: Tally, centre: float, level: float = 0.95) -> tuple[float, float]:
    return _interval(tally.full_n, tally.full_sum, tally.full_sq, centre, level)


def t_quantile(df: int, level: float = 0.95) -> float:
    """Student's t quantile for a two-sided ``level`` interval."""
    return _t_quantile(df, level)


@lru_cache(maxsize=4096)
def _t_quantile(df: int, level: float) -> float:
    # Student's t quantile (scipy.special.stdtrit: the ufunc behind stats.t.ppf, without
    # its per-call overhead), cached: a report of hundreds of slices asks for few df.
    return float(special.stdtrit(df, 0.5 + level / 2))


# Below ``SMALL_SAMPLE`` complete respondents the interval is computed as if two more
# respondents, of weight ``PSEUDO_WEIGHT`` each, had scored the two ends of the scale
# (docs/domain/surveys.md, "Small samples"): five respondents who all answered 4 would
# otherwise give the zero-width interval 100 – 100.
SMALL_SAMPLE = 30
PSEUDO_WEIGHT = 0.1
PSEUDO_SCORES = (25.0, 100.0)


def _interval(
    n: int, total: int, squares: int, centre: float, level: float = 0.95
) -> tuple[float, float]:
    """``centre`` ± t · s/√n over ``n`` complete respondents whose totals S add up to
    ``total`` and their squares to ``squares``; (nan, nan) below two respondents."""
    if n < 2:
        return (math.nan, math.nan)
    # PostgreSQL sums bigint columns as numeric (Decimal): integers here, exact anyway.
    n, total, squares = int(n), int(total), int(squares)
    mean = total / n
    spread = max(0.0, squares - n * mean * mean)  # Σ (S − mean)²
    t = _t_quantile(n - 1, level)
    if n >= SMALL_SAMPLE:
        # A respondent's score is 25 × S / 9, so its standard deviation is 25/9 that of S.
        se = (25 / 9) * math.sqrt(spread / (n - 1)) / math.sqrt(n)
        return (max(25.0, centre - t * se), min(100.0, centre + t * se))
    # The n scores (their mean taken as ``centre``, the IKM) and the two pseudo-
    # respondents, as a weighted sample of total weight W = n + 2w: its mean m, drawn
    # towards the middle of the scale, and its spread around m.
    w = PSEUDO_WEIGHT
    weight = n + w * len(PSEUDO_SCORES)
    middle = (n * centre + w * sum(PSEUDO_SCORES)) / weight
    squared = (
        (25 / 9) ** 2 * spread
        + n * (centre - middle) ** 2
        + w * sum((x - middle) ** 2 for x in PSEUDO_SCORES)
    )
    se = math.sqrt(squared / (weight - 1)) / math.sqrt(weight)
    return (max(25.0, middle - t * se), min(100.0, middle + t * se))


def krejcie_morgan(population: int) -> int:
    """Respondents needed for ``population`` people served (Krejcie & Morgan 1970)."""
    if population <= 0:
        return 0
    n = population
    s = CHI_SQUARE * n * P * (1 - P) / (D * D * (n - 1) + CHI_SQUARE * P * (1 - P))
    return int(Decimal(repr(s)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Result:
    """One slice's figures. Built from integer totals and counts; the exact NRRs and IKM
    (``Fraction``) are derived on demand, the grade from an exact integer rounding."""

    responses: int
    totals: tuple[int, ...]
    counts: tuple[int, ...]
    ikm_rounded: Decimal | None
    grade: str
    grade_label: str
    ci: tuple[float, float]
    priority: str | None  # code of the element with the lowest NRR
    # Per element Σ answer², for the spread of an element's answers (follow-up outcomes).
    squares: tuple[int, ...] = ()

    @property
    def nrr(self) -> list[Fraction | None]:
        return [
            Fraction(t, c) if c else None for t, c in zip(self.totals, self.counts, strict=True)
        ]

    @property
    def ikm(self) -> Fraction | None:
        if not all(self.counts):
            return None
        return 25 * sum(self.nrr, Fraction(0)) * WEIGHT  # type: ignore[arg-type]

    @property
    def nrr_float(self) -> list[float | None]:
        return [t / c if c else None for t, c in zip(self.totals, self.counts, strict=True)]


def _hundredths(totals: Sequence[int], counts: Sequence[int]) -> tuple[int, int]:
    """IKM × 100 as an exact fraction (numerator, denominator) of integers:
    25 × Σ (tᵢ / cᵢ) / 9 × 100 = 2500 × Σ tᵢ·(L / cᵢ) / (9·L), L = lcm(cᵢ)."""
    common = math.lcm(*counts)
    numerator = 2500 * sum(t * (common // c) for t, c in zip(totals, counts, strict=True))
    return numerator, 9 * common


def _priority(totals: Sequence[int], counts: Sequence[int]) -> str | None:
    answered = [(t / c, e) for e, (t, c) in enumerate(zip(totals, counts, strict=True)) if c]
    if not answered:
        return None
    lowest = min(v for v, _e in answered)
    # Floats only shortlist; equal NRRs are decided exactly (then by element number).
    near = [e for v, e in answered if v - lowest < 1e-9]
    best = min(near, key=lambda e: (Fraction(totals[e], counts[e]), e))
    return CODES[best]


# Lower bounds of the grades in hundredths, for the integer comparison in ``_result``.
_GRADE_HUNDREDTHS = tuple((int(bound * 100), letter, label) for bound, letter, label in GRADES)


def result(tally: Tally) -> Result:
    totals = tuple(tally.total(e) for e in range(len(CODES)))
    counts = tuple(tally.count(e) for e in range(len(CODES)))
    squares = tuple(
        sum((a + 1) ** 2 * n for a, n in enumerate(tally.answers[e])) for e in range(len(CODES))
    )
    return _result(
        tally.responses, totals, counts, tally.full_n, tally.full_sum, tally.full_sq, squares
    )


def result_of_sums(row: Sequence[int]) -> Result:
    """The result of one row of summed count columns (``models.COUNT_FIELDS`` order:
    responses, then per element the number of answers 1, 2, 3, 4, then full_n, full_sum,
    full_sq), as a count table or ``SUM`` over count tables holds them: the same figures
    as ``result(Tally)`` without building one (reports of hundreds of slices)."""
    totals = []
    counts = []
    squares = []
    for e in range(len(CODES)):
        a1, a2, a3, a4 = row[1 + 4 * e : 5 + 4 * e]
        counts.append(a1 + a2 + a3 + a4)
        totals.append(a1 + 2 * a2 + 3 * a3 + 4 * a4)
        squares.append(a1 + 4 * a2 + 9 * a3 + 16 * a4)
    i = 1 + 4 * len(CODES)
    return _result(
        row[0], tuple(totals), tuple(counts), row[i], row[i + 1], row[i + 2], tuple(squares)
    )


def _result(
    responses: int,
    totals: tuple[int, ...],
    counts: tuple[int, ...],
    full_n: int,
    full_sum: int,
    full_sq: int,
    squares: tuple[int, ...] = (),
) -> Result:
    priority = _priority(totals, counts)
    if not all(counts):
        return Result(
            responses, totals, counts, None, "", "", (math.nan, math.nan), priority, squares
        )
    numerator, denominator = _hundredths(totals, counts)
    # Round half up to whole hundredths, in integers: no binary floating point; the grade
    # is read on that rounded value (inclusive lower bounds, ``grade``).
    hundredths = (2 * numerator + denominator) // (2 * denominator)
    letter, label = "D", GRADES[-1][2]
    for bound, grade_letter, grade_label in _GRADE_HUNDREDTHS:
        if hundredths >= bound:
            letter, label = grade_letter, grade_label
            break
    return Result(
        responses=responses,
        totals=totals,
        counts=counts,
        ikm_rounded=Decimal(hundredths).scaleb(-2),
        grade=letter,
        grade_label=label,
        ci=_interval(full_n, full_sum, full_sq, numerator / denominator / 100),
        priority=priority,
        squares=squares,
    )
