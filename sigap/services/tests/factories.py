"""Shared builders for the services tests, through the domain functions."""

from __future__ import annotations

from typing import Any

from sigap.services import catalogue
from sigap.services.models import Service, ServiceStandard
from sigap.tenancy.context import activate
from sigap.tenancy.models import Agency, OrgUnit

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
