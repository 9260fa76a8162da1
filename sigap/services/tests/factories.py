"""Shared builders for the services tests, through the domain functions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from conftest import make_staff
from sigap.accounts.models import Role, User
from sigap.services import catalogue
from sigap.services.events import record_service_event
from sigap.services.models import Service, ServiceEvent, ServiceStandard
from sigap.tenancy.context import activate
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workforce.models import Employee
from sigap.workforce.tests.factories import asn, position

BIRTH_FORM = [
    {"key": "nama_bayi", "label": "Nama bayi", "type": "text"},
    {"key": "tanggal_lahir", "label": "Tanggal lahir", "type": "date"},
    {"key": "surat_lahir", "label": "Surat keterangan lahir", "type": "file"},
]


def service_with_standard(
    agency: Agency,
    unit: OrgUnit,
    *,
    code: str = "AKTA-LAHIR",
    name: str = "Akta kelahiran",
    time_limit: int = 3,
    time_unit: str = "days",
    form_fields: list[dict[str, Any]] | None = None,
    publish: bool = True,
) -> tuple[Service, ServiceStandard]:
    with activate(agency):
        service = catalogue.create_service(
            agency, unit=unit, code=code, name=name, category=Service.Category.ADMINDUK
        )
        standard = catalogue.draft_standard(
            service,
            requirements=["Surat keterangan lahir", "KK orang tua", "KTP-el orang tua"],
            procedure=["Isi formulir daring", "Unggah dokumen", "Verifikasi", "Akta terbit"],
            time_limit=time_limit,
            time_unit=time_unit,
            product="Kutipan akta kelahiran",
            complaint_handling="Loket pengaduan, SP4N-LAPOR!, WhatsApp 0812-0000-0000",
            fee_note="Gratis (UU 24/2013 tentang Administrasi Kependudukan)",
            form_fields=BIRTH_FORM if form_fields is None else form_fields,
        )
        if publish:
            catalogue.publish_standard(standard)
            standard.refresh_from_db()
        return service, standard


def officer(
    agency: Agency, unit: OrgUnit, name: str, seq: int, *, grant_on: OrgUnit | None = None
) -> tuple[User, Any]:
    """An ASN placed in ``unit`` since 2015 with an officer login (granted on
    ``grant_on``, default ``unit``) linked to the record."""
    post = position(agency, unit, f"PL-{seq}", "Pengadministrasi Kependudukan")
    employee = asn(agency, name, seq=seq, post=post, since=dt.date(2015, 1, 1))
    user = make_staff(f"petugas.{name.lower()}", agency, Role.OFFICER, grant_on or unit)
    Employee.all_objects.filter(pk=employee.pk).update(user=user)
    return User.objects.get(pk=user.pk), Employee.all_objects.get(pk=employee.pk)


def served(
    svc: Service, user: User, on: dt.date, minutes: int, tz: Any, citizen: Any = None
) -> ServiceEvent:
    """A counter service by ``user`` on ``on``: ten minutes' wait from 8:50, then
    ``minutes`` of work from 9:00 (local time in ``tz``)."""
    start = dt.datetime.combine(on, dt.time(9, 0), tzinfo=tz)
    return record_service_event(
        agency=svc.agency,
        service=svc,
        unit=svc.unit,
        officer_user=user,
        channel=ServiceEvent.Channel.COUNTER,
        outcome=ServiceEvent.Outcome.DONE,
        requested_at=start - dt.timedelta(minutes=10),
        started_at=start,
        finished_at=start + dt.timedelta(minutes=minutes),
        citizen=citizen,
    )
