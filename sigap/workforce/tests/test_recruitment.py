"""Recruitment needs per position over five calendar years, on hand-computed cases."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import OrgUnit
from sigap.workforce.analysis import recruitment
from sigap.workforce.models import Employee, JabatanType, Position
from sigap.workforce.registry import records
from sigap.workforce.tests.test_finder import hire, place

TODAY = dt.date(2026, 6, 15)  # plan years 2026–2030


def born_to_retire_in(year: int, *, bup: int = 58, month: int = 5) -> dt.date:
    """A birth date whose PP 11/2017 retirement falls in ``year`` (not in December)."""
    return dt.date(year - bup, month, 10)


@pytest.fixture
def positions(agency, opd):
    bidang = org.create_unit(
        agency, kind=OrgUnit.Kind.BIDANG, name="Bidang Anggaran", code="DUK.B3", parent=opd
    )
    analis = records.create_position(
        agency, unit=bidang, code="AN", title="Analis Anggaran",
        jabatan_type=JabatanType.FUNGSIONAL, formasi=3,
    )  # fmt: skip
    kasi = records.create_position(
        agency, unit=opd, code="KS", title="Kepala Seksi",
        jabatan_type=JabatanType.PENGAWAS, formasi=1,
    )  # fmt: skip
    return {"bidang": bidang, "analis": analis, "kasi": kasi}


def needs_of(agency, qs=None):
    with activate(agency):
        policy = records.policy_for(agency)
        qs = qs if qs is not None else Position.objects.order_by("code")
        return {n.position.code: n for n in recruitment.needs(qs, policy=policy, today=TODAY)}


def test_need_is_formasi_minus_holders_plus_retirements_so_far(agency, positions):
    # Analis: formasi 3, two holders, one of them retiring in 2027 (BUP 58).
    place(hire(agency, "Rudi", born_to_retire_in(2027)), positions["analis"], dt.date(2015, 1, 1))
    place(hire(agency, "Sinta", dt.date(1990, 1, 1), gender="P"), positions["analis"], TODAY)
    need = needs_of(agency)["AN"]
    assert need.years == [2026, 2027, 2028, 2029, 2030]
    assert (need.formasi, need.holders, need.surplus) == (3, 2, 0)
    assert need.retiring == [0, 1, 0, 0, 0]
    assert need.need == [1, 2, 2, 2, 2]


def test_an_over_filled_position_needs_nobody_until_retirements_catch_up(agency, positions):
    # Kepala Seksi: formasi 1, three holders retiring in 2027, 2028 and 2029: the post is
    # over-filled until 2028 (one left) and lacks its one holder from 2029.
    kasi = positions["kasi"]
    for i, year in enumerate((2027, 2028, 2029)):
        place(hire(agency, f"Pejabat {i}", born_to_retire_in(year), seq=i + 1), kasi, TODAY)
    need = needs_of(agency)["KS"]
    assert need.surplus == 2
    assert need.retiring == [0, 1, 1, 1, 0]
    assert need.need == [0, 0, 0, 1, 1]


def test_someone_past_retirement_still_in_post_counts_this_year(agency, positions):
    place(hire(agency, "Lama", born_to_retire_in(2024)), positions["kasi"], dt.date(2010, 1, 1))
    need = needs_of(agency)["KS"]
    assert need.retiring == [1, 0, 0, 0, 0] and need.need == [1, 1, 1, 1, 1]


def test_a_december_birthday_retires_the_next_january(agency, positions):
    # Born 10 Dec 1968, BUP 58: retires 1 Jan 2027, not in 2026.
    place(hire(agency, "Desember", dt.date(1968, 12, 10)), positions["kasi"], dt.date(2010, 1, 1))
    assert needs_of(agency)["KS"].retiring == [0, 1, 0, 0, 0]


def test_the_bup_of_the_position_type_applies(agency, positions):
    # Pengawas at BUP 60 instead of 58: born to retire in 2027 at 58 → 2029 at 60.
    place(hire(agency, "Senior", born_to_retire_in(2027)), positions["kasi"], dt.date(2010, 1, 1))
    with activate(agency):
        policy = records.policy_for(agency)
        policy.bup_by_type = {**policy.bup_by_type, "pengawas": 60}
        policy.save()
    assert needs_of(agency)["KS"].retiring == [0, 0, 0, 1, 0]


def test_an_acting_officer_fills_no_formasi(agency, positions):
    plt = hire(agency, "Pelaksana Tugas", dt.date(1980, 1, 1))
    place(plt, positions["analis"], dt.date(2015, 1, 1))
    records.record_assignment(
        plt, position=positions["kasi"], kind="plt", sk_number="800/PLT/2",
        sk_date=TODAY, starts_on=TODAY,
    )  # fmt: skip
    assert needs_of(agency)["KS"].holders == 0


def test_position_lists_give_the_same_needs_as_querysets(agency, positions):
    place(hire(agency, "Rudi", born_to_retire_in(2027)), positions["analis"], dt.date(2015, 1, 1))
    with activate(agency):
        as_list = list(Position.objects.order_by("code"))
    by_qs = needs_of(agency)
    by_list = needs_of(agency, as_list)
    assert {k: (v.holders, v.retiring) for k, v in by_qs.items()} == {
        k: (v.holders, v.retiring) for k, v in by_list.items()
    }


def test_unit_totals_roll_up_the_subtree(agency, opd, positions):
    place(hire(agency, "Rudi", born_to_retire_in(2027)), positions["analis"], dt.date(2015, 1, 1))
    with activate(agency):
        policy = records.policy_for(agency)
        items = recruitment.needs(Position.objects.all(), policy=policy, today=TODAY)
    whole, bidang = recruitment.by_unit(items, [opd, positions["bidang"]], items[0].years)
    assert (whole.positions, whole.formasi, whole.holders) == (2, 4, 1)
    assert whole.need == [3, 4, 4, 4, 4]  # Analis 2→3, Kepala Seksi vacant: 1
    assert bidang.need == [2, 3, 3, 3, 3] and bidang.retiring == [0, 1, 0, 0, 0]


@given(birth=st.dates(dt.date(1940, 1, 1), dt.date(2000, 12, 31)), bup=st.sampled_from([58, 60]))
def test_retirement_year_matches_the_retirement_date(birth, bup):
    expected = Employee(birth_date=birth).retirement_date(bup).year
    assert recruitment.retirement_year(birth.year, birth.month, bup) == expected
