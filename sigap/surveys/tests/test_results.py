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
