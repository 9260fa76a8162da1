"""Writes to the ASN registry. Every change goes through one of these functions:
validated, atomic, inside ``acting_for(agency)`` so that it is scoped and audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from sigap.identifiers.nip import parse_nip
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workforce.models import (
    Assignment,
    Competency,
    CompetencyAssessment,
    Education,
    Employee,
    Position,
    PositionRequirement,
    RankHistory,
    WorkforcePolicy,
)
from sigap.workforce.reference import classify_study_field, golongan_by_code


def policy_for(agency: Agency) -> WorkforcePolicy:
    with acting_for(agency):
        policy, _ = WorkforcePolicy.objects.get_or_create(agency=agency)
        return policy


@transaction.atomic
def create_position(
    agency: Agency,
    *,
    unit: OrgUnit,
    code: str,
    title: str,
    jabatan_type: str,
    formasi: int = 1,
    min_golongan: str = "",
    relevant_fields: list[str] | None = None,
    requirements: dict[Competency, int] | None = None,
) -> Position:
    with acting_for(agency):
        if unit.agency_id != agency.pk:
            raise ValidationError({"unit": "Unit milik pemda lain."})
        position = Position(
            agency=agency,
            unit=unit,
            code=code,
            title=title,
            jabatan_type=jabatan_type,
            formasi=formasi,
            min_golongan=min_golongan,
            relevant_fields=relevant_fields or [],
        )
        position.full_clean()
        position.save()
        for competency, level in (requirements or {}).items():
            PositionRequirement.objects.create(
                agency=agency, position=position, competency=competency, level=level
            )
        return position


@transaction.atomic
def create_employee(
    agency: Agency,
    *,
    full_name: str,
    gender: str,
    birth_date: dt.date,
    service_start: dt.date,
    kind: str = Employee.Kind.PNS,
    nip: str | None = None,
    pppk_number: str | None = None,
) -> Employee:
    with acting_for(agency):
        if kind == Employee.Kind.PNS:
            if not nip:
                raise ValidationError({"nip": "NIP wajib untuk PNS."})
            parsed = parse_nip(nip)
            problems = {}
            if parsed.birth_date != birth_date:
                problems["birth_date"] = "Tanggal lahir tidak sama dengan digit 1–8 NIP."
            if parsed.gender != gender:
                problems["gender"] = "Jenis kelamin tidak sama dengan digit ke-15 NIP."
            if problems:
                raise ValidationError(problems)
        employee = Employee(
            agency=agency,
            kind=kind,
            nip=nip or None,
            pppk_number=pppk_number or None,
            full_name=full_name,
            gender=gender,
            birth_date=birth_date,
            service_start=service_start,
        )
        employee.full_clean()
        employee.save()
        return employee


@transaction.atomic
def record_rank(
    employee: Employee, *, golongan: str, tmt: dt.date, sk_number: str = ""
) -> RankHistory:
    with acting_for(employee.agency):
        if golongan not in golongan_by_code():
            raise ValidationError({"golongan": f"Golongan {golongan!r} tidak dikenal."})
        if tmt < employee.service_start:
            raise ValidationError({"tmt": "TMT pangkat tidak boleh sebelum TMT CPNS."})
        return RankHistory.objects.create(
            agency=employee.agency,
            employee=employee,
            golongan=golongan,
            tmt=tmt,
            sk_number=sk_number,
        )


@transaction.atomic
def add_education(
    employee: Employee,
    *,
    level: str,
    field_of_study: str,
    graduation_year: int,
    institution: str = "",
) -> Education:
    with acting_for(employee.agency):
        if (
            graduation_year > employee.birth_date.year + 80
            or graduation_year < employee.birth_date.year + 10
        ):
            raise ValidationError(
                {"graduation_year": "Tahun lulus tidak masuk akal untuk tanggal lahir ini."}
            )
        return Education.objects.create(
            agency=employee.agency,
            employee=employee,
            level=level,
            field_of_study=field_of_study,
            field_group=classify_study_field(field_of_study),
            institution=institution,
            graduation_year=graduation_year,
        )


@transaction.atomic
def record_assessment(
    employee: Employee,
    *,
    competency: Competency,
    level: int,
    assessed_on: dt.date,
    method: str = "",
) -> CompetencyAssessment:
    with acting_for(employee.agency):
        if not 1 <= level <= 5:
            raise ValidationError({"level": "Level kompetensi harus 1 sampai 5."})
        return CompetencyAssessment.objects.create(
            agency=employee.agency,
            employee=employee,
            competency=competency,
            level=level,
            assessed_on=assessed_on,
            method=method,
        )


@transaction.atomic
def record_assignment(
    employee: Employee,
    *,
    position: Position,
    kind: str,
    sk_number: str,
    sk_date: dt.date,
    starts_on: dt.date,
    note: str = "",
) -> Assignment:
    """Record a move. A primary move closes the person's open primary assignment the day
    before; a secondary one (special assignment, secondment, Plt) runs alongside it."""
    with acting_for(employee.agency):
        if position.agency_id != employee.agency_id:
            raise ValidationError({"position": "Jabatan milik pemda lain."})
        if not sk_number.strip():
            raise ValidationError({"sk_number": "Nomor SK wajib diisi."})
        if sk_date > starts_on + dt.timedelta(days=365):
            raise ValidationError({"sk_date": "Tanggal SK terlalu jauh setelah tanggal mulai."})
        is_primary = kind not in Assignment.SECONDARY_KINDS
        if is_primary:
            current = (
                Assignment.objects.select_for_update()
                .filter(employee=employee, ends_on__isnull=True, is_primary=True)
                .first()
            )
            if current is not None:
                if starts_on <= current.starts_on:
                    raise ValidationError(
                        {"starts_on": "Tanggal mulai harus setelah jabatan saat ini dimulai."}
                    )
                current.ends_on = starts_on - dt.timedelta(days=1)
                current.save(update_fields=["ends_on"])
        assignment = Assignment(
            agency=employee.agency,
            employee=employee,
            position=position,
            kind=kind,
            is_primary=is_primary,
            sk_number=sk_number.strip(),
            sk_date=sk_date,
            starts_on=starts_on,
            note=note,
        )
        assignment.full_clean()
        assignment.save()
        return assignment


@transaction.atomic
def end_assignment(assignment: Assignment, *, ends_on: dt.date) -> Assignment:
    with acting_for(assignment.agency):
        if ends_on < assignment.starts_on:
            raise ValidationError({"ends_on": "Tanggal selesai sebelum tanggal mulai."})
        assignment.ends_on = ends_on
        assignment.save(update_fields=["ends_on"])
        return assignment
