"""URL arguments of the handover pages for the generated access test: a serah terima of
agency A in the world's unit (whose name is the secret), built through the domain
functions. ``employee_id`` comes from access_fixtures_registry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sigap.tenancy.context import activate
from sigap.workforce.handover import handovers as handover
from sigap.workforce.models import Handover, JabatanType
from sigap.workforce.registry import records

CODE = "AKSES-SERAH-TERIMA"


def _handover_id(world: dict[str, Any]) -> int:
    agency = world["agency"]
    with activate(agency):
        existing = Handover.objects.filter(position__code=CODE).first()
        if existing is not None:
            return existing.pk
    position = records.create_position(
        agency,
        unit=world["unit"],
        code=CODE,
        title="Kepala Bidang",
        jabatan_type=JabatanType.ADMINISTRATOR,
    )
    # Born 21 Apr 1976, CPNS Feb 2001, male / born 9 Sep 1982, CPNS Jan 2008, female.
    leaving = records.create_employee(
        agency,
        full_name="Hendra Gunawan",
        gender="L",
        birth_date=dt.date(1976, 4, 21),
        service_start=dt.date(2001, 2, 1),
        nip="197604212001021007",
    )
    successor = records.create_employee(
        agency,
        full_name="Dewi Lestari",
        gender="P",
        birth_date=dt.date(1982, 9, 9),
        service_start=dt.date(2008, 1, 1),
        nip="198209092008012008",
    )
    records.record_assignment(
        leaving,
        position=position,
        kind="promosi",
        sk_number="821.2/7/BKPSDM/2019",
        sk_date=dt.date(2019, 1, 2),
        starts_on=dt.date(2019, 1, 2),
    )
    return handover.hand_over(
        position,
        from_employee=leaving,
        to_employee=successor,
        is_acting=True,
        sk_number="800.1.3.3/12/BKPSDM/2026",
        handed_over_on=dt.date(2026, 1, 5),
        by=None,
    ).pk


PROVIDERS = {"handover_id": _handover_id}
