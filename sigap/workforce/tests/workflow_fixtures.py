"""Records of the workforce's stateful models in a given state, for the generated
transitions test (``sigap/platform/tests/test_transitions.py``)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sigap.tenancy.models import Agency
from sigap.workforce.models import (
    Employee,
    PlacementRecommendation,
    PlacementRun,
    RosterImport,
)
from sigap.workforce.tests import factories as f

_seq = itertools.count(1)


def _employee(agency: Agency) -> Employee:
    n = next(_seq)
    return f.hire(agency, f"Pegawai Uji {n}", dt.date(1985, 3, 12), seq=n)


def employee_in(agency: Agency, state: str) -> Employee:
    employee = _employee(agency)
    # Set-up only: the state is what the test starts from, not a move it checks.
    Employee.objects.filter(pk=employee.pk).update(status=state)
    employee.refresh_from_db()
    return employee


def roster_import_in(agency: Agency, state: str) -> RosterImport:
    return RosterImport.objects.create(
        agency=agency, file_name="asn.csv", content=b"", content_sha256="0" * 64, status=state
    )


def recommendation_in(agency: Agency, state: str) -> PlacementRecommendation:
    n = next(_seq)
    unit = f.unit(agency, f"UJI{n}", f"Dinas Uji {n}")
    post = f.position(agency, unit, f"UJI-{n}", "Analis")
    run = PlacementRun.objects.create(agency=agency, weights={})
    return PlacementRecommendation.objects.create(
        agency=agency,
        run=run,
        position=post,
        employee=_employee(agency),
        score=0.5,
        terms=[],
        decision=state,
    )


FACTORIES: dict[type, Any] = {
    Employee: employee_in,
    RosterImport: roster_import_in,
    PlacementRecommendation: recommendation_in,
}
