"""URL arguments of the catalogue pages and API for the generated access test: a service
of agency A in the world's unit (whose name is the secret), with a published standard
(version 1) and a draft of version 2, built through the domain functions."""

from __future__ import annotations

from typing import Any

from sigap.services import catalogue
from sigap.services.models import Service
from sigap.services.tests.factories import service_with_standard
from sigap.tenancy.context import activate

CODE = "AKSES-KATALOG"


def catalogue_service(world: dict[str, Any]) -> Service:
    agency = world["agency"]
    with activate(agency):
        existing = Service.objects.filter(code=CODE).first()
        if existing is not None:
            return existing
    service, _standard = service_with_standard(
        agency, world["unit"], code=CODE, name="Layanan Katalog Akses"
    )
    with activate(agency):
        catalogue.draft_standard(service, time_limit=2)
    return service


PROVIDERS = {
    "service_id": lambda world: catalogue_service(world).pk,
    "service_code": lambda world: catalogue_service(world).code,
    "standard_version": lambda world: 1,
    "format": lambda world: "json",
}
