"""Finding people: each filter narrows the list correctly, whatever plan the finder picks;
keyset pages walk the list in (name, pk) order; the PP 11/2017 retirement rule.

The builders here (``nip_for``, ``hire``, ``place``, ``competency``, ``registry``) are
reused by the other registry test modules.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from sigap.platform.pagination import BadCursor
from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import OrgUnit
from sigap.workforce import retirement
from sigap.workforce.models import Employee, JabatanType
from sigap.workforce.registry import finder, queries, records
from sigap.workforce.tests.factories import competency, hire, place

TODAY = dt.date(2026, 6, 15)


# -------------------------------------------------------------------- builders


def registry(agency: Any, opd: OrgUnit) -> dict[str, Any]:
    """A small registry with one person per filter to find.

    ==========  ==========================  ============  =======  ===========  =======
    person      position (unit)             since         golong.  education    A level
    ==========  ==========================  ============  =======  ===========  =======
    Ani         Kepala Bidang (bidang)      2015-01-01    IV/a     ekonomi      4 → 2
    Budi        Analis Keuangan (bidang)    2024-01-01    III/a    informatika  3
    Citra       Pengadministrasi (BPKAD)    2020-02-01    II/c     umum         —
    Dedi        — (retired)                 —             III/b    hukum        —
    ==========  ==========================  ============  =======  ===========  =======
    """
    bidang = org.create_unit(
        agency, kind=OrgUnit.Kind.BIDANG, name="Bidang Pelayanan", code="DUK.B1", parent=opd
    )
    bpkad = org.create_unit(
        agency, kind=OrgUnit.Kind.OPD, name="Badan Keuangan Daerah", code="BPKAD"
    )
    a = competency(agency, "TK-A", "Administrasi Kependudukan")
    b = competency(agency, "MNJ-B", "Kerja Sama", kind="manajerial")
    kabid = records.create_position(
        agency,
        unit=bidang,
        code="KABID",
        title="Kepala Bidang Pelayanan",
        jabatan_type=JabatanType.ADMINISTRATOR,
        min_golongan="III/d",
        relevant_fields=["manajemen"],
        requirements={a: 3, b: 3},
    )
    analis = records.create_position(
        agency,
        unit=bidang,
        code="ANALIS",
        title="Analis Keuangan",
        jabatan_type=JabatanType.FUNGSIONAL,
        formasi=3,
        relevant_fields=["ekonomi"],
        requirements={a: 2},
    )
    staf = records.create_position(
        agency,
        unit=bpkad,
        code="STAF",
        title="Pengadministrasi Umum",
        jabatan_type=JabatanType.PELAKSANA,
    )
    # Ani: BUP 58 (administrator) → retires 1 Oct 2026 (born Sep 1968).
    ani = hire(agency, "Ani Lestari", dt.date(1968, 9, 15), gender="P", start=dt.date(1995, 3, 1))
    budi = hire(agency, "Budi Santoso", dt.date(1990, 5, 20), start=dt.date(2015, 1, 1))
    citra = hire(agency, "Citra Dewi", dt.date(1985, 12, 10), gender="P")
    dedi = hire(agency, "Dedi Kurniawan", dt.date(1960, 7, 1), start=dt.date(1985, 3, 1))
    place(ani, kabid, dt.date(2015, 1, 1))
    place(budi, analis, dt.date(2024, 1, 1))
    place(citra, staf, dt.date(2020, 2, 1))
    records.record_rank(ani, golongan="III/d", tmt=dt.date(2012, 4, 1))
    records.record_rank(ani, golongan="IV/a", tmt=dt.date(2016, 4, 1))
    records.record_rank(budi, golongan="III/a", tmt=dt.date(2015, 1, 1))
    records.record_rank(citra, golongan="II/c", tmt=dt.date(2010, 1, 1))
    records.record_rank(dedi, golongan="III/b", tmt=dt.date(2000, 4, 1))
    records.add_education(ani, level="S1", field_of_study="Akuntansi", graduation_year=1992)
    records.add_education(
        budi, level="S1", field_of_study="Teknik Informatika", graduation_year=2012
    )
    records.add_education(citra, level="SMA", field_of_study="SMA IPA", graduation_year=2003)
    records.add_education(dedi, level="S1", field_of_study="Ilmu Hukum", graduation_year=1983)
    records.record_assessment(ani, competency=a, level=4, assessed_on=dt.date(2019, 5, 1))
    records.record_assessment(ani, competency=a, level=2, assessed_on=dt.date(2024, 5, 1))
    records.record_assessment(budi, competency=a, level=3, assessed_on=dt.date(2024, 6, 1))
    with activate(agency):
        Employee.objects.filter(pk=dedi.pk).update(status=Employee.Status.RETIRED)
    return {
        "bidang": bidang,
        "bpkad": bpkad,
        "a": a,
        "b": b,
        "kabid": kabid,
        "analis": analis,
        "staf": staf,
        "ani": ani,
        "budi": budi,
        "citra": citra,
        "dedi": dedi,
    }


def set_policy(agency: Any, **changes: Any) -> None:
    """Change the agency's workforce policy (as the back office does)."""
    records.update_policy(agency, **changes)


@pytest.fixture
def reg(agency, opd) -> dict[str, Any]:
    return registry(agency, opd)


def names(agency: Any, f: finder.AsnFilter, *, today: dt.date = TODAY, **kwargs: Any) -> list[str]:
    """The names the list finds, after checking that its count finds as many (the count
    reads each filter's exact set, the list checks conditions per row)."""
    with activate(agency):
        policy = records.policy_for(agency)
        found = finder.search(Employee.objects.all(), f, policy=policy, today=today, **kwargs)
        listed = list(found.matches.order_by("full_name").values_list("full_name", flat=True))
        assert found.counted.count() == len(listed)
        return listed


# -------------------------------------------------------------------- filters


FILTER_CASES = [
    ("no filter: active only", {}, ["Ani Lestari", "Budi Santoso", "Citra Dewi"]),
    (
        "every status",
        {"status": ""},
        ["Ani Lestari", "Budi Santoso", "Citra Dewi", "Dedi Kurniawan"],
    ),
    ("retired only", {"status": "retired"}, ["Dedi Kurniawan"]),
    ("name words, any case", {"text": "santoso bud"}, ["Budi Santoso"]),
    ("NIP prefix", {"text": "196809"}, ["Ani Lestari"]),
    ("NIP typed in groups", {"text": "1990 0520"}, ["Budi Santoso"]),
    ("position type", {"jabatan_type": "fungsional"}, ["Budi Santoso"]),
    ("current golongan, not a past one", {"golongan": "IV/a"}, ["Ani Lestari"]),
    ("a past golongan matches nobody", {"golongan": "III/d"}, []),
    ("study-field group", {"field_group": "ekonomi"}, ["Ani Lestari"]),
    ("study-field group of a retired person", {"field_group": "hukum"}, []),
    ("rotation due (5 years in post)", {"rotation_due": True}, ["Ani Lestari", "Citra Dewi"]),
    ("retiring within 4 months: 1 Oct 2026", {"retiring_within_months": 4}, ["Ani Lestari"]),
    ("retiring within 3 months: not yet", {"retiring_within_months": 3}, []),
]


@pytest.mark.parametrize("label,kwargs,expected", FILTER_CASES, ids=[c[0] for c in FILTER_CASES])
@pytest.mark.parametrize("drive_limit", [0, 10_000], ids=["walk-by-name", "driven-by-set"])
def test_each_filter_narrows_the_list(
    agency, reg, monkeypatch, label, kwargs, expected, drive_limit
):
    # The same answer whichever plan runs: per-row checks only, or a small set driving.
    monkeypatch.setattr(finder, "DRIVE_LIMIT", drive_limit)
    assert names(agency, finder.AsnFilter(**kwargs)) == expected


@pytest.mark.parametrize("drive_limit", [0, 10_000])
def test_unit_filter_includes_the_whole_subtree(agency, opd, reg, monkeypatch, drive_limit):
    monkeypatch.setattr(finder, "DRIVE_LIMIT", drive_limit)
    assert names(agency, finder.AsnFilter(unit=opd)) == ["Ani Lestari", "Budi Santoso"]
    assert names(agency, finder.AsnFilter(unit=reg["bidang"])) == ["Ani Lestari", "Budi Santoso"]
    assert names(agency, finder.AsnFilter(unit=reg["bpkad"])) == ["Citra Dewi"]


@pytest.mark.parametrize("drive_limit", [0, 10_000])
def test_competency_filter_uses_the_latest_assessment(agency, reg, monkeypatch, drive_limit):
    monkeypatch.setattr(finder, "DRIVE_LIMIT", drive_limit)
    a = reg["a"].pk
    # Ani was 4 in 2019 but 2 in 2024: her current level is 2.
    assert names(agency, finder.AsnFilter(competency_id=a, min_level=3)) == ["Budi Santoso"]
    assert names(agency, finder.AsnFilter(competency_id=a, min_level=2)) == [
        "Ani Lestari",
        "Budi Santoso",
    ]
    assert names(agency, finder.AsnFilter(competency_id=a)) == ["Ani Lestari", "Budi Santoso"]
    assert names(agency, finder.AsnFilter(competency_id=reg["b"].pk)) == []


@pytest.mark.parametrize("drive_limit", [0, 10_000])
def test_same_day_assessments_count_the_newest_row(agency, reg, monkeypatch, drive_limit):
    # Two assessments of one competency on one day: the later row is the current level,
    # for the list, its count and the profile (queries.current_levels) alike.
    monkeypatch.setattr(finder, "DRIVE_LIMIT", drive_limit)
    a, citra = reg["a"], reg["citra"]
    records.record_assessment(citra, competency=a, level=5, assessed_on=dt.date(2025, 1, 6))
    records.record_assessment(citra, competency=a, level=1, assessed_on=dt.date(2025, 1, 6))
    assert names(agency, finder.AsnFilter(competency_id=a.pk, min_level=3)) == ["Budi Santoso"]
    assert "Citra Dewi" in names(agency, finder.AsnFilter(competency_id=a.pk, min_level=1))
    with activate(agency):
        assert queries.current_levels([citra.pk])[citra.pk][a.pk] == 1


def test_filters_combine(agency, opd, reg):
    f = finder.AsnFilter(unit=opd, rotation_due=True, golongan="IV/a", field_group="ekonomi")
    assert names(agency, f) == ["Ani Lestari"]
    f = finder.AsnFilter(unit=reg["bpkad"], jabatan_type="fungsional")
    assert names(agency, f) == []


def test_rotation_due_follows_the_policy(agency, reg):
    set_policy(agency, rotation_due_years=2)
    # Budi has held his post since 1 Jan 2024: 2 years on 1 Jan 2026.
    assert "Budi Santoso" in names(agency, finder.AsnFilter(rotation_due=True))
    assert "Budi Santoso" not in names(
        agency, finder.AsnFilter(rotation_due=True), today=dt.date(2025, 12, 31)
    )


def test_retirement_uses_the_bup_of_the_current_position_type(agency, reg):
    set_policy(agency, bup_by_type={**records.policy_for(agency).bup_by_type, "administrator": 60})
    # At BUP 60 Ani retires on 1 Oct 2028, not 2026.
    assert names(agency, finder.AsnFilter(retiring_within_months=12)) == []
    assert names(agency, finder.AsnFilter(retiring_within_months=28)) == ["Ani Lestari"]


def test_unit_scope_never_widens_the_visible_set(agency, opd, reg):
    with activate(agency):
        visible = Employee.objects.filter(pk=reg["budi"].pk)
        policy = records.policy_for(agency)
        qs = finder.filter_employees(
            visible, finder.AsnFilter(), policy=policy, today=TODAY, within_paths=[opd.path]
        )
        assert list(qs.values_list("full_name", flat=True)) == ["Budi Santoso"]
        qs = finder.filter_employees(
            Employee.objects.all(),
            finder.AsnFilter(),
            policy=policy,
            today=TODAY,
            within_paths=[reg["bpkad"].path],
        )
        assert list(qs.values_list("full_name", flat=True)) == ["Citra Dewi"]


# -------------------------------------------------------------------- pages and rows


def test_keyset_pages_walk_the_list_in_name_order_with_ties(agency, opd):
    people = [
        hire(agency, name, dt.date(1980 + i, 1, 1 + i), seq=i + 1)
        for i, name in enumerate(["Sari", "Agus", "Sari", "Budi", "Sari"])
    ]
    with activate(agency):
        policy = records.policy_for(agency)
        qs = Employee.objects.all()
        seen, cursor = [], None
        for _ in range(5):
            page = finder.page(qs, policy=policy, today=TODAY, cursor=cursor, size=2)
            seen += [e.pk for e in page.items]
            cursor = page.next_cursor
            if cursor is None:
                break
    expected = [p.pk for p in sorted(people, key=lambda e: (e.full_name, e.pk))]
    assert seen == expected


def test_a_forged_cursor_is_refused(agency):
    with activate(agency):
        policy = records.policy_for(agency)
        for bad in ("!!!", "WzFd", "eyJhIjoxfQ"):
            with pytest.raises(BadCursor):
                finder.page(Employee.objects.all(), policy=policy, today=TODAY, cursor=bad)


def test_rows_carry_current_state_and_retirement_date(agency, reg):
    with activate(agency):
        policy = records.policy_for(agency)
        (ani,) = finder.rows_for([reg["ani"].pk], policy=policy, today=TODAY)
    assert ani.current_position_title == "Kepala Bidang Pelayanan"
    assert ani.current_unit_name == "Bidang Pelayanan"
    assert ani.current_golongan == "IV/a"
    assert ani.retires_on == dt.date(2026, 10, 1)
    assert ani.retiring_soon and ani.rotation_due


def test_a_page_costs_the_same_queries_for_10_or_40_people(agency, reg):
    def queries_for_page(size: int) -> int:
        with activate(agency):
            policy = records.policy_for(agency)
            f = finder.AsnFilter(golongan="II/a", rotation_due=True)
            qs = finder.filter_employees(Employee.objects.all(), f, policy=policy, today=TODAY)
            with CaptureQueriesContext(connection) as ctx:
                finder.page(qs, policy=policy, today=TODAY, size=size)
            return len(ctx.captured_queries)

    staf = reg["staf"]
    for i in range(10):
        e = hire(agency, f"Staf {i:02d}", dt.date(1990, 1, 1 + i), seq=i + 2)
        records.record_rank(e, golongan="II/a", tmt=dt.date(2010, 1, 1))
        place(e, staf, dt.date(2015, 1, 1))
    few = queries_for_page(3)
    for i in range(10, 40):
        e = hire(agency, f"Staf {i:02d}", dt.date(1991, 1, 1 + i % 28), seq=i + 2)
        records.record_rank(e, golongan="II/a", tmt=dt.date(2010, 1, 1))
        place(e, staf, dt.date(2015, 1, 1))
    assert queries_for_page(40) == few


def test_iterate_yields_every_match_once_in_order(agency, reg):
    with activate(agency):
        policy = records.policy_for(agency)
        rows = list(
            finder.iterate(
                Employee.objects.filter(status="active"), policy=policy, today=TODAY, batch=1
            )
        )
    assert [e.full_name for e in rows] == ["Ani Lestari", "Budi Santoso", "Citra Dewi"]


# -------------------------------------------------------------------- retirement rule (PP 11/2017)


@pytest.mark.parametrize(
    "birth,bup,retires",
    [
        (dt.date(1968, 3, 15), 58, dt.date(2026, 4, 1)),
        (dt.date(1968, 3, 1), 58, dt.date(2026, 4, 1)),  # born on the 1st: still next month
        (dt.date(1967, 12, 31), 58, dt.date(2026, 1, 1)),  # December: January of next year
        (dt.date(1966, 2, 28), 60, dt.date(2026, 3, 1)),
    ],
)
def test_retirement_is_the_first_day_of_the_month_after_reaching_bup(birth, bup, retires):
    assert Employee(birth_date=birth).retirement_date(bup) == retires


@settings(max_examples=300, deadline=None)
@given(
    birth=st.dates(dt.date(1940, 1, 1), dt.date(2005, 12, 31)),
    day=st.dates(dt.date(1995, 1, 1), dt.date(2070, 12, 31)),
    bup=st.sampled_from([56, 58, 60, 65]),
)
def test_the_birth_date_bound_agrees_with_the_retirement_rule(birth, day, bup):
    # The list filters with a plain comparison on birth_date; it must say "retired by
    # ``day``" exactly when PP 11/2017's retirement date is on or before ``day``.
    retires = Employee(birth_date=birth).retirement_date(bup)
    assert (birth < retirement.born_before_to_retire_by(day, bup)) == (retires <= day)


@pytest.mark.parametrize(
    "day,months,expected",
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2026, 6, 15), -60, dt.date(2021, 6, 15)),
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert finder.add_months(day, months) == expected


def test_ancestor_paths():
    assert finder.ancestor_paths("/1/5/9/") == ["/1/", "/1/5/", "/1/5/9/"]
    assert finder.ancestor_paths("") == []


def test_filter_round_trips_through_query_parameters(reg, opd):
    f = finder.AsnFilter(
        text="ani", unit=opd, golongan="IV/a", competency_id=7, min_level=3, rotation_due=True
    )
    assert f.as_query() == {
        "q": "ani",
        "unit": opd.pk,
        "golongan": "IV/a",
        "competency": 7,
        "min_level": 3,
        "rotation_due": "1",
    }
    assert finder.AsnFilter(status="").as_query() == {"status": "all"}


def test_rows_carry_the_same_current_state_as_the_shared_query(agency, reg):
    # rows_for reads the current state with plain queries for speed; it must agree with
    # queries.with_current_state, the one definition of "current".
    from sigap.workforce.registry.queries import with_current_state

    fields = [
        "current_position_id",
        "current_position_title",
        "current_jabatan_type",
        "current_unit_id",
        "current_unit_name",
        "current_since",
        "current_golongan",
    ]
    with activate(agency):
        policy = records.policy_for(agency)
        ids = list(Employee.objects.values_list("pk", flat=True))
        mine = {
            e.pk: [getattr(e, f) for f in fields]
            for e in finder.rows_for(ids, policy=policy, today=TODAY)
        }
        shared = {
            e.pk: [getattr(e, f) for f in fields]
            for e in with_current_state(Employee.objects.filter(pk__in=ids))
        }
    assert mine == shared and len(mine) == 4


def test_the_current_post_from_assignments_already_read_is_the_shared_one(agency, reg):
    # The profile finds the current post among the assignments it shows
    # (queries.current_of); it must agree with the database's definition, on any day:
    # before a future-dated move and after it, and after a departure.
    from sigap.workforce.models import Assignment
    from sigap.workforce.registry.queries import current_of

    fields = ["current_position_id", "current_unit_name", "current_since", "current_jabatan_type"]
    with activate(agency):
        records.move_employee(
            reg["budi"],
            position=reg["staf"],
            sk_number="SK/NANTI",
            sk_date=TODAY,
            starts_on=TODAY + dt.timedelta(days=30),
        )
        records.end_employment(reg["ani"], status=Employee.Status.RETIRED, on=TODAY)
        policy = records.policy_for(agency)
        people = list(Employee.objects.all())
        for day in (
            dt.date(2014, 6, 1),
            TODAY,
            TODAY + dt.timedelta(days=1),
            TODAY + dt.timedelta(days=40),
        ):
            read = {
                e.pk: [getattr(e, f) for f in fields]
                for e in finder.rows_for([p.pk for p in people], policy=policy, today=day)
            }
            for person in people:
                held = list(
                    Assignment.objects.filter(employee=person).select_related("position__unit")
                )
                (mine,) = finder.with_state(
                    [Employee.objects.get(pk=person.pk)],
                    policy=policy,
                    today=day,
                    posts={person.pk: current_of(held, day)},
                )
                assert [getattr(mine, f) for f in fields] == read[person.pk], (person, day)
