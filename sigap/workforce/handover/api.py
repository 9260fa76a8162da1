# No "from __future__ import annotations": django-ninja reads real annotations at import.
"""Serah terima jabatan over the API: the same domain function as the pages."""

import datetime as dt

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from sigap.platform.api import ErrorOut, KeysetPagination, staff
from sigap.workforce.handover import handovers as ho
from sigap.workforce.models import Employee, Handover, Position

router = Router(tags=["serah terima jabatan"])
MANAGE = "workforce.manage_handover"


class MovedItemOut(Schema):
    kind: str
    id: int
    label: str
    action: str  # "dipindahkan" or "dicabut"
    to_employee_id: int | None = None


class HandoverOut(Schema):
    id: int
    position_id: int
    position_title: str
    from_employee_id: int
    from_employee_name: str
    to_employee_id: int
    to_employee_name: str
    is_acting: bool
    sk_number: str
    handed_over_on: dt.date
    items_moved: list[MovedItemOut]
    created_at: dt.datetime

    @staticmethod
    def resolve_position_title(obj: Handover) -> str:
        return obj.position.title

    @staticmethod
    def resolve_from_employee_name(obj: Handover) -> str:
        return obj.from_employee.full_name

    @staticmethod
    def resolve_to_employee_name(obj: Handover) -> str:
        return obj.to_employee.full_name


class HandoverIn(Schema):
    position_id: int
    from_employee_id: int
    to_employee_id: int
    is_acting: bool = False
    sk_number: str
    handed_over_on: dt.date


class OpenItemOut(Schema):
    kind: str
    kind_label: str
    id: int
    label: str


@router.get(
    "/handovers",
    operation_id="sigap_workforce_api_handover_list_handovers",
    response=list[HandoverOut],
    summary="Serah terima jabatan, terbaru lebih dulu",
    auth=staff(MANAGE),
)
@paginate(KeysetPagination, descending=True)
def list_handovers(request: HttpRequest):
    return ho.handovers_in(request.agency)


@router.get(
    "/handovers/{handover_id}",
    operation_id="sigap_workforce_api_handover_get_handover",
    response=HandoverOut,
    summary="Satu serah terima jabatan dengan pekerjaan yang dipindahkan",
    auth=staff(MANAGE),
)
def get_handover(request: HttpRequest, handover_id: int):
    record = ho.handover_for(request.agency, handover_id)
    if record is None:
        raise Http404
    return record


@router.post(
    "/handovers",
    operation_id="sigap_workforce_api_handover_create_handover",
    response={200: HandoverOut, 201: HandoverOut, 409: ErrorOut},
    summary="Catat serah terima jabatan dan pindahkan pekerjaan terbuka",
    description=(
        "Memindahkan semua pekerjaan terbuka pejabat yang menyerahkan kepada penerima. "
        "Dengan `is_acting`, penerima dicatat sebagai Plt jabatan itu. Permintaan yang sama "
        "(jabatan, kedua ASN, dan nomor SK sama) tidak memindahkan apa pun lagi: "
        "jawabannya 200 dengan catatan yang pertama, bukan 201."
    ),
    auth=staff(MANAGE),
)
def create_handover(request: HttpRequest, payload: HandoverIn):
    # Tenant-scoped lookups: another agency's post or ASN is simply not found.
    position = get_object_or_404(Position, pk=payload.position_id)
    from_employee = get_object_or_404(Employee, pk=payload.from_employee_id)
    to_employee = get_object_or_404(Employee, pk=payload.to_employee_id)
    try:
        record = ho.hand_over(
            position,
            from_employee=from_employee,
            to_employee=to_employee,
            is_acting=payload.is_acting,
            sk_number=payload.sk_number,
            handed_over_on=payload.handed_over_on,
            by=request.user,
        )
    except ho.HandoverIncomplete:
        # Work arrived for the leaving officer while moving: nothing was saved.
        raise HttpError(409, "Ada pekerjaan baru masuk saat serah terima. Ulangi.") from None
    return Status(200 if getattr(record, "replayed", False) else 201, record)


@router.get(
    "/employees/{employee_id}/open-work",
    operation_id="sigap_workforce_api_handover_employee_open_work",
    response=list[OpenItemOut],
    summary="Pekerjaan terbuka seorang ASN (yang akan pindah saat serah terima)",
    description=(
        "Semua jenis pekerjaan yang terdaftar untuk serah terima. Dengan `position_id`, "
        "pekerjaan yang melekat pada jabatan (mis. peran di unit) dibatasi pada jabatan itu. "
        "Tidak berhalaman: pekerjaan terbuka satu orang sedikit."
    ),
    auth=staff(MANAGE),
)
def employee_open_work(request: HttpRequest, employee_id: int, position_id: int | None = None):
    employee = get_object_or_404(Employee, pk=employee_id)
    position = get_object_or_404(Position, pk=position_id) if position_id else None
    return [
        {"kind": item.kind, "kind_label": label, "id": item.id, "label": item.label}
        for label, items in ho.open_work(employee, position)
        for item in items
    ]
