"""The IKM arithmetic against hand-computed cases (PermenPAN-RB 14/2017)."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sigap.surveys import ikm


def test_nrr_and_ikm_of_two_respondents_by_hand():
    # Respondent A answers 3 everywhere, B answers 4 everywhere: NRR 3.5 each,
    # IKM = 25 × (9 × 3.5) / 9 = 87.5 → B (76.61–88.30).
    tally = ikm.of([[3] * 9, [4] * 9])
    result = ikm.result(tally)
    assert result.nrr == [Fraction(7, 2)] * 9
    assert result.ikm == Fraction(175, 2)
    assert result.ikm_rounded == Decimal("87.50")
    assert (result.grade, result.grade_label) == ("B", "Baik")


def test_exact_ninth_weight_versus_rounded_0111():
    # Σ NRR = 31.8 (U1..U8 3.5, U9 3.8): exact 25 × 31.8 / 9 = 88.333… → A;
    # with the rounded weight 0.111: 25 × 31.8 × 0.111 = 88.245 → 88.25, a B.
    tally = ikm.Tally()
    for e in range(8):
        tally.answers[e] = [0, 0, 5, 5]  # NRR 3.5
    tally.answers[8] = [0, 0, 1, 4]  # NRR 3.8
    tally.responses = 10
    exact = ikm.ikm_exact(tally)
    assert exact == Fraction(25 * 318, 90)
    assert ikm.rounded(exact) == Decimal("88.33")
    assert ikm.grade(exact)[0] == "A"
    rounded_weight = 25 * float(sum(v for v in ikm.nrr(tally))) * 0.111
    assert ikm.grade(round(rounded_weight, 2))[0] == "B"


@pytest.mark.parametrize(
    ("value", "letter"),
    [
        ("100", "A"),
        ("88.31", "A"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("25.00", "D"),
    ],
)
def test_each_grade_boundary_is_inclusive_at_its_lower_bound(value, letter):
    assert ikm.grade(Decimal(value))[0] == letter


def test_grade_reads_the_value_rounded_to_two_decimals():
    # 88.305 rounds half up to 88.31 → A; 88.3049… to 88.30 → B; a float that prints as
    # 88.31 but is 88.3099999… in binary is graded A.
    assert ikm.grade(Fraction(88305, 1000))[0] == "A"
    assert ikm.grade(Fraction(883049, 10000))[0] == "B"
    assert ikm.grade(88.31)[0] == "A"


def test_missing_answers_to_one_element_count_only_where_given():
    # U3 skipped by the second respondent: NRR U3 = 2/1 = 2, others (2 + 4) / 2 = 3.
    tally = ikm.of([[2] * 9, [4, 4, None, 4, 4, 4, 4, 4, 4]])
    result = ikm.result(tally)
    assert result.nrr[2] == 2
    assert result.nrr[0] == 3
    # IKM = 25 × (8 × 3 + 2) / 9 = 72.22… → C
    assert result.ikm_rounded == Decimal("72.22")
    assert result.grade == "C"
    assert result.priority == "U3"
    assert tally.full_n == 1  # only the complete respondent enters the interval


def test_priority_is_the_lowest_nrr_ties_to_the_first_element():
    tally = ikm.of([[4, 4, 2, 4, 4, 4, 2, 4, 4]])
    assert ikm.result(tally).priority == "U3"


def test_no_ikm_while_an_element_has_no_answer():
    result = ikm.result(ikm.of([[3, 3, 3, 3, 3, 3, 3, 3, None]]))
    assert result.ikm is None and result.grade == ""


def test_confidence_interval_by_hand():
    # Totals S = 27 and 36 → scores 75 and 100, mean 87.5, n = 2 (small sample: two
    # pseudo-respondents of weight 0.1 at 25 and 100, W = 2.2): m = (175 + 12.5)/2.2 =
    # 85.227, t(0.975, 1) = 12.706: half-width far beyond the scale → clipped to 25–100.
    result = ikm.result(ikm.of([[3] * 9, [4] * 9]))
    assert result.ci == (25.0, 100.0)
    # Four respondents, scores 75, 75, 100, 100 (IKM 87.5), W = 4.2:
    # m = (4 × 87.5 + 0.1 × 25 + 0.1 × 100) / 4.2 = 86.3095;
    # Σw(x − m)² = 625 + 4 × (87.5 − m)² + 0.1 × (25 − m)² + 0.1 × (100 − m)² = 1025.298;
    # s = √(1025.298 / 3.2) = 17.900, se = s / √4.2 = 8.7342, t(0.975, 3) = 3.18245:
    # 86.3095 ± 27.796 → 58.513 – 100 (clipped).
    low, high = ikm.result(ikm.of([[3] * 9, [3] * 9, [4] * 9, [4] * 9])).ci
    assert low == pytest.approx(58.513, abs=0.001)
    assert high == pytest.approx(100.0)


def test_one_respondent_has_no_interval():
    low, high = ikm.result(ikm.of([[4] * 9])).ci
    assert math.isnan(low) and math.isnan(high)


def test_a_small_unanimous_sample_gets_an_interval_of_some_width():
    # Five respondents all answering 4: the plain t-interval is 100 – 100 (s = 0). With
    # the pseudo-respondents: m = (500 + 12.5)/5.2 = 98.558, Σw(x − m)² = 551.683,
    # se = √(551.683 / 4.2) / √5.2 = 5.0260, t(0.975, 4) = 2.77645: 84.603 – 100.
    low, high = ikm.result(ikm.of([[4] * 9] * 5)).ci
    assert low == pytest.approx(84.603, abs=0.001)
    assert high == 100.0


def _textbook(scores: list[float]) -> tuple[float, float]:
    from scipy import stats

    n = len(scores)
    mean = sum(scores) / n
    s = math.sqrt(sum((x - mean) ** 2 for x in scores) / (n - 1))
    half = stats.t.ppf(0.975, n - 1) * s / math.sqrt(n)
    return max(25.0, mean - half), min(100.0, mean + half)


@pytest.mark.parametrize("n", [30, 31, 200])
def test_from_thirty_respondents_the_interval_is_the_textbook_one(n):
    answers = [[1 + (i * 7 + e) % 4 for e in range(9)] for i in range(n)]
    result = ikm.result(ikm.of(answers))
    expected = _textbook([25 * sum(a) / 9 for a in answers])
    assert result.ci == pytest.approx(expected, abs=1e-9)


def test_below_thirty_the_interval_leans_towards_the_middle():
    # 29 respondents, all 3 but one 4: the interval is centred between the IKM and the
    # middle of the scale (62.5), and wider than the textbook one.
    answers = [[3] * 9] * 28 + [[4] * 9]
    result = ikm.result(ikm.of(answers))
    plain = _textbook([25 * sum(a) / 9 for a in answers])
    centre = float(result.ikm)
    low, high = result.ci
    assert 62.5 < (low + high) / 2 < centre
    assert high - low > plain[1] - plain[0]


@pytest.mark.parametrize(
    ("population", "sample"),
    [
        (10, 10),
        (100, 80),
        (200, 132),
        (500, 217),
        (1000, 278),
        (2000, 322),
        (10000, 370),
        (100000, 383),
        (1000000, 384),
    ],
)
def test_krejcie_morgan_matches_the_published_table(population, sample):
    assert ikm.krejcie_morgan(population) == sample


def test_krejcie_morgan_of_nobody_served_is_zero():
    assert ikm.krejcie_morgan(0) == 0


@given(st.lists(st.lists(st.integers(1, 4), min_size=9, max_size=9), min_size=1, max_size=40))
def test_ikm_of_complete_answers_is_the_mean_respondent_score(rows):
    result = ikm.result(ikm.of(rows))
    mean = Fraction(sum(25 * sum(r) for r in rows), 9 * len(rows))
    assert result.ikm == mean
    assert 25 <= result.ikm <= 100


def _uniform(answers: list[int]) -> ikm.Tally:
    """Every element answered with the same distribution ``[n1, n2, n3, n4]``."""
    tally = ikm.Tally()
    tally.answers = [list(answers) for _ in range(9)]
    tally.responses = sum(answers)
    return tally


@pytest.mark.parametrize(
    ("answers", "value", "letter"),
    [
        # 10,000 respondents; every NRR equal, so IKM = 25 × NRR exactly (25 × 9 × NRR / 9).
        ([0, 0, 4676, 5324], "88.31", "A"),  # NRR 3.5324 → 88.31
        ([0, 0, 4680, 5320], "88.30", "B"),  # NRR 3.5320 → 88.30
        ([0, 0, 9356, 644], "76.61", "B"),  # NRR 3.0644 → 76.61
        ([0, 0, 9360, 640], "76.60", "C"),  # NRR 3.0640 → 76.60
        ([0, 4000, 6000, 0], "65.00", "C"),  # NRR 2.6000 → 65.00
        ([0, 4004, 5996, 0], "64.99", "D"),  # NRR 2.5996 → 64.99
        ([10000, 0, 0, 0], "25.00", "D"),
    ],
)
def test_each_grade_boundary_through_the_whole_computation(answers, value, letter):
    result = ikm.result(_uniform(answers))
    assert result.ikm == 25 * Fraction(sum((a + 1) * n for a, n in enumerate(answers)), 10000)
    assert result.ikm_rounded == Decimal(value)
    assert result.grade == letter


def test_a_half_hundredth_rounds_up_and_just_below_it_rounds_down():
    # Every element NRR 3.5322: IKM = 25 × 3.5322 = 88.305 exactly → 88.31 (A).
    assert ikm.result(_uniform([0, 0, 4678, 5322])).grade == "A"
    # One element at 3.5321 instead: 25 × (8 × 3.5322 + 3.5321) / 9 = 88.30472… → 88.30 (B).
    tally = _uniform([0, 0, 4678, 5322])
    tally.answers[8] = [0, 0, 4679, 5321]
    result = ikm.result(tally)
    assert result.ikm == Fraction(25 * (8 * 35322 + 35321), 9 * 10000)
    assert result.ikm_rounded == Decimal("88.30")
    assert result.grade == "B"
    assert result.priority == "U9"


@given(
    st.lists(st.lists(st.one_of(st.none(), st.integers(1, 4)), min_size=9, max_size=9), max_size=30)
)
def test_result_of_summed_count_columns_equals_the_result_of_a_tally(rows):
    from sigap.surveys import counts

    tally = ikm.of(rows)
    columns = [tally.responses]
    for element in tally.answers:
        columns += element
    columns += [tally.full_n, tally.full_sum, tally.full_sq]
    assert counts.tally_of_tuples([columns]) == tally
    fast, slow = ikm.result_of_sums(columns), ikm.result(tally)
    assert (fast.ikm_rounded, fast.grade, fast.priority, fast.counts) == (
        slow.ikm_rounded,
        slow.grade,
        slow.priority,
        slow.counts,
    )
    assert fast.ci == pytest.approx(slow.ci, nan_ok=True)
