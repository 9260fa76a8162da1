"""Competency gaps against the position's standard: per person, per unit, per competency,
on hand-computed cases."""

from __future__ import annotations

import datetime as dt

import pytest

from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import OrgUnit
from sigap.workforce.analysis import gaps
from sigap.workforce.models import Employee, JabatanType
from sigap.workforce.registry import person_gaps, records
from sigap.workforce.tests.test_finder import competency, hire, place


@pytest.fixture
def world(agency, opd):
    """Disdukcapil (OPD) with a bidang below it, and a second OPD.

    ====== ============= ==================== =========================== =================
    person unit          standard             assessed (latest)           gaps
    ====== ============= ==================== =========================== =================
    Eko    OPD           A 3, B 2, C 4        A 4→2 (latest 2), B 3       A 1, B 0, C 4 (—)
    Fitri  bidang        A 2                  A 1                         A 1
    Gita   bidang        A 2                  A 2                         A 0
    Hadi   second OPD    (no standard)        A 1                         —
    Indah  (no post)     —                    —                           —
    ====== ============= ==================== =========================== =================
    """
    bidang = org.create_unit(
        agency, kind=OrgUnit.Kind.BIDANG, name="Bidang Pendaftaran", code="DUK.B1", parent=opd
    )
    other = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinas Sosial", code="DINSOS")
    a = competency(agency, "A", "Administrasi Kependudukan")
    b = competency(agency, "B", "Kerja Sama", kind="manajerial")
    c = competency(agency, "C", "Komunikasi Publik")
    head = records.create_position(
        agency,
        unit=opd,
        code="KADIS",
        title="Kepala Dinas",
        jabatan_type=JabatanType.JPT_PRATAMA,
        requirements={a: 3, b: 2, c: 4},
    )
    clerk = records.create_position(
        agency,
        unit=bidang,
        code="PETUGAS",
        title="Petugas Registrasi",
        jabatan_type=JabatanType.PELAKSANA,
        formasi=2,
        requirements={a: 2},
    )
    plain = records.create_position(
        agency, unit=other, code="STAF", title="Staf", jabatan_type=JabatanType.PELAKSANA
    )
    eko = hire(agency, "Eko Prasetyo", dt.date(1975, 2, 3))
    fitri = hire(agency, "Fitri Handayani", dt.date(1990, 4, 5), gender="P")
    gita = hire(agency, "Gita Savitri", dt.date(1992, 6, 7), gender="P")
    hadi = hire(agency, "Hadi Saputra", dt.date(1988, 8, 9))
    hire(agency, "Indah Permata", dt.date(1995, 10, 11), gender="P")
    place(eko, head, dt.date(2020, 1, 1))
    place(fitri, clerk, dt.date(2021, 1, 1))
    place(gita, clerk, dt.date(2021, 1, 1))
    place(hadi, plain, dt.date(2021, 1, 1))
    on = dt.date(2024, 1, 1)
    records.record_assessment(eko, competency=a, level=4, assessed_on=dt.date(2022, 1, 1))
    records.record_assessment(eko, competency=a, level=2, assessed_on=on)
    records.record_assessment(eko, competency=b, level=3, assessed_on=on)
    records.record_assessment(fitri, competency=a, level=1, assessed_on=on)
    records.record_assessment(gita, competency=a, level=2, assessed_on=on)
    records.record_assessment(hadi, competency=a, level=1, assessed_on=on)
    return {"bidang": bidang, "other": other, "a": a, "b": b, "c": c, "eko": eko}


def test_person_gaps_against_the_position_standard(agency, world):
    with activate(agency):
        result = person_gaps(world["eko"])
    assert [(g.competency, g.required, g.current, g.gap) for g in result] == [
        ("Komunikasi Publik", 4, None, 4),  # never assessed: the whole level is missing
        ("Administrasi Kependudukan", 3, 2, 1),  # the latest assessment, not the best
        ("Kerja Sama", 2, 3, 0),  # above the standard offsets nothing
    ]


def test_no_position_means_no_standard_to_compare(agency, world):
    with activate(agency):
        indah = Employee.objects.get(full_name="Indah Permata")
        assert person_gaps(indah) == []


def test_tally_per_unit_rolls_up_the_subtree(agency, opd, world):
    with activate(agency):
        table = gaps.gap_table(Employee.objects.all())
        by_unit = {t.label: t for t in gaps.by_unit(table, [opd, world["bidang"], world["other"]])}
    whole = by_unit[opd.name]
    # Eko: A1 B0 C4; Fitri A1; Gita A0 → 5 pairs, 3 below, 1 unassessed, 6 levels.
    assert (whole.pairs, whole.below, whole.unassessed, whole.total_gap) == (5, 3, 1, 6)
    assert (whole.headcount, whole.headcount_below) == (3, 2)
    assert whole.mean_gap == pytest.approx(6 / 5)
    bidang = by_unit["Bidang Pendaftaran"]
    assert (bidang.pairs, bidang.below, bidang.total_gap, bidang.headcount) == (2, 1, 1, 2)
    assert (bidang.headcount_below, bidang.unassessed) == (1, 0)
    other = by_unit["Dinas Sosial"]
    assert (other.pairs, other.headcount) == (0, 0)  # Hadi's position has no standard


def test_tally_per_competency_orders_by_people_short(agency, world):
    with activate(agency):
        table = gaps.gap_table(Employee.objects.all())
        rows = gaps.by_competency(table)
    assert [(t.label, t.headcount, t.headcount_below, t.total_gap, t.unassessed) for t in rows] == [
        ("Administrasi Kependudukan", 3, 2, 2, 0),
        ("Komunikasi Publik", 1, 1, 4, 1),
        ("Kerja Sama", 1, 0, 0, 0),
    ]
    assert rows[0].kind == "Teknis" and rows[2].kind == "Manajerial"


def test_drilling_into_a_unit_keeps_only_its_subtree(agency, world):
    with activate(agency):
        table = gaps.gap_table(Employee.objects.all(), unit=world["bidang"])
        total = gaps.total(table)
        people = gaps.by_person(table)
    assert (total.pairs, total.below, total.total_gap, total.headcount) == (2, 1, 1, 2)
    fitri = Employee.all_objects.get(full_name="Fitri Handayani")
    assert [(p.key, p.total_gap) for p in people][0] == (fitri.pk, 1)


def test_people_are_ranked_by_total_gap(agency, world):
    with activate(agency):
        table = gaps.gap_table(Employee.objects.all())
        people = gaps.by_person(table, limit=2)
    assert [(p.key, p.total_gap, p.below, p.pairs) for p in people] == [
        (world["eko"].pk, 5, 2, 3),
        (Employee.all_objects.get(full_name="Fitri Handayani").pk, 1, 1, 1),
    ]


def test_the_visible_set_limits_the_table(agency, world):
    with activate(agency):
        only_eko = Employee.objects.filter(pk=world["eko"].pk)
        total = gaps.total(gaps.gap_table(only_eko))
    assert (total.pairs, total.headcount) == (3, 1)


def test_whole_agency_and_explicit_everyone_agree(agency, world):
    with activate(agency):
        a = gaps.total(gaps.gap_table(None))
        b = gaps.total(gaps.gap_table(Employee.objects.all()))
    assert a == b


def test_an_empty_scope_gives_zero_tallies(agency, opd):
    with activate(agency):
        table = gaps.gap_table(Employee.objects.all())
        assert len(table) == 0
        assert gaps.total(table).pairs == 0
        assert gaps.by_competency(table) == []
        assert gaps.by_unit(table, [opd])[0].pairs == 0
