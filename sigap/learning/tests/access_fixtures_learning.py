"""URL arguments of the learning pages and API for the generated access test: agency A's
programme, an enrolment of an ASN placed in the world's (secret) unit, completed with a
certificate, a mentoring pair and an announcement — all through the domain functions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sigap.learning import catalogue, enrolment, mentoring, socialisation
from sigap.learning.models import Announcement, Certificate, Enrolment, MentoringPair, Programme
from sigap.tenancy.context import activate
from sigap.workforce.models import Assignment, Employee
from sigap.workforce.registry import records
from sigap.workforce.tests import factories as wf

CODE = "AKSES-LEARN"


def _people(world: dict[str, Any]) -> list[Employee]:
    agency = world["agency"]
    with activate(agency):
        found = list(Employee.objects.filter(full_name__startswith="Peserta Akses").order_by("pk"))
        if found:
            return found
        post = wf.position(agency, world["unit"], "AKS-1", "Pengadministrasi Akses")
        return [
            wf.asn(agency, f"Peserta Akses {i}", seq=50 + i, post=post, since=dt.date(2020, 1, 1))
            for i in range(2)
        ]


def _programme(world: dict[str, Any]) -> Programme:
    agency = world["agency"]
    with activate(agency):
        existing = Programme.objects.filter(code=CODE).first()
    if existing is not None:
        return existing
    p = catalogue.create_programme(
        agency,
        code=CODE,
        title="Pelatihan akses",
        form="teknis",
        provider_kind="internal",
        year=2026,
        capacity=5,
    )
    start = dt.datetime(2026, 2, 3, 8, tzinfo=agency.zone)
    catalogue.add_session(p, starts_at=start, ends_at=start + dt.timedelta(hours=6), place="Aula")
    return p


def _enrolment(world: dict[str, Any]) -> Enrolment:
    p = _programme(world)
    with activate(world["agency"]):
        existing = Enrolment.objects.filter(programme=p).first()
    if existing is not None:
        return existing
    e = enrolment.nominate(p, _people(world)[0])
    enrolment.approve(e)
    with activate(world["agency"]):
        session = p.sessions.first()
    enrolment.record_attendance(session, {e.pk: True})
    enrolment.complete(e)
    return e


def _certificate_number(world: dict[str, Any]) -> str:
    e = _enrolment(world)
    with activate(world["agency"]):
        return Certificate.objects.get(enrolment=e).number


def _pair(world: dict[str, Any]) -> int:
    with activate(world["agency"]):
        existing = MentoringPair.objects.first()
    if existing is not None:
        return existing.pk
    a, b = _people(world)
    return mentoring.create_pair(
        world["agency"], mentor=a, mentee=b, goals="Kepemimpinan", started_on=dt.date(2026, 1, 5)
    ).pk


def _announcement(world: dict[str, Any]) -> int:
    _people(world)
    with activate(world["agency"]):
        existing = Announcement.objects.first()
    if existing is not None:
        return existing.pk
    return socialisation.publish(
        world["agency"], title="Kebijakan akses", body="Isi", unit_ids=[world["unit"].pk]
    ).pk


def _move(world: dict[str, Any]) -> int:
    """A rotation into the secret unit (from its OPD)."""
    agency, unit = world["agency"], world["unit"]
    with activate(agency):
        existing = Assignment.objects.filter(kind="rotasi", position__unit=unit).first()
        if existing is not None:
            return existing.pk
        home = wf.position(agency, unit.parent, "AKS-ROT", "Pengadministrasi Asal")
        post = wf.position(agency, unit, "AKS-ROT2", "Pengadministrasi Tujuan")
    employee = wf.asn(agency, "Pindahan Akses", seq=60, post=home, since=dt.date(2020, 1, 1))
    return records.move_employee(
        employee,
        position=post,
        sk_number="800/AKSES",
        sk_date=dt.date(2026, 1, 5),
        starts_on=dt.date(2026, 1, 5),
    ).pk


PROVIDERS = {
    "programme_id": lambda world: _programme(world).pk,
    "enrolment_id": lambda world: _enrolment(world).pk,
    "action": lambda world: "approve",
    "pair_id": _pair,
    "announcement_id": _announcement,
    "certificate_number": _certificate_number,
    "move_id": _move,
}
