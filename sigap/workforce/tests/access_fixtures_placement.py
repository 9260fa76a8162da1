"""URL arguments of the placement pages for the generated access test: a run of agency A
(and one of its recommendations), built through the domain functions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sigap.tenancy.context import activate
from sigap.workforce.models import JabatanType, PlacementRun, Position
from sigap.workforce.placement import engine as placement
from sigap.workforce.registry import records

CODE = "AKSES-PENEMPATAN"


def _run(world: dict[str, Any]) -> PlacementRun:
    agency = world["agency"]
    with activate(agency):
        if Position.objects.filter(code=CODE).exists():
            return PlacementRun.objects.latest("created_at")
    position = records.create_position(
        agency,
        unit=world["unit"],
        code=CODE,
        title="Analis Kebijakan",
        jabatan_type=JabatanType.FUNGSIONAL,
    )
    employee = records.create_employee(
        agency,
        full_name="Budi Santoso",
        gender="L",
        birth_date=dt.date(1985, 3, 12),
        service_start=dt.date(2010, 1, 1),
        nip="198503122010011001",
    )
    records.add_education(employee, level="S1", field_of_study="Akuntansi", graduation_year=2008)
    return placement.run_placement(
        agency, positions=[position], candidates=[employee], by=None, on=dt.date(2026, 1, 5)
    )


def _recommendation_id(world: dict[str, Any]) -> int:
    run = _run(world)
    with activate(world["agency"]):
        return run.recommendations.get().pk


PROVIDERS = {
    "run_id": lambda world: _run(world).pk,
    "recommendation_id": _recommendation_id,
}
