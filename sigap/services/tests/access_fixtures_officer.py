"""URL arguments of the officers' pages, API and Open311 for the generated access test,
and the builders the officer tests share: an application of agency A in the world's
unit (whose name is the secret), an Open311 client and a request it filed, all through
the domain functions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from sigap.accounts.models import CitizenProfile, User
from sigap.services import applications
from sigap.services.models import Application, Open311Client, Service
from sigap.services.tests.factories import service_with_standard
from sigap.tenancy.context import activate

PLAIN_FORM = [
    {"key": "nama_bayi", "label": "Nama bayi", "type": "text"},
    {"key": "nik_ibu", "label": "NIK ibu", "type": "nik", "required": False},
    {"key": "description", "label": "Uraian", "type": "textarea", "required": False},
]
CODE = "AKSES-PETUGAS"
NIK_IBU = "1571025705900001"


def make_citizen(email: str = "warga.petugas@example.id", nik: str = "1571024506880002") -> Any:
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user
    user = User.objects.create_user(
        email, "kata-sandi-uji-123", full_name="Rina Marlina", email=email, kind=User.Kind.CITIZEN
    )
    CitizenProfile.objects.create(
        user=user,
        nik=nik,
        birth_date=dt.date(1988, 6, 5),
        consent_version="2026-11",
        consent_given_at=timezone.now(),
    )
    return user


def plain_service(agency: Any, unit: Any, *, code: str = CODE, **kwargs: Any) -> Service:
    with activate(agency):
        existing = Service.objects.filter(code=code).first()
        if existing is not None:
            return existing
    service, _standard = service_with_standard(
        agency, unit, code=code, name="Surat keterangan lahir", form_fields=PLAIN_FORM, **kwargs
    )
    return service


def filed(service: Service, citizen: Any, *, name: str = "Putri Ayu", key: str = "") -> Application:
    """A submitted application, through ``applications.apply``."""
    return applications.apply(
        citizen,
        service,
        answers={"nama_bayi": name, "nik_ibu": NIK_IBU},
        idempotency_key=key,
    )


def _application_id(world: dict[str, Any]) -> int:
    service = plain_service(world["agency"], world["unit"])
    with activate(world["agency"]):
        existing = Application.objects.filter(service=service).first()
        if existing is not None:
            return existing.pk
    return filed(service, make_citizen(), key="akses").pk


def _client(world: dict[str, Any]) -> Open311Client:
    agency = world["agency"]
    with activate(agency):
        existing = Open311Client.objects.filter(name="Aplikasi Akses").first()
    if existing is not None:
        return existing
    client, key = applications.issue_open311_client(agency, name="Aplikasi Akses", by=None)
    world["open311_key"] = key
    return client


def _open311_client_id(world: dict[str, Any]) -> int:
    return _client(world).pk


def _service_request_id(world: dict[str, Any]) -> str:
    client = _client(world)
    service = plain_service(world["agency"], world["unit"])
    with activate(world["agency"]):
        existing = Application.objects.filter(open311_request__client=client).first()
        if existing is not None:
            return existing.tracking_number
    app, _created = applications.file_open311_request(
        client,
        citizen=make_citizen(),
        service=service,
        answers={"nama_bayi": "Bagas"},
        token="akses",
    )
    return app.tracking_number


PROVIDERS = {
    "application_id": _application_id,
    "open311_client_id": _open311_client_id,
    "service_request_id": _service_request_id,
    "format": lambda world: "json",
}
