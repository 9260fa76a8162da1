"""Shared builders for the workforce graph (units, positions, ASN with rank, education,
assessments and assignments), built through the domain functions as production code
writes them: a factory that saved models directly would test data the app never makes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sigap.tenancy import org
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workforce.models import Assignment, Competency, Employee, JabatanType, Position
from sigap.workforce.registry import records


def nip_for(birth: dt.date, start: dt.date, gender: str, seq: int = 1) -> str:
    """A valid PNS NIP agreeing with the birth date, TMT CPNS month and gender."""
    return f"{birth:%Y%m%d}{start:%Y%m}{1 if gender == 'L' else 2}{seq:03d}"


def unit(
    agency: Agency,
    code: str,
    name: str,
    *,
    parent: OrgUnit | None = None,
    kind: str | None = None,
) -> OrgUnit:
    kind = kind or (OrgUnit.Kind.BIDANG if parent is not None else OrgUnit.Kind.OPD)
    return org.create_unit(agency, kind=kind, name=name, code=code, parent=parent)


def competency(agency: Agency, code: str, name: str, kind: str = "teknis") -> Competency:
    return records.create_competency(agency, code=code, name=name, kind=kind)


def position(
    agency: Agency,
    at: OrgUnit,
    code: str,
    title: str,
    jabatan_type: str = JabatanType.FUNGSIONAL,
    **kwargs: Any,
) -> Position:
    return records.create_position(
        agency, unit=at, code=code, title=title, jabatan_type=jabatan_type, **kwargs
    )


def hire(
    agency: Agency,
    name: str,
    birth: dt.date,
    *,
    gender: str = "L",
    start: dt.date | None = None,
    seq: int = 1,
) -> Employee:
    """A PNS with a consistent NIP; CPNS at 19 at the earliest (the NIP refuses a TMT
    before the 18th birthday)."""
    start = start or max(dt.date(2010, 1, 1), dt.date(birth.year + 19, 1, 1))
    return records.create_employee(
        agency,
        full_name=name,
        gender=gender,
        birth_date=birth,
        service_start=start,
        nip=nip_for(birth, start, gender, seq),
    )


def place(
    employee: Employee,
    post: Position,
    starts_on: dt.date,
    kind: str = Assignment.Kind.APPOINTMENT,
    sk_number: str | None = None,
) -> Assignment:
    return records.record_assignment(
        employee,
        position=post,
        kind=kind,
        sk_number=sk_number or f"821/{employee.pk}/{starts_on:%Y%m%d}",
        sk_date=starts_on,
        starts_on=starts_on,
    )


def asn(
    agency: Agency,
    name: str,
    *,
    birth: dt.date = dt.date(1985, 3, 12),
    gender: str = "L",
    start: dt.date = dt.date(2010, 1, 1),
    seq: int = 1,
    golongan: str | None = "III/c",
    education: tuple[str, str] | None = ("S1", "Akuntansi"),
    levels: dict[Competency, int] | None = None,
    post: Position | None = None,
    since: dt.date = dt.date(2015, 1, 1),
    sk_number: str | None = None,
) -> Employee:
    """An ASN with the usual history: rank at TMT CPNS, one education, assessments and
    (with ``post``) an appointment."""
    employee = hire(agency, name, birth, gender=gender, start=start, seq=seq)
    if golongan:
        records.record_rank(employee, golongan=golongan, tmt=start)
    if education:
        records.add_education(
            employee,
            level=education[0],
            field_of_study=education[1],
            graduation_year=start.year - 2,
        )
    for comp, level in (levels or {}).items():
        records.record_assessment(
            employee, competency=comp, level=level, assessed_on=dt.date(2024, 5, 1)
        )
    if post is not None:
        place(employee, post, since, sk_number=sk_number or f"SK/{seq}")
    return employee
