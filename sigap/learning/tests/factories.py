"""Builders for the learning tests, through the domain functions: a Disdukcapil with a
front-office bidang, competencies, positions with standards, ASN with logins, a budget
and a programme with two sessions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from conftest import make_staff
from sigap.accounts.models import Role
from sigap.learning import budgets, catalogue
from sigap.learning.models import Budget, Form, Programme
from sigap.tenancy.context import activate
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workforce.models import Employee
from sigap.workforce.registry import records
from sigap.workforce.tests import factories as wf

YEAR = 2026


@dataclass
class World:
    agency: Agency
    opd: OrgUnit
    bidang: OrgUnit
    competency: Any
    other_competency: Any
    staff: list[Employee]
    head_user: Any
    budget: Budget


def at(agency: Agency, day: dt.date, hour: int, minutes: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minutes), tzinfo=agency.zone)


def build(agency: Agency, opd: OrgUnit, *, planned: int = 3_000_000, people: int = 4) -> World:
    with activate(agency):
        bidang = wf.unit(agency, "PDF", "Bidang Pelayanan Pendaftaran Penduduk", parent=opd)
        comm = wf.competency(agency, "KOM", "Komunikasi publik", kind="sosial_kultural")
        ict = wf.competency(agency, "TIK", "Aplikasi layanan digital")
        post = wf.position(agency, bidang, "PLK-1", "Pengadministrasi Kependudukan")
        records.set_requirements(post, {comm: 3, ict: 3})
        staff = []
        for i in range(people):
            levels = {comm: 3 - min(i, 2), ict: 2}
            employee = wf.asn(
                agency,
                f"Pegawai {chr(65 + i)}",
                seq=i + 1,
                birth=dt.date(1985 + i, 3, 12),
                levels=levels,
                post=post,
                since=dt.date(2020, 1, 1),
            )
            staff.append(employee)
    head = make_staff(f"kepala.{opd.code.lower()}", agency, Role.UNIT_HEAD, unit=opd)
    budget = budgets.set_budget(
        agency, unit=opd, year=YEAR, source=Budget.Source.APBD, planned=planned
    )
    return World(agency, opd, bidang, comm, ict, staff, head, budget)


def link_login(
    employee: Employee, username: str, role: str = Role.OFFICER, unit: Any = None
) -> Any:
    user = make_staff(username, employee.agency, role, unit=unit)
    with activate(employee.agency):
        records.update_employee(employee, user=user)
    employee.refresh_from_db()
    return user


def programme(
    world: World,
    *,
    code: str = "TIK-01",
    cost: int = 1_000_000,
    capacity: int = 10,
    form: str = Form.TEKNIS,
    days: tuple[dt.date, ...] = (dt.date(YEAR, 3, 10), dt.date(YEAR, 3, 11)),
) -> Programme:
    p = catalogue.create_programme(
        world.agency,
        code=code,
        title="Pelatihan aplikasi layanan digital",
        form=form,
        provider_kind=Programme.Provider.GOVERNMENT,
        provider_name="BPSDM Provinsi",
        year=YEAR,
        capacity=capacity,
        cost_per_participant=Decimal(cost),
        targets={world.other_competency: 3},
    )
    for day in days:
        catalogue.add_session(
            p,
            starts_at=at(world.agency, day, 8),
            ends_at=at(world.agency, day, 14),
            place="Aula BKPSDM",
        )
    p.refresh_from_db()
    return p
