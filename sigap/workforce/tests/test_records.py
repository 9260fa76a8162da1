from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sigap.tenancy.context import activate
from sigap.workforce.models import Assignment, Employee, JabatanType
from sigap.workforce.registry import queries, records

# Born 12 Mar 1985, CPNS Jan 2010, male, sequence 001.
NIP = "198503122010011001"


@pytest.fixture
def finance(agency, opd):
    return records.create_position(
        agency,
        unit=opd,
        code="KEU-1",
        title="Analis Keuangan",
        jabatan_type=JabatanType.FUNGSIONAL,
        formasi=2,
        min_golongan="III/a",
        relevant_fields=["ekonomi"],
    )


@pytest.fixture
def clerk(agency, opd):
    return records.create_position(
        agency,
        unit=opd,
        code="ADM-1",
        title="Pengadministrasi Umum",
        jabatan_type=JabatanType.PELAKSANA,
    )


@pytest.fixture
def budi(agency):
    return records.create_employee(
        agency,
        full_name="Budi Santoso",
        gender="L",
        birth_date=dt.date(1985, 3, 12),
        service_start=dt.date(2010, 1, 1),
        nip=NIP,
    )


def test_nip_must_agree_with_stated_birth_date_and_gender(agency):
    with pytest.raises(ValidationError) as exc:
        records.create_employee(
            agency,
            full_name="Budi",
            gender="P",
            birth_date=dt.date(1985, 3, 13),
            service_start=dt.date(2010, 1, 1),
            nip=NIP,
        )
    assert set(exc.value.message_dict) == {"birth_date", "gender"}


def test_a_malformed_nip_is_refused_with_its_reason(agency):
    with pytest.raises(ValidationError) as exc:
        records.create_employee(
            agency,
            full_name="Budi",
            gender="L",
            birth_date=dt.date(1985, 3, 12),
            service_start=dt.date(2010, 1, 1),
            nip="198503122010013001",
        )
    assert "15" in str(exc.value)  # names the gender digit


def test_current_position_and_golongan_are_derived_from_history(agency, budi, clerk, finance):
    records.record_rank(budi, golongan="III/a", tmt=dt.date(2010, 1, 1))
    records.record_rank(budi, golongan="III/b", tmt=dt.date(2014, 4, 1))
    records.record_assignment(
        budi,
        position=clerk,
        kind=Assignment.Kind.APPOINTMENT,
        sk_number="813/1/2010",
        sk_date=dt.date(2010, 1, 1),
        starts_on=dt.date(2010, 1, 1),
    )
    records.record_assignment(
        budi,
        position=finance,
        kind=Assignment.Kind.MUTATION,
        sk_number="821.2/44/BKPSDM/2020",
        sk_date=dt.date(2020, 6, 20),
        starts_on=dt.date(2020, 7, 1),
    )
    with activate(agency):
        row = queries.with_current_state(Employee.objects.filter(pk=budi.pk)).get()
        old = Assignment.objects.get(position=clerk)
    assert (row.current_position_title, row.current_golongan) == ("Analis Keuangan", "III/b")
    assert row.current_since == dt.date(2020, 7, 1)
    assert old.ends_on == dt.date(2020, 6, 30)  # closed the day before the move


def test_special_assignment_runs_alongside_the_own_position(agency, budi, clerk, finance):
    records.record_assignment(
        budi,
        position=clerk,
        kind=Assignment.Kind.APPOINTMENT,
        sk_number="1",
        sk_date=dt.date(2010, 1, 1),
        starts_on=dt.date(2010, 1, 1),
    )
    special = records.record_assignment(
        budi,
        position=finance,
        kind=Assignment.Kind.SPECIAL,
        sk_number="2",
        sk_date=dt.date(2024, 1, 1),
        starts_on=dt.date(2024, 1, 2),
    )
    assert not special.is_primary
    with activate(agency):
        assert queries.current_assignment(budi).position == clerk


def test_a_move_needs_an_sk_and_cannot_predate_the_current_one(agency, budi, clerk, finance):
    records.record_assignment(
        budi,
        position=clerk,
        kind=Assignment.Kind.APPOINTMENT,
        sk_number="1",
        sk_date=dt.date(2015, 1, 1),
        starts_on=dt.date(2015, 1, 1),
    )
    with pytest.raises(ValidationError):
        records.record_assignment(
            budi,
            position=finance,
            kind=Assignment.Kind.MUTATION,
            sk_number=" ",
            sk_date=dt.date(2020, 1, 1),
            starts_on=dt.date(2020, 1, 1),
        )
    with pytest.raises(ValidationError):
        records.record_assignment(
            budi,
            position=finance,
            kind=Assignment.Kind.MUTATION,
            sk_number="9",
            sk_date=dt.date(2014, 1, 1),
            starts_on=dt.date(2014, 1, 1),
        )


@pytest.mark.parametrize(
    ("birth", "bup", "expected"),
    [
        (dt.date(1968, 5, 17), 58, dt.date(2026, 6, 1)),
        (dt.date(1968, 12, 3), 58, dt.date(2027, 1, 1)),
        (dt.date(1966, 1, 1), 60, dt.date(2026, 2, 1)),
    ],
)
def test_retirement_is_the_first_of_the_month_after_the_bup_birthday(birth, bup, expected):
    assert Employee(birth_date=birth).retirement_date(bup) == expected


def test_education_field_is_classified_for_placement(agency, budi):
    education = records.add_education(
        budi, level="S1", field_of_study="Akuntansi", graduation_year=2008
    )
    assert education.field_group == "ekonomi"


def test_unit_heads_see_only_their_subtree(agency, opd, unit_head, hr, budi, clerk):
    from sigap.tenancy import org
    from sigap.tenancy.models import OrgUnit

    other_opd = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinas Sosial", code="DINSOS")
    far = records.create_position(
        agency,
        unit=other_opd,
        code="SOS-1",
        title="Pekerja Sosial",
        jabatan_type=JabatanType.FUNGSIONAL,
    )
    siti = records.create_employee(
        agency,
        full_name="Siti",
        gender="P",
        birth_date=dt.date(1990, 1, 2),
        service_start=dt.date(2015, 3, 1),
        nip="199001022015032001",
    )
    records.record_assignment(
        budi,
        position=clerk,
        kind="pengangkatan",
        sk_number="1",
        sk_date=dt.date(2010, 1, 1),
        starts_on=dt.date(2010, 1, 1),
    )
    records.record_assignment(
        siti,
        position=far,
        kind="pengangkatan",
        sk_number="2",
        sk_date=dt.date(2015, 3, 1),
        starts_on=dt.date(2015, 3, 1),
    )
    with activate(agency):
        assert list(queries.employees_visible_to(unit_head, agency)) == [budi]
        assert set(queries.employees_visible_to(hr, agency)) == {budi, siti}


# Issue 8, item 10: a move whose TMT precedes its SK date is refused (documented in
# docs/domain/workforce.md); an appointment may be retroactive.


def test_a_move_starting_before_its_sk_date_is_refused(agency, opd):
    from sigap.workforce.tests import factories as f

    employee = f.hire(agency, "Rina Marlina", dt.date(1988, 4, 2))
    post = f.position(agency, opd, "DUK.ANALIS", "Analis Kependudukan")
    with pytest.raises(ValidationError) as caught:
        records.record_assignment(
            employee,
            position=post,
            kind="mutasi",
            sk_number="821.2/1/BKPSDM/2026",
            sk_date=dt.date(2026, 3, 10),
            starts_on=dt.date(2026, 3, 2),
        )
    assert "sebelum tanggal SK" in caught.value.message_dict["starts_on"][0]


def test_an_appointment_may_count_from_before_its_sk(agency, opd):
    from sigap.workforce.tests import factories as f

    employee = f.hire(agency, "Rina Marlina", dt.date(1988, 4, 2))
    post = f.position(agency, opd, "DUK.ANALIS", "Analis Kependudukan")
    a = records.record_assignment(
        employee,
        position=post,
        kind="pengangkatan",
        sk_number="813/1/BKPSDM/2026",
        sk_date=dt.date(2026, 3, 20),
        starts_on=dt.date(2026, 3, 1),
    )
    assert a.starts_on == dt.date(2026, 3, 1)
