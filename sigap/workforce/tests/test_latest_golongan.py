"""``Employee.latest_golongan``: the latest rank's golongan kept on the row (decision 0012)
for the ASN list's filter and count. Every writer of ranks keeps it equal to the rank
history; the roster import is checked in test_roster, the demo in test_demo."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from pathlib import Path

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.tenancy.context import activate
from sigap.workforce.models import Employee, RankHistory
from sigap.workforce.reference import golongan_list
from sigap.workforce.registry import queries, records
from sigap.workforce.tests.factories import hire

GOLONGAN = [g.code for g in golongan_list()]


def stored_and_derived(agency) -> list[tuple[str, str | None]]:
    with activate(agency):
        derived = queries.with_current_state(Employee.objects.order_by("pk"))
        return [
            (Employee.objects.get(pk=e.pk).latest_golongan, e.current_golongan or "")
            for e in derived
        ]


def test_a_new_employee_has_none_and_each_rank_moves_it(agency):
    e = hire(agency, "Rina Wati", dt.date(1990, 1, 1), start=dt.date(2015, 1, 1))
    e.refresh_from_db()
    assert e.latest_golongan == ""
    records.record_rank(e, golongan="III/a", tmt=dt.date(2015, 1, 1))
    records.record_rank(e, golongan="III/b", tmt=dt.date(2019, 4, 1))
    e.refresh_from_db()
    assert e.latest_golongan == "III/b"
    # A backdated rank (recorded late) is not the latest one.
    records.record_rank(e, golongan="II/d", tmt=dt.date(2014, 1, 1) + dt.timedelta(days=400))
    e.refresh_from_db()
    assert e.latest_golongan == "III/b"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ranks=st.lists(
        st.tuples(st.sampled_from(GOLONGAN), st.integers(min_value=0, max_value=3650)),
        max_size=6,
        unique_by=lambda r: r[1],  # one rank per TMT (rank_one_per_tmt)
    )
)
@pytest.mark.django_db(transaction=False)
def test_stored_golongan_is_the_latest_tmt_whatever_the_recording_order(agency, ranks):
    with activate(agency):
        RankHistory.objects.all().delete()
        Employee.objects.all().delete()
    e = hire(agency, "Agus Saputra", dt.date(1985, 5, 5), start=dt.date(2010, 1, 1))
    for golongan, days in ranks:
        records.record_rank(e, golongan=golongan, tmt=dt.date(2010, 1, 1) + dt.timedelta(days=days))
    e.refresh_from_db()
    expected = max(ranks, key=lambda r: r[1])[0] if ranks else ""
    assert e.latest_golongan == expected
    assert stored_and_derived(agency) == [(expected, expected)]


def test_refresh_of_every_employee_and_the_migration_fill_agree(agency):
    a = hire(agency, "Ani", dt.date(1980, 1, 1), start=dt.date(2005, 1, 1))
    b = hire(agency, "Budi", dt.date(1981, 2, 2), start=dt.date(2006, 1, 1), seq=2)
    hire(agency, "Citra", dt.date(1982, 3, 3), start=dt.date(2007, 1, 1), seq=3)
    records.record_rank(a, golongan="III/c", tmt=dt.date(2010, 1, 1))
    records.record_rank(a, golongan="III/d", tmt=dt.date(2014, 1, 1))
    records.record_rank(b, golongan="II/b", tmt=dt.date(2006, 1, 1))
    expected = stored_and_derived(agency)
    assert expected == [("III/d", "III/d"), ("II/b", "II/b"), ("", "")]
    Employee.all_objects.update(latest_golongan="X")
    records.refresh_latest_golongan()
    assert stored_and_derived(agency) == expected
    Employee.all_objects.update(latest_golongan="X")
    fill = importlib.import_module("sigap.workforce.migrations.0010_employee_latest_golongan")
    with connection.cursor() as cursor:
        cursor.execute(fill.FILL)
    assert stored_and_derived(agency) == expected


def test_the_stored_golongan_is_not_in_the_audit_trail(agency):
    from auditlog.models import LogEntry

    e = hire(agency, "Dedi", dt.date(1979, 7, 7), start=dt.date(2004, 1, 1))
    records.record_rank(e, golongan="IV/a", tmt=dt.date(2015, 4, 1))
    entries = LogEntry.objects.filter(content_type__model="employee", object_id=e.pk)
    assert all("latest_golongan" not in (x.changes or {}) for x in entries)
    assert LogEntry.objects.filter(content_type__model="rankhistory").count() == 1


WRITES_RANKS = re.compile(
    r"RankHistory\.(?:all_)?objects\.(?:create|bulk_create|update|get_or_create|update_or_create)"
    r"|(?:insert|_insert|bulk_create)\(\s*RankHistory\b"
)


def test_every_module_that_writes_ranks_refreshes_the_stored_golongan():
    # Decision 0012: a new writer of ranks (an importer, an API, a generator) that
    # forgets refresh_latest_golongan would leave the list's golongan filter wrong.
    root = Path(__file__).resolve().parents[3]
    writers = []
    for path in [*root.joinpath("sigap").rglob("*.py"), *root.joinpath("bench").rglob("*.py")]:
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if WRITES_RANKS.search(text):
            writers.append(path.relative_to(root).as_posix())
            assert "refresh_latest_golongan" in text, f"{path} writes ranks without a refresh"
    assert {
        "sigap/workforce/registry/records.py",
        "sigap/workforce/roster/importer.py",
        "sigap/workforce/demo.py",
        "bench/placement.py",
    } <= set(writers)
