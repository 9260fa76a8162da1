# No "from __future__ import annotations": django-ninja reads real annotations at import.
"""API of the service catalogue.

* Public, no sign-in (``auth=None``): a pemda's services in force and one service with
  its standard, the same as the public pages (``/publik/{agency_slug}/layanan``).
* Staff: the services of the units the caller manages, create and change a service,
  draft/update the next version of its standard, publish it, read any version. Same
  scope as the pages (``catalogue_access``); every write is a ``catalogue`` function,
  whose ``ValidationError`` the API's handlers turn into the one error shape.

The Open311 GeoReport v2 ``services`` operations live in ``open311_services`` and are
mounted here.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from sigap.platform.access import public
from sigap.platform.api import ErrorOut, KeysetPagination, staff
from sigap.services import catalogue
from sigap.services.catalogue_access import (
    MANAGE,
    draft_of,
    get_service_for,
    services_for,
    units_for,
    versions_of,
)
from sigap.services.models import Service, ServiceStandard
from sigap.services.open311_services import router as open311_services_router
from sigap.services.public_catalogue import public_service, published_services
from sigap.services.public_stats import ServiceStats, last_month, stats_for

router = Router(tags=["katalog layanan"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# -------------------------------------------------------------------- schemas


class FormFieldOut(Schema):
    key: str
    label: str
    type: str
    required: bool
    help: str = ""
    choices: list[str] = []
    max_length: int | None = None


class PublishedStandardOut(Schema):
    """The published components (PermenPAN-RB 15/2014) and the application form."""

    version: int
    published_at: dt.datetime | None
    requirements: list[str]
    procedure: list[str]
    time_limit: int
    time_unit: str = Field(..., description="hours (jam kerja) atau days (hari kerja)")
    fee: int = Field(..., description="Rupiah; 0 = gratis")
    fee_note: str
    product: str
    complaint_handling: str
    legal_basis: str
    form_fields: list[FormFieldOut]

    @staticmethod
    def resolve_fee(obj: ServiceStandard) -> int:
        return int(obj.fee)


class StandardOut(PublishedStandardOut):
    """Every component, the internal ones too (for the staff who manage them)."""

    status: str
    facilities: str
    staff_competence: str
    internal_supervision: str
    staff_count: int
    service_guarantee: str
    safety_guarantee: str
    performance_evaluation: str


class MeasuredOut(Schema):
    month: str = Field(..., description="Bulan yang diukur, YYYY-MM")
    finished: int = Field(..., description="Permohonan daring selesai pada bulan itu")
    median_working_seconds: int | None = Field(
        None, description="Median waktu proses, dalam detik jam kerja"
    )
    on_time_share: float | None = Field(None, description="Bagian yang selesai tepat waktu, 0–1")


class PublicServiceOut(Schema):
    code: str
    name: str
    category: str
    summary: str
    unit: str
    accepts_online: bool
    time_limit: int
    time_unit: str
    fee: int
    measured: MeasuredOut


class PublicServiceDetailOut(Schema):
    code: str
    name: str
    category: str
    summary: str
    unit: str
    accepts_online: bool
    standard: PublishedStandardOut
    measured: MeasuredOut


class PublicQuery(Schema):
    q: str = Field("", max_length=100, description="Nama, ringkasan atau persyaratan")
    category: str = Field("", description="adminduk, perizinan, kesehatan, …")


class ServiceOut(Schema):
    id: int
    code: str
    name: str
    category: str
    summary: str
    unit_id: int
    unit_name: str
    accepts_online: bool
    is_active: bool

    @staticmethod
    def resolve_unit_name(obj: Any) -> str:
        return obj["unit_name"] if isinstance(obj, dict) else obj.unit.name


class ServiceDetailOut(ServiceOut):
    in_force_version: int | None
    draft_version: int | None
    versions: list[int]


class ServiceIn(Schema):
    unit_id: int
    code: str = Field(..., max_length=40)
    name: str = Field(..., max_length=200)
    category: Service.Category
    summary: str = ""
    accepts_online: bool = True


class ServicePatch(Schema):
    unit_id: int | None = None
    name: str | None = Field(None, max_length=200)
    category: Service.Category | None = None
    summary: str | None = None
    accepts_online: bool | None = None
    is_active: bool | None = None


class StandardIn(Schema):
    """The components to set in the draft; those left out keep their value (the draft's,
    or the version in force when the draft is new)."""

    requirements: list[str] | None = None
    procedure: list[str] | None = None
    time_limit: int | None = Field(None, ge=1)
    time_unit: ServiceStandard.TimeUnit | None = None
    fee: int | None = Field(None, ge=0)
    fee_note: str | None = Field(None, max_length=300)
    product: str | None = None
    complaint_handling: str | None = None
    legal_basis: str | None = None
    facilities: str | None = None
    staff_competence: str | None = None
    internal_supervision: str | None = None
    staff_count: int | None = Field(None, ge=0)
    service_guarantee: str | None = None
    safety_guarantee: str | None = None
    performance_evaluation: str | None = None
    form_fields: list[dict[str, Any]] | None = Field(
        None, description="Isian formulir: key, label, type, required, help, choices"
    )


# -------------------------------------------------------------------- helpers


def _measured(stats: ServiceStats | None, month: Any) -> dict[str, Any]:
    stats = stats or ServiceStats(0, None, 0, 0)
    return {
        "month": f"{month.first:%Y-%m}",
        "finished": stats.finished,
        "median_working_seconds": stats.median_seconds,
        "on_time_share": stats.on_time_share,
    }


def _public_row(service: Service, stats: dict[int, ServiceStats], month: Any) -> dict[str, Any]:
    st = service.standard
    return {
        "code": service.code,
        "name": service.name,
        "category": service.category,
        "summary": service.summary,
        "unit": service.unit.name,
        "accepts_online": service.accepts_online,
        "time_limit": st.time_limit,
        "time_unit": st.time_unit,
        "fee": int(st.fee),
        "measured": _measured(stats.get(service.pk), month),
    }


def _service(request: HttpRequest, service_id: int) -> Service:
    service = get_service_for(request.user, request.agency, service_id)
    if service is None:
        raise Http404
    return service


def _detail(service: Service) -> dict[str, Any]:
    versions = list(versions_of(service))
    in_force = next((v for v in versions if v.status == ServiceStandard.Status.PUBLISHED), None)
    draft = next((v for v in versions if v.status == ServiceStandard.Status.DRAFT), None)
    return {
        **{f: getattr(service, f) for f in ("id", "code", "name", "category", "summary")},
        "unit_id": service.unit_id,
        "unit_name": service.unit.name,
        "accepts_online": service.accepts_online,
        "is_active": service.is_active,
        "in_force_version": in_force.version if in_force else None,
        "draft_version": draft.version if draft else None,
        "versions": [v.version for v in versions],
    }


def _unit(request: HttpRequest, unit_id: int) -> Any:
    unit = units_for(request.user, request.agency).filter(pk=unit_id).first()
    if unit is None:
        raise ValidationError(
            {"unit_id": "Unit tidak ditemukan atau di luar unit yang Anda kelola."}
        )
    return unit


# -------------------------------------------------------------------- public


@router.get(
    "/publik/{agency_slug}/layanan",
    response={200: list[PublicServiceOut], 404: ErrorOut},
    auth=None,
    summary="Layanan pemda yang standarnya berlaku (publik)",
)
@public
def public_services(request: HttpRequest, agency_slug: str, filters: Query[PublicQuery]):
    agency = request.agency
    month = last_month(agency)
    services = published_services(agency, q=filters.q, category=filters.category)
    stats = stats_for(agency, month=month)
    return [_public_row(s, stats, month) for s in services]


@router.get(
    "/publik/{agency_slug}/layanan/{service_code}",
    response={200: PublicServiceDetailOut, 404: ErrorOut},
    auth=None,
    summary="Satu layanan dengan standar yang berlaku (publik)",
)
@public
def public_service_detail(request: HttpRequest, agency_slug: str, service_code: str):
    agency = request.agency
    service = public_service(agency, service_code)
    if service is None:
        raise Http404
    month = last_month(agency)
    stats = stats_for(agency, [service.pk], month=month)
    return {
        "code": service.code,
        "name": service.name,
        "category": service.category,
        "summary": service.summary,
        "unit": service.unit.name,
        "accepts_online": service.accepts_online,
        "standard": service.standard,
        "measured": _measured(stats.get(service.pk), month),
    }


# -------------------------------------------------------------------- staff


@router.get(
    "/katalog/layanan",
    response={200: list[ServiceOut], **ERRORS},
    auth=staff(*MANAGE),
    summary="Layanan unit yang Anda kelola",
)
@paginate(KeysetPagination)
def list_services(request: HttpRequest):
    return services_for(request.user, request.agency).order_by("pk")


@router.post(
    "/katalog/layanan",
    response={201: ServiceDetailOut, **ERRORS},
    auth=staff(*MANAGE),
    summary="Tambah layanan",
)
def create_service(request: HttpRequest, payload: ServiceIn):
    data = payload.dict()
    unit = _unit(request, data.pop("unit_id"))
    service = catalogue.create_service(request.agency, unit=unit, by=request.user, **data)
    return Status(201, _detail(service))


@router.get(
    "/katalog/layanan/{service_id}",
    response={200: ServiceDetailOut, **ERRORS},
    auth=staff(*MANAGE),
    summary="Satu layanan dan versi standarnya",
)
def get_service(request: HttpRequest, service_id: int):
    return _detail(_service(request, service_id))


@router.patch(
    "/katalog/layanan/{service_id}",
    response={200: ServiceDetailOut, **ERRORS},
    auth=staff(*MANAGE),
    summary="Ubah data layanan",
)
def update_service(request: HttpRequest, service_id: int, payload: ServicePatch):
    service = _service(request, service_id)
    changes = payload.dict(exclude_unset=True)
    if "unit_id" in changes:
        changes["unit"] = _unit(request, changes.pop("unit_id"))
    service = catalogue.update_service(service, by=request.user, **changes)
    return _detail(service)


@router.put(
    "/katalog/layanan/{service_id}/konsep",
    response={200: StandardOut, **ERRORS},
    auth=staff(*MANAGE),
    summary="Buat atau ubah konsep versi berikutnya dari standar pelayanan",
)
def put_draft(request: HttpRequest, service_id: int, payload: StandardIn):
    service = _service(request, service_id)
    values = payload.dict(exclude_unset=True)
    if "fee" in values:
        catalogue.check_fee(service, values["fee"])
    draft = draft_of(service)
    if draft is not None:
        return catalogue.update_draft(draft, by=request.user, **values)
    return catalogue.draft_standard(service, by=request.user, **values)


@router.post(
    "/katalog/layanan/{service_id}/terbitkan",
    response={200: StandardOut, **ERRORS},
    auth=staff(*MANAGE),
    summary="Terbitkan konsep: berlaku untuk permohonan baru, versi lama tidak berlaku lagi",
)
def publish(request: HttpRequest, service_id: int):
    service = _service(request, service_id)
    draft = draft_of(service)
    if draft is None:
        raise ValidationError("Tidak ada konsep standar untuk diterbitkan.")
    catalogue.check_fee(service, draft.fee)
    return catalogue.publish_standard(draft, by=request.user)


@router.get(
    "/katalog/layanan/{service_id}/standar/{standard_version}",
    response={200: StandardOut, **ERRORS},
    auth=staff(*MANAGE),
    summary="Satu versi standar pelayanan (konsep, berlaku, atau tidak berlaku lagi)",
)
def get_version(request: HttpRequest, service_id: int, standard_version: int):
    service = _service(request, service_id)
    standard = service.standards.filter(version=standard_version).first()
    if standard is None:
        raise Http404
    return standard


router.add_router("/", open311_services_router)
