"""Reports: pooled units, officers above the minimum group, sample adequacy, row scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import make_staff
from sigap.accounts.models import Role, User
from sigap.surveys import results
from sigap.surveys.tests import factories
from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import OrgUnit
from sigap.workforce.models import Employee
from sigap.workforce.tests.factories import hire


def _period(agency):
    return results.Period.containing("quarter", agency.today())


def test_a_unit_pools_its_respondents_not_its_services_means(agency, opd):
    big = factories.service(agency, opd, code="BESAR", name="Besar")
    small = factories.service(agency, opd, code="KECIL", name="Kecil")
    for _i in range(3):
        factories.answered(big, [4] * 9)
    factories.answered(small, [2] * 9)
    with activate(agency):
        result = results.ikm_of_unit(agency, opd, _period(agency))
    # Pooled: NRR = (3 × 4 + 2) / 4 = 3.5 → IKM 87.50. The mean of the two services'
    # IKMs (100 and 50) would be 75.
    assert result.ikm_rounded == Decimal("87.50")
    assert result.responses == 4


def test_officers_appear_only_above_the_minimum_group(agency, opd, settings):
    settings.SIGAP_SURVEY_MIN_GROUP = 3
    svc = factories.service(agency, opd)
    users = []
    for seq, name in ((1, "Andi"), (2, "Budi")):
        user = make_staff(f"petugas.{name.lower()}", agency, Role.OFFICER, opd)
        employee = hire(agency, name, dt.date(1985, 1, 1), seq=seq)
        Employee.all_objects.filter(pk=employee.pk).update(user=user)
        users.append(User.objects.get(pk=user.pk))
    for _i in range(3):
        factories.answered(svc, [3] * 9, officer_user=users[0])
    for _i in range(2):
        factories.answered(svc, [1] * 9, officer_user=users[1])
    with activate(agency):
        shown, hidden = results.officers(agency, _period(agency))
    assert len(shown) == 1 and hidden == 1
    assert shown[0][1].ikm_rounded == Decimal("75.00")


def test_sample_adequacy_counts_people_served(agency, opd):
    svc = factories.service(agency, opd)
    for _i in range(5):
        factories.event(svc)
    factories.answered(svc, [3] * 9)  # a sixth event, rated
    with activate(agency):
        served = results.served(agency, _period(agency))
        a = results.adequacy(served, results.tally(agency, _period(agency)).responses)
    # N = 6: s = 3.841·6·0.25 / (0.0025·5 + 0.96025) = 5.76/0.97275 → 5.92 → 6 needed.
    assert (a.served, a.needed, a.responses, a.missing) == (6, 6, 1, 5)


def test_a_unit_head_sees_only_the_subtree(agency, opd):
    with activate(agency):
        other = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinas Lain", code="LAIN")
    mine = factories.service(agency, opd, code="MILIK", name="Milik")
    theirs = factories.service(agency, other, code="LAINNYA", name="Lainnya")
    factories.answered(mine, [4] * 9)
    factories.answered(theirs, [1] * 9)
    head = make_staff("kepala.skm", agency, Role.UNIT_HEAD, opd)
    with activate(agency):
        scope = results.scope_for(head, agency)
        tally = results.tally(agency, _period(agency), scope=scope)
    assert tally.responses == 1
    assert results.ikm.result(tally).ikm_rounded == Decimal("100.00")


@pytest.mark.parametrize(
    ("text", "code", "start", "end"),
    [
        ("2026-07", "2026-07", dt.date(2026, 7, 1), dt.date(2026, 8, 1)),
        ("2026-Q4", "2026-Q4", dt.date(2026, 10, 1), dt.date(2027, 1, 1)),
        ("2026-S1", "2026-S1", dt.date(2026, 1, 1), dt.date(2026, 7, 1)),
        ("2025", "2025", dt.date(2025, 1, 1), dt.date(2026, 1, 1)),
    ],
)
def test_periods_parse_and_span_whole_months(text, code, start, end):
    default = results.Period(dt.date(2000, 1, 1), "month")
    period = results.Period.parse(text, default)
    assert (period.code, period.start, period.end) == (code, start, end)
    assert period.next().previous() == period


def test_trend_lists_periods_oldest_first(agency, opd):
    svc = factories.service(agency, opd)
    factories.answered(svc, [2] * 9, finished=timezone.now() - dt.timedelta(days=95))
    factories.answered(svc, [4] * 9)
    with activate(agency):
        trend = results.trend(agency, _period(agency), 3)
    assert [p for p, _r in trend] == sorted(p for p, _r in trend)
    assert trend[-1][1].ikm_rounded == Decimal("100.00")


# ---------------------------------------------------------------------- follow-up outcomes


def test_an_action_compares_its_element_the_same_days_before_and_after(agency, opd, settings):
    settings.SIGAP_SURVEY_MIN_GROUP = 10
    svc = factories.service(agency, opd)
    action = factories.improvement_action(agency, opd, done_days_ago=20)
    # Done 20 days ago: before = 40 … 21 days ago, after = 19 days ago … today.
    factories.answers_on(svc, agency, 45, 1, 4)  # before the window: not counted
    factories.answers_on(svc, agency, 20, 1, 3)  # the day it was done: in neither side
    factories.answers_on(svc, agency, 22, 2, 10)  # before: U3 = 2
    factories.answers_on(svc, agency, 18, 2, 6)  # after: U3 = 2, 4 and 3
    factories.answers_on(svc, agency, 5, 4, 8)
    factories.answers_on(svc, agency, 6, 3, 2)
    with activate(agency):
        [outcome] = results.action_outcomes(agency, [action])
    assert (outcome.day, outcome.window) == (agency.today() - dt.timedelta(days=20), 20)
    # Before: the 10 answers of 22 days ago (U3 = 2). After: 6 × 2, 8 × 4, 2 × 3 →
    # NRR = (12 + 32 + 6) / 16 = 3.125; s² = (170 − 16 × 3.125²) / 15 = 0.9167, se =
    # √(0 / 10 + 0.9167 / 16) = 0.239, margin t(0.975, 9) × se = 0.54 < 1.125: better.
    assert (outcome.n_before, outcome.nrr_before) == (10, 2.0)
    assert (outcome.n_after, outcome.nrr_after) == (16, pytest.approx(3.125))
    assert outcome.change == pytest.approx(1.125)
    # IKM before: every element 3 but U3 2 → 25 × (8 × 3 + 2) / 9 = 72.22.
    assert outcome.before.ikm_rounded == Decimal("72.22")
    assert outcome.verdict == "better"


def _outcome_ten_days_after(agency, opd, *batches: tuple[int, int, int]):
    """The outcome of an action on U3 done ten days ago, with answers given as (days ago,
    U3, how many)."""
    svc = factories.service(agency, opd)
    action = factories.improvement_action(agency, opd, done_days_ago=10)
    for days_ago, u3, count in batches:
        factories.answers_on(svc, agency, days_ago, u3, count)
    with activate(agency):
        [outcome] = results.action_outcomes(agency, [action])
    return outcome


def test_no_claim_when_a_side_has_too_few_answers(agency, opd, settings):
    settings.SIGAP_SURVEY_MIN_GROUP = 10
    outcome = _outcome_ten_days_after(agency, opd, (12, 1, 3), (3, 4, 12))
    assert (outcome.n_before, outcome.n_after) == (3, 12)
    assert outcome.verdict == "too_few"


def test_a_small_difference_is_not_called_a_change(agency, opd, settings):
    settings.SIGAP_SURVEY_MIN_GROUP = 10
    # Before: 6 × 3 and 6 × 2 (mean 2.5, s = 0.522); after: 7 × 3 and 5 × 2 (mean 2.583):
    # +0.083 against a margin of t(0.975, 11) × 0.212 = 0.47.
    outcome = _outcome_ten_days_after(agency, opd, (12, 3, 6), (12, 2, 6), (3, 3, 7), (3, 2, 5))
    assert outcome.verdict == "same"


def test_open_and_just_finished_actions_make_no_comparison(agency, opd):
    open_action = factories.improvement_action(agency, opd, done_days_ago=None)
    today = factories.improvement_action(agency, opd, done_days_ago=0)
    with activate(agency):
        outcomes = results.action_outcomes(agency, [open_action, today])
    assert [o.verdict for o in outcomes] == ["open", "waiting"]
    assert all(o.windows() is None for o in outcomes)


def test_the_window_is_at_most_ninety_days_each_side(agency, opd):
    action = factories.improvement_action(agency, opd, done_days_ago=200)
    with activate(agency):
        [outcome] = results.action_outcomes(agency, [action])
    before, after = outcome.windows()
    assert outcome.window == results.OUTCOME_WINDOW_DAYS
    assert (before[1] - before[0]).days == (after[1] - after[0]).days == 90


def test_outcomes_cover_the_units_subtree_only(agency, opd, settings):
    with activate(agency):
        child = org.create_unit(
            agency, kind=OrgUnit.Kind.UPT, name="UPT Anak", code="ANAK", parent=opd
        )
        sibling = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinas Lain", code="LAIN")
    inside = factories.service(agency, child, code="ANAK-1", name="Layanan anak")
    outside = factories.service(agency, sibling, code="LAIN-1", name="Layanan lain")
    action = factories.improvement_action(agency, opd, done_days_ago=10)
    factories.answers_on(inside, agency, 3, 4, 2)
    factories.answers_on(outside, agency, 3, 1, 5)
    with activate(agency):
        [outcome] = results.action_outcomes(agency, [action])
    assert (outcome.n_after, outcome.nrr_after) == (2, 4.0)


def test_outcomes_are_read_in_one_query_whatever_the_number_of_actions(
    agency, opd, django_assert_num_queries
):
    svc = factories.service(agency, opd)
    factories.answers_on(svc, agency, 3, 4, 2)
    one = [factories.improvement_action(agency, opd, done_days_ago=10)]
    three = one + [factories.improvement_action(agency, opd, done_days_ago=d) for d in (5, 40)]
    with activate(agency), django_assert_num_queries(1):
        results.action_outcomes(agency, one)
    with activate(agency), django_assert_num_queries(1):
        outcomes = results.action_outcomes(agency, three)
    assert [o.n_after for o in outcomes] == [2, 2, 2]
