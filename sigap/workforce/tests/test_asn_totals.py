"""The ASN list's cached "N found" (``registry.totals``): kept until a write changes what
it counts, whatever the writer; never another viewer's or another day's figure.

The world is ``test_finder.registry`` (Ani, Budi, Citra active; Dedi retired), read on
``TODAY`` as there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.accounts.scope import RowScope
from sigap.platform import stamps
from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.workforce.models import Employee, JabatanType, RosterImport
from sigap.workforce.registry import finder, records, totals
from sigap.workforce.signals import registry_changed
from sigap.workforce.tests.factories import asn, place
from sigap.workforce.tests.test_finder import TODAY, registry

ALL = RowScope(RowScope.ALL)

FILTERS: list[dict[str, Any]] = [
    {},
    {"status": ""},
    {"rotation_due": True},
    {"golongan": "III/a"},
    {"jabatan_type": JabatanType.FUNGSIONAL},
    {"field_group": "informatika"},
    {"retiring_within_months": 4},
    {"competency_id": "a", "min_level": 3},
    {"unit": "bidang"},
]


@pytest.fixture
def reg(agency, opd) -> dict[str, Any]:
    return registry(agency, opd)


def _filter(reg: dict[str, Any], spec: dict[str, Any]) -> finder.AsnFilter:
    values = dict(spec)
    if values.get("competency_id") == "a":
        values["competency_id"] = reg["a"].pk
    if values.get("unit") == "bidang":
        values["unit"] = reg["bidang"]
    return finder.AsnFilter(**values)


def _search(
    agency: Any,
    f: finder.AsnFilter,
    today: dt.date,
    scope: RowScope,
    stamp: int = 0,
    result_key: str | None = None,
) -> Any:
    policy = records.policy_for(agency)
    paths = None if scope.sees_all else list(scope.unit_paths)
    return finder.search(
        Employee.objects.all(),
        f,
        policy=policy,
        today=today,
        within_paths=paths,
        stamp=stamp,
        result_key=result_key,
    )


def listed(agency: Any, f: finder.AsnFilter, *, cached: bool, today: dt.date = TODAY) -> list:
    """The ids the list shows, page by page of one (every cursor used): with the probes
    and a driven result's order kept under the registry stamp (as the page reads them),
    or read afresh."""
    stamp = totals.version(agency.pk) if cached else 0
    # Named as the list page names it: only a named result's order is kept.
    key = totals.result_key(agency.pk, stamp, today, ALL, f.as_query())
    found = _search(agency, f, today, ALL, stamp, key)
    policy = records.policy_for(agency)
    ids, cursor = [], None
    while True:
        page = found.page(policy=policy, today=today, cursor=cursor, size=1)
        ids += [e.pk for e in page.items]
        if page.next_cursor is None:
            return ids
        cursor = page.next_cursor


def shown(
    agency: Any, f: finder.AsnFilter, *, today: dt.date = TODAY, scope: RowScope = ALL
) -> int:
    """The total the list page shows (cached), as the page reads it: after its first
    page, so that a driven result's kept order gives the count."""
    stamp = totals.version(agency.pk)
    key = totals.result_key(agency.pk, stamp, today, scope, f.as_query())
    found = _search(agency, f, today, scope, stamp, key)
    found.page(policy=records.policy_for(agency), today=today)
    return totals.total(agency.pk, stamp, today, scope, f.as_query(), found.count)


def recount(
    agency: Any, f: finder.AsnFilter, *, today: dt.date = TODAY, scope: RowScope = ALL
) -> int:
    """The people the list itself walks through (nothing cached)."""
    return _search(agency, f, today, scope).matches.count()


def test_a_total_is_kept_until_a_write_changes_what_it_counts(agency, reg):
    rotation = finder.AsnFilter(rotation_due=True)
    with activate(agency):
        assert shown(agency, rotation) == 2  # Ani (2015) and Citra (2020)
        with CaptureQueriesContext(connection) as again:
            assert shown(agency, rotation) == 2
        # Kept: the stamp is read, the people are not counted again.
        assert not any("COUNT(" in q["sql"] for q in again.captured_queries)
        # Citra moves today: no longer five years in post.
        records.move_employee(
            reg["citra"],
            position=reg["analis"],
            sk_number="SK/PINDAH",
            sk_date=TODAY,
            starts_on=TODAY,
        )
        assert shown(agency, rotation) == recount(agency, rotation) == 1
        # Ani retires: the list of the active is one shorter, rotation due is empty.
        records.end_employment(reg["ani"], status=Employee.Status.RETIRED, on=TODAY)
        assert shown(agency, rotation) == recount(agency, rotation) == 0
        assert shown(agency, finder.AsnFilter()) == 2


def test_the_day_the_filter_and_the_scope_are_in_the_key(agency, reg):
    with activate(agency):
        retiring = finder.AsnFilter(retiring_within_months=3)
        assert shown(agency, retiring) == 0  # Ani retires 1 Oct 2026: four months away
        later = TODAY + dt.timedelta(days=40)
        assert shown(agency, retiring, today=later) == recount(agency, retiring, today=later) == 1
        bidang = RowScope(RowScope.UNITS, unit_paths=(reg["bidang"].path,))
        assert shown(agency, finder.AsnFilter(), scope=bidang) == 2  # Ani and Budi
        assert shown(agency, finder.AsnFilter()) == 3
        key = totals.cache_key(2**40, 2**62, TODAY, bidang, {"q": "x" * 500 + " é"})
        assert len(key) < 250 and key.isascii() and not any(c.isspace() for c in key)


def _writes(reg: dict[str, Any]) -> dict[str, Any]:
    """Every kind of write the totals read, each through its own writer."""
    day = TODAY
    return {
        "new employee": lambda: asn(reg["a"].agency, "Eka Putri", seq=7, golongan=None),
        "rank": lambda: records.record_rank(reg["budi"], golongan="III/b", tmt=day),
        "education": lambda: records.add_education(
            reg["citra"], level="S1", field_of_study="Ilmu Hukum", graduation_year=2022
        ),
        "assessment": lambda: records.record_assessment(
            reg["budi"], competency=reg["a"], level=4, assessed_on=day
        ),
        "assignment": lambda: place(reg["citra"], reg["analis"], day),
        "employee change": lambda: records.update_employee(reg["budi"], full_name="Budi S."),
        "position": lambda: records.update_position(
            reg["analis"], jabatan_type=JabatanType.PELAKSANA
        ),
        "policy": lambda: records.update_policy(reg["a"].agency, rotation_due_years=3),
        "departure": lambda: records.end_employment(
            reg["budi"], status=Employee.Status.RESIGNED, on=day
        ),
        "stored golongan": lambda: records.refresh_latest_golongan([reg["budi"].pk]),
        "bulk writer": lambda: registry_changed.send(
            sender=RosterImport, agency_id=reg["a"].agency_id
        ),
        # Not counted, but shown in the list's selects (registry.forms).
        "unit": lambda: org.update_unit(reg["bidang"], name="Bidang Layanan"),
        "competency": lambda: records.update_competency(reg["a"], name="Adminduk"),
        # The position standards the profile keeps (queries.position_standard).
        "standard": lambda: records.set_requirements(reg["analis"], {reg["a"]: 2}),
    }


WRITES = [
    "new employee",
    "rank",
    "education",
    "assessment",
    "assignment",
    "employee change",
    "position",
    "policy",
    "departure",
    "stored golongan",
    "bulk writer",
    "unit",
    "competency",
    "standard",
]


def test_the_writer_list_is_complete(reg):
    assert sorted(_writes(reg)) == sorted(WRITES)


@pytest.mark.parametrize("write", WRITES)
def test_every_writer_gives_the_agency_a_new_stamp(agency, reg, write):
    with activate(agency):
        before = totals.version(agency.pk)
        _writes(reg)[write]()
        assert totals.version(agency.pk) != before


def test_a_total_read_by_a_writer_that_rolls_back_is_not_reused(agency, reg):
    everyone = finder.AsnFilter()
    with activate(agency):
        assert shown(agency, everyone) == 3
        with transaction.atomic():
            records.end_employment(reg["budi"], status=Employee.Status.RESIGNED, on=TODAY)
            assert shown(agency, everyone) == 2
            transaction.set_rollback(True)
        assert shown(agency, everyone) == recount(agency, everyone) == 3


def test_a_probe_is_kept_under_the_stamp_and_read_again_after_a_write(agency, reg):
    unit = finder.AsnFilter(unit=reg["bidang"])
    with activate(agency):
        records.record_rank(reg["budi"], golongan="III/b", tmt=TODAY)  # a first stamp
        assert listed(agency, unit, cached=True) == [reg["ani"].pk, reg["budi"].pk]
        with CaptureQueriesContext(connection) as again:
            assert listed(agency, unit, cached=True) == [reg["ani"].pk, reg["budi"].pk]
        # Only the page itself reads assignments: the probe of the unit's posts is kept.
        probes = [q for q in again.captured_queries if "LIMIT 2001" in q["sql"]]
        assert probes == []
        # Citra moves into the bidang: the stamp is renewed, the probe read afresh.
        records.move_employee(
            reg["citra"],
            position=reg["analis"],
            sk_number="SK/MASUK",
            sk_date=TODAY,
            starts_on=TODAY,
        )
        assert listed(agency, unit, cached=True) == listed(agency, unit, cached=False)
        assert reg["citra"].pk in listed(agency, unit, cached=True)


def test_a_driven_result_is_paged_from_its_kept_order(agency, reg):
    unit = finder.AsnFilter(unit=reg["bidang"])
    with activate(agency):
        records.record_rank(reg["budi"], golongan="III/b", tmt=TODAY)  # a first stamp
        stamp = totals.version(agency.pk)
        policy = records.policy_for(agency)
        key = totals.result_key(agency.pk, stamp, TODAY, ALL, unit.as_query())
        found = _search(agency, unit, TODAY, ALL, stamp, key)
        first = found.page(policy=policy, today=TODAY, size=1)
        # The kept order is every match: its length is the count, with no statement.
        with CaptureQueriesContext(connection) as counting:
            assert found.count() == 2
        assert len(counting) == 0 and found.counted.count() == 2
        with CaptureQueriesContext(connection) as again:
            second = found.page(policy=policy, today=TODAY, size=1, cursor=first.next_cursor)
        assert [e.pk for e in first.items + second.items] == [reg["ani"].pk, reg["budi"].pk]
        # No ORDER BY over the driving set: the page's row is read by its key.
        employees = [q["sql"] for q in again.captured_queries if "workforce_employee" in q["sql"]]
        assert len(employees) == 1 and "ORDER BY" not in employees[0]
        # A cursor whose row is not in the kept order (Citra is outside the bidang) is
        # answered from the database, as without a stamp.
        citra = finder.encode_cursor([reg["citra"].full_name, reg["citra"].pk])
        rest = found.page(policy=policy, today=TODAY, cursor=citra)
        fresh = finder.page(found.matches, policy=policy, today=TODAY, cursor=citra)
        assert [e.pk for e in rest.items] == [e.pk for e in fresh.items]


def test_nothing_is_kept_under_stamp_zero():
    calls = []

    def compute() -> int:
        calls.append(1)
        return 7

    assert stamps.cached("test.stamp-zero", compute, stamp=0) == 7
    assert stamps.cached("test.stamp-zero", compute, stamp=0) == 7
    assert len(calls) == 2


def test_another_agency_keeps_its_own_totals(agency, other_agency, reg):
    with activate(agency):
        assert shown(agency, finder.AsnFilter()) == 3
    with activate(other_agency):
        assert shown(other_agency, finder.AsnFilter()) == 0
        other = totals.version(other_agency.pk)
    with activate(agency):
        records.record_rank(reg["budi"], golongan="III/b", tmt=TODAY)
    assert totals.version(other_agency.pk) == other  # its figures stay in use


operations = st.lists(
    st.one_of(
        st.tuples(st.just("move"), st.integers(0, 2), st.sampled_from(["kabid", "analis", "staf"])),
        st.tuples(st.just("retire"), st.integers(0, 2)),
        st.tuples(st.just("rank"), st.integers(0, 2), st.sampled_from(["III/a", "III/c", "IV/a"])),
        st.tuples(st.just("assess"), st.integers(0, 2), st.integers(1, 5)),
        st.tuples(st.just("study"), st.integers(0, 2)),
        st.tuples(st.just("policy"), st.integers(1, 6)),
        st.tuples(st.just("hire"), st.sampled_from(["kabid", "analis", "staf"])),
    ),
    max_size=6,
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_cached_totals_equal_a_recount_after_any_writes(agency, reg, ops):
    people = [reg["ani"], reg["budi"], reg["citra"]]
    filters = [_filter(reg, spec) for spec in FILTERS]
    with activate(agency), transaction.atomic():  # each example from the same world
        for f in filters:  # cached now: what follows must keep them true
            assert shown(agency, f) == recount(agency, f)
        for step, op in enumerate(ops):
            day = TODAY - dt.timedelta(days=10 - step)
            who = people[op[1] % len(people)] if isinstance(op[1], int) else None
            if who is not None:
                who.refresh_from_db()
            if op[0] == "move" and who.status == Employee.Status.ACTIVE:
                records.move_employee(
                    who, position=reg[op[2]], sk_number=f"SK/{step}", sk_date=day, starts_on=day
                )
            elif op[0] == "retire" and who.status == Employee.Status.ACTIVE:
                records.end_employment(who, status=Employee.Status.RETIRED, on=day)
            elif op[0] == "rank":
                records.record_rank(who, golongan=op[2], tmt=day)
            elif op[0] == "assess":
                records.record_assessment(who, competency=reg["a"], level=op[2], assessed_on=day)
            elif op[0] == "study":
                records.add_education(
                    who, level="S1", field_of_study="Teknik Informatika", graduation_year=2020
                )
            elif op[0] == "policy":
                records.update_policy(agency, rotation_due_years=op[1])
            elif op[0] == "hire":
                people.append(
                    asn(agency, f"Pegawai Baru {step}", seq=50 + step, post=reg[op[1]], since=day)
                )
            for f in filters:
                assert shown(agency, f) == recount(agency, f), (op, f)
                # The probes kept under the stamp drive the same page as fresh ones, and
                # so does the walk with kept "too many to drive" answers.
                fresh = listed(agency, f, cached=False)
                assert listed(agency, f, cached=True) == fresh, (op, f)
                with mock.patch.object(finder, "KEPT_DRIVE_LIMIT", 0):
                    assert listed(agency, f, cached=True) == fresh, (op, f)
        transaction.set_rollback(True)


def test_the_selects_show_a_new_unit_and_a_renamed_competency_at_once(login, hr, agency, reg):
    """The list's option lists are reused under the registry stamp without reading their
    rows: a unit or competency written must renew the stamp, or the select goes stale."""
    from django.urls import reverse

    from sigap.tenancy.models import OrgUnit

    client = login(hr)
    url = reverse("workforce:asn_list")
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as again:
        client.get(url)
    option_reads = ('SELECT "tenancy_orgunit"."id" AS "pk"', 'SELECT "workforce_competency"."id"')
    assert not any(q["sql"].startswith(option_reads) for q in again.captured_queries)
    org.create_unit(
        agency,
        kind=OrgUnit.Kind.BIDANG,
        name="Bidang Baru Sekali",
        code="BARU",
        parent=reg["bidang"].parent,
    )
    assert "Bidang Baru Sekali" in client.get(url).content.decode()
    records.update_competency(reg["a"], name="Administrasi Kependudukan Digital")
    assert "Administrasi Kependudukan Digital" in client.get(url).content.decode()


def test_a_position_standard_is_kept_until_a_requirement_changes(agency, reg):
    from sigap.workforce.registry.queries import position_standard

    analis = reg["analis"]
    with activate(agency):
        records.set_requirements(analis, {reg["a"]: 3})
        stamp = totals.version(agency.pk)
        assert [row[3] for row in position_standard(analis.pk, stamp=stamp)] == [3]
        with CaptureQueriesContext(connection) as again:
            assert [row[3] for row in position_standard(analis.pk, stamp=stamp)] == [3]
        assert again.captured_queries == []
        records.set_requirements(analis, {reg["a"]: 5})
        stamp = totals.version(agency.pk)
        assert [row[3] for row in position_standard(analis.pk, stamp=stamp)] == [5]


def test_kept_positions_show_a_renamed_post_and_unit_at_once(agency, reg):
    def shown_posts() -> dict[int, tuple]:
        stamp = totals.version(agency.pk)
        policy = records.policy_for(agency)
        found = _search(agency, finder.AsnFilter(), TODAY, ALL, stamp)
        page = found.page(policy=policy, today=TODAY)
        return {e.pk: (e.current_position_title, e.current_unit_name) for e in page.items}

    with activate(agency):
        records.record_rank(reg["budi"], golongan="III/b", tmt=TODAY)  # a first stamp
        assert shown_posts()[reg["budi"].pk][0] == reg["analis"].title
        with CaptureQueriesContext(connection) as again:
            shown_posts()
        assert not any("workforce_position" in q["sql"] for q in again.captured_queries)
        records.update_position(reg["analis"], title="Analis Anggaran")
        org.update_unit(reg["bidang"], name="Bidang Anggaran")
        assert shown_posts()[reg["budi"].pk] == ("Analis Anggaran", "Bidang Anggaran")
