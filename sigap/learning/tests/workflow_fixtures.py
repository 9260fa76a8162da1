"""Records in a given state for the generated transition-table test
(sigap/platform/tests/test_transitions.py): light on purpose, 70 cases build one each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sigap.learning.models import Enrolment, MentoringPair, Programme
from sigap.tenancy import org
from sigap.tenancy.models import OrgUnit
from sigap.workforce.models import Employee
from sigap.workforce.tests import factories as wf


def _employee(agency: Any) -> Employee:
    n = Employee.all_objects.filter(agency=agency).count() + 1
    return wf.hire(agency, f"Pegawai Alur {n}", dt.date(1980, 1, 1), seq=n)


def make_enrolment(agency: Any, state: str) -> Enrolment:
    n = Programme.all_objects.count() + 1
    unit = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name=f"BKPSDM {n}", code=f"BK{n}")
    programme = Programme.objects.create(
        agency=agency,
        code=f"ALUR-{n}",
        title="Pelatihan alur",
        form="teknis",
        provider_kind="internal",
        jp=0,
        capacity=5,
        year=2026,
    )
    return Enrolment.objects.create(
        agency=agency, programme=programme, employee=_employee(agency), unit=unit, status=state
    )


def make_pair(agency: Any, state: str) -> MentoringPair:
    return MentoringPair.objects.create(
        agency=agency,
        mentor=_employee(agency),
        mentee=_employee(agency),
        goals="Sasaran",
        started_on=dt.date(2026, 1, 5),
        status=state,
    )


FACTORIES = {Enrolment: make_enrolment, MentoringPair: make_pair}
