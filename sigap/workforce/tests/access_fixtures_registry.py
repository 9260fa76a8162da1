"""URL arguments of the ASN registry pages for the generated access test: an ASN of
agency A placed in the world's unit (whose name is the secret), built through the domain
functions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sigap.tenancy.context import activate
from sigap.workforce.models import Employee, JabatanType
from sigap.workforce.registry import records

# Born 3 Jul 1979, CPNS Mar 2005, female, sequence 004 (distinct from other fixtures).
NIP = "197907032005032004"


def _employee_id(world: dict[str, Any]) -> int:
    agency = world["agency"]
    with activate(agency):
        existing = Employee.objects.filter(nip=NIP).first()
        if existing is not None:
            return existing.pk
    employee = records.create_employee(
        agency,
        full_name="Rina Marlina",
        gender="P",
        birth_date=dt.date(1979, 7, 3),
        service_start=dt.date(2005, 3, 1),
        nip=NIP,
    )
    position = records.create_position(
        agency,
        unit=world["unit"],
        code="AKSES-REGISTER",
        title="Analis Kepegawaian",
        jabatan_type=JabatanType.FUNGSIONAL,
    )
    records.record_assignment(
        employee,
        position=position,
        kind="pengangkatan",
        sk_number="821/AKSES/2005",
        sk_date=dt.date(2005, 3, 1),
        starts_on=dt.date(2005, 3, 1),
    )
    return employee.pk


PROVIDERS = {"employee_id": _employee_id}
