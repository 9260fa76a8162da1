# No "from __future__ import annotations": django-ninja reads real annotations at import.

from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import field_validator
from pydantic_core import PydanticCustomError

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
    """Only the fields sent are changed. None of them takes null: an empty short name is
    ``""``; null used to reach the NOT NULL column and answer 500 (issue 8, item 5)."""

    # Defaults are not validated, so "not sent" stays None while an explicit null is
    # refused below; the OpenAPI types stay non-nullable, as the columns are.
    name: str = None  # type: ignore[assignment]
    short_name: str = None  # type: ignore[assignment]
    is_active: bool = None  # type: ignore[assignment]

    @field_validator("name", "short_name", "is_active", mode="before")
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise PydanticCustomError(
                "null_not_allowed",
                gettext("Kolom ini tidak boleh null; lewati kolom ini bila tidak diubah."),
            )
        return value


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
