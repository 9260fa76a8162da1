"""JP conversion (hand-computed cases and properties) and the ledger across years."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from sigap.learning import jp
from sigap.learning.models import Form, JpRule

D = dt.date(2026, 3, 10)


def span(day: dt.date, hours: float) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(8))
    return start, start + dt.timedelta(minutes=int(hours * 60))


def rule(form: str) -> jp.Rule:
    return jp.default_rules()[form]


def test_every_form_has_a_default_rule_marked_unconfirmed():
    rules = jp.default_rules()
    assert set(rules) == set(Form.values)
    assert not any(r.confirmed for r in rules.values())


def test_classical_training_is_minutes_over_45():
    # Two days of 6 hours: 720 minutes / 45 = 16 JP.
    assert jp.convert(rule(Form.TEKNIS), [span(D, 6), span(D + dt.timedelta(days=1), 6)]) == 16
    # 100 minutes: 2.22 JP (rounded to the hundredth).
    assert jp.convert(rule(Form.KURSUS), [span(D, 100 / 60)]) == Decimal("2.22")


def test_seminar_and_workshop_count_days():
    two_days = [span(D, 2), span(D, 3), span(D + dt.timedelta(days=1), 1)]
    assert jp.convert(rule(Form.SEMINAR), two_days) == 8
    assert jp.convert(rule(Form.WORKSHOP), two_days) == 10


def test_mentoring_counts_two_sessions_a_month():
    march = [span(D + dt.timedelta(days=i), 1) for i in range(3)]
    april = [span(dt.date(2026, 4, 2), 1)]
    assert jp.convert(rule(Form.MENTORING), march + april) == 6  # 2 + 1 sessions × 2 JP


def test_e_learning_is_capped_at_three_jp_a_day():
    assert jp.convert(rule(Form.E_LEARNING), [span(D, 5)]) == 3  # 300/45 = 6.67 → 3
    assert jp.convert(rule(Form.E_LEARNING), [span(D, 1.5)]) == 2


def test_fixed_forms_ignore_duration():
    assert jp.convert(rule(Form.DETASERING), []) == 20
    assert jp.convert(rule(Form.BENCHMARKING), [span(D, 30)]) == 10


@given(st.lists(st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)), max_size=40))
def test_monthly_cap_bounds_counted_sessions(days):
    counted = jp.counted_sessions(days, 2)
    months = {(d.year, d.month) for d in days}
    assert counted <= 2 * len(months)
    assert counted <= len(days)
    assert counted >= len(months)  # at least one per month held


@given(st.integers(1, 600), st.integers(1, 600))
def test_hours_are_additive_within_a_day_without_cap(a, b):
    r = rule(Form.TEKNIS)
    start = dt.datetime(2026, 3, 10, 8)
    one = jp.convert(r, [(start, start + dt.timedelta(minutes=a + b))])
    two = jp.convert(
        r,
        [
            (start, start + dt.timedelta(minutes=a)),
            (start + dt.timedelta(hours=12), start + dt.timedelta(hours=12, minutes=b)),
        ],
    )
    assert abs(one - two) <= Decimal("0.01")


def test_agency_rule_overrides_default(agency, hr):
    jp.set_rule(agency, Form.SEMINAR, method=JpRule.Method.PER_DAY, value=Decimal(6), by=hr)
    assert jp.rule_for(agency, Form.SEMINAR).value == 6
    assert jp.rule_for(agency, Form.WORKSHOP).value == 5


def test_rule_refuses_a_monthly_cap_on_hours(agency):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as e:
        jp.set_rule(agency, Form.TEKNIS, method="hours", value=Decimal(45), monthly_cap=2)
    assert "monthly_cap" in e.value.message_dict
