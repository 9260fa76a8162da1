# No "from __future__ import annotations": django-ninja reads real annotations at import.

from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from sigap.platform.api import KeysetPagination, staff
from sigap.tenancy import org
from sigap.tenancy.models import OrgUnit

router = Router(tags=["organisasi"])


class UnitOut(Schema):
    id: int
    parent_id: int | None
    kind: str
    name: str
    short_name: str
    code: str
    is_active: bool


class UnitIn(Schema):
    parent_id: int | None = None
    kind: OrgUnit.Kind
    name: str
    short_name: str = ""
    code: str


class UnitPatch(Schema):
    name: str | None = None
    short_name: str | None = None
    is_active: bool | None = None


@router.get(
    "/units",
    response=list[UnitOut],
    summary="Unit organisasi pemda aktif",
    auth=staff("tenancy.view_agency_units"),
)
@paginate(KeysetPagination)
def list_units(request: HttpRequest, kind: str | None = None):
    qs = OrgUnit.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    return qs


@router.get(
    "/units/{unit_id}",
    response=UnitOut,
    summary="Satu unit organisasi",
    auth=staff("tenancy.view_agency_units"),
)
def get_unit(request: HttpRequest, unit_id: int):
    return get_object_or_404(OrgUnit, pk=unit_id)


@router.post(
    "/units",
    response={201: UnitOut},
    summary="Buat unit organisasi",
    auth=staff("tenancy.manage_agency_units"),
)
def create_unit(request: HttpRequest, payload: UnitIn):
    parent = get_object_or_404(OrgUnit, pk=payload.parent_id) if payload.parent_id else None
    unit = org.create_unit(
        request.agency,
        kind=payload.kind,
        name=payload.name,
        code=payload.code,
        parent=parent,
        short_name=payload.short_name,
    )
    return Status(201, unit)


@router.patch(
    "/units/{unit_id}",
    response=UnitOut,
    summary="Ubah unit organisasi",
    auth=staff("tenancy.manage_agency_units"),
)
def update_unit(request: HttpRequest, unit_id: int, payload: UnitPatch):
    with transaction.atomic():
        unit = get_object_or_404(OrgUnit.objects.select_for_update(), pk=unit_id)
        return org.update_unit(unit, **payload.dict(exclude_unset=True))
