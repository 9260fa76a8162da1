"""URL arguments of the citizen pages for the generated access test: an application of
agency A in the world's unit (whose name is the secret), filed with a document by a
citizen through the domain functions."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from sigap.accounts.models import User
from sigap.services import applications
from sigap.services.models import Application, ApplicationDocument, Service
from sigap.services.tests.factories import service_with_standard
from sigap.tenancy.context import activate

CODE = "AKSES-WARGA"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _service(world: dict[str, Any]) -> Service:
    agency = world["agency"]
    with activate(agency):
        existing = Service.objects.filter(code=CODE).first()
    if existing is not None:
        return existing
    service, _standard = service_with_standard(agency, world["unit"], code=CODE)
    return service


def _application(world: dict[str, Any]) -> Application:
    service = _service(world)
    applicant = User.objects.filter(username="warga.akses@example.id").first()
    if applicant is None:
        applicant = User.objects.create_user(
            "warga.akses@example.id",
            "kata-sandi-uji-123",
            full_name="Warga Akses",
            kind=User.Kind.CITIZEN,
        )
    return applications.apply(
        applicant,
        service,
        answers={"nama_bayi": "Bayi Akses", "tanggal_lahir": "2026-01-05"},
        files={"surat_lahir": SimpleUploadedFile("surat.pdf", PDF)},
        idempotency_key="akses",
    )


def _document_id(world: dict[str, Any]) -> int:
    app = _application(world)
    with activate(app.agency):
        return ApplicationDocument.objects.filter(application=app).values_list("pk", flat=True)[0]


PROVIDERS = {
    "service_code": lambda world: _service(world).code,
    "tracking_number": lambda world: _application(world).tracking_number,
    "document_id": _document_id,
}
