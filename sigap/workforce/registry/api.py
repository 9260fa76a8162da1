# No "from __future__ import annotations": django-ninja reads real annotations at import.
"""API of the ASN registry: the filtered list and one ASN. The same scope as the pages:
unit heads see their subtree only."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from sigap.platform.api import KeysetPagination, staff
from sigap.workforce.models import Assignment, Competency, Education, RankHistory
from sigap.workforce.permissions import VIEW_ASN
from sigap.workforce.registry import finder, records, totals
from sigap.workforce.registry.queries import employees_visible_to, person_gaps
from sigap.workforce.registry.records import policy_for

router = Router(tags=["kepegawaian"])
# Operation ids are written out: clients generate code from them, so they keep the names
# they had before workforce was split into feature packages.


# -------------------------------------------------------------------- schemas


class AsnQuery(Schema):
    q: str = Field("", max_length=100, description="Sebagian nama, atau awal NIP/nomor PPPK")
    unit_id: int | None = Field(None, description="Unit, termasuk sub-unitnya")
    jabatan_type: str = Field("", description="Jenis jabatan (jpt_pratama, fungsional, …)")
    golongan: str = Field("", description="Golongan saat ini, mis. III/c")
    competency_id: int | None = Field(None, description="Kompetensi")
    min_level: int | None = Field(None, ge=1, le=5, description="Level minimal (bawaan 1)")
    field_group: str = Field("", description="Rumpun pendidikan (ekonomi, hukum, …)")
    retiring_within: int | None = Field(None, ge=0, le=600, description="Pensiun dalam N bulan")
    rotation_due: bool = Field(False, description="Hanya yang jatuh tempo rotasi")
    status: str = Field("active", description="active, retired, left, atau all")


class AsnOut(Schema):
    id: int
    kind: str
    nip: str | None
    pppk_number: str | None
    full_name: str
    gender: str
    birth_date: dt.date
    service_start: dt.date
    status: str
    golongan: str | None = Field(None, alias="current_golongan")
    position_id: int | None = Field(None, alias="current_position_id")
    position_title: str | None = Field(None, alias="current_position_title")
    jabatan_type: str | None = Field(None, alias="current_jabatan_type")
    unit_id: int | None = Field(None, alias="current_unit_id")
    unit_name: str | None = Field(None, alias="current_unit_name")
    in_position_since: dt.date | None = Field(None, alias="current_since")
    rotation_due: bool
    retirement_date: dt.date = Field(..., alias="retires_on")


class RankOut(Schema):
    golongan: str
    tmt: dt.date
    sk_number: str


class AssignmentOut(Schema):
    id: int
    kind: str
    is_primary: bool
    position_id: int
    position_title: str = Field(..., alias="position.title")
    unit_id: int = Field(..., alias="position.unit_id")
    unit_name: str = Field(..., alias="position.unit.name")
    sk_number: str
    sk_date: dt.date
    starts_on: dt.date
    ends_on: dt.date | None
    note: str = Field(
        ...,
        alias="shown_note",
        description="Catatan dalam bahasa permintaan: yang ditulis sistem, atau yang diketik",
    )
    note_text: dict[str, Any] | None = Field(
        None, description="Catatan yang ditulis sistem sebagai kode dengan parameternya"
    )


class EducationOut(Schema):
    level: str
    field_of_study: str
    field_group: str
    institution: str
    graduation_year: int


class CompetencyGapOut(Schema):
    competency_id: int
    competency: str
    kind: str
    required: int
    current: int | None
    gap: int


class AsnDetailOut(AsnOut):
    ranks: list[RankOut]
    assignments: list[AssignmentOut]
    educations: list[EducationOut]
    competency_gaps: list[CompetencyGapOut]


# -------------------------------------------------------------------- helpers


def _policy_today(request: HttpRequest) -> tuple[Any, dt.date]:
    return policy_for(request.agency), request.agency.today()


class AsnPagination(KeysetPagination):
    """Keyset pages in (full_name, pk) order through ``finder.page``: the page's rows get
    their current state, the rest of the list is never touched."""

    def paginate_queryset(self, queryset: Any, pagination: Any, **params: Any) -> dict:
        policy, today = _policy_today(params["request"])
        page = finder.page(
            queryset, policy=policy, today=today, cursor=pagination.cursor, size=pagination.limit
        )
        return {"items": page.items, "next_cursor": page.next_cursor}


# -------------------------------------------------------------------- operations


@router.get(
    "/asn",
    operation_id="sigap_workforce_api_registry_list_asn",
    response=list[AsnOut],
    summary="Daftar ASN tersaring (urut nama, halaman keyset)",
    auth=staff(*VIEW_ASN),
)
@paginate(AsnPagination)
def list_asn(request: HttpRequest, filters: Query[AsnQuery]):
    policy, today = _policy_today(request)
    status = filters.status if filters.status != "all" else ""
    competency_id = filters.competency_id
    if competency_id is not None and not Competency.objects.filter(pk=competency_id).exists():
        raise Http404
    f = finder.AsnFilter(
        text=filters.q,
        unit=finder.get_unit_for(request.user, request.agency, filters.unit_id),
        jabatan_type=filters.jabatan_type,
        golongan=filters.golongan,
        competency_id=competency_id,
        min_level=filters.min_level,
        field_group=filters.field_group,
        retiring_within_months=filters.retiring_within,
        rotation_due=filters.rotation_due,
        status=status,
    )
    return finder.filter_employees(
        employees_visible_to(request.user, request.agency),
        f,
        policy=policy,
        today=today,
        within_paths=finder.visible_unit_paths(request.user, request.agency),
        stamp=totals.version(request.agency.pk),
    )


@router.get(
    "/asn/{employee_id}",
    operation_id="sigap_workforce_api_registry_get_asn",
    response=AsnDetailOut,
    summary="Satu ASN: identitas, riwayat, pendidikan, kesenjangan kompetensi",
    auth=staff(*VIEW_ASN),
)
def get_asn(request: HttpRequest, employee_id: int):
    employee = employees_visible_to(request.user, request.agency).filter(pk=employee_id).first()
    if employee is None:
        raise Http404
    policy, today = _policy_today(request)
    (person,) = finder.rows_for([employee.pk], policy=policy, today=today)
    return {
        **AsnOut.from_orm(person).model_dump(by_alias=True),
        "ranks": RankHistory.objects.filter(employee=employee).order_by("-tmt"),
        "assignments": Assignment.objects.filter(employee=employee)
        .select_related("position", "position__unit")
        .order_by("-starts_on", "-pk"),
        "educations": Education.objects.filter(employee=employee).order_by("-graduation_year"),
        "competency_gaps": [{**g.__dict__, "gap": g.gap} for g in person_gaps(employee)],
    }


# -------------------------------------------------------------------- corrections (issue 8, item 13)


class AsnPatch(Schema):
    """Only the fields sent are changed (through ``records.correct_employee``)."""

    full_name: str = None  # type: ignore[assignment]
    gender: str = None  # type: ignore[assignment]
    birth_date: dt.date = None  # type: ignore[assignment]
    service_start: dt.date = None  # type: ignore[assignment]
    nip: str = None  # type: ignore[assignment]
    pppk_number: str = None  # type: ignore[assignment]


class AssessmentIn(Schema):
    competency_id: int
    level: int = Field(..., ge=1, le=5)
    assessed_on: dt.date
    method: str = Field(
        ...,
        description="assessment_center, penilaian_atasan, uji_kompetensi, portofolio, wawancara",
    )
    assessor: str


class AssessmentOut(Schema):
    id: int
    employee_id: int
    competency_id: int
    level: int
    assessed_on: dt.date
    method: str
    assessor: str


def _managed_employee(request: HttpRequest, employee_id: int):
    employee = employees_visible_to(request.user, request.agency).filter(pk=employee_id).first()
    if employee is None:
        raise Http404
    return employee


@router.patch(
    "/asn/{employee_id}",
    operation_id="sigap_workforce_api_registry_correct_asn",
    response=AsnOut,
    summary="Koreksi data diri satu ASN (nama, jenis kelamin, tanggal lahir, TMT, NIP/nomor PPPK)",
    auth=staff("workforce.manage_asn"),
)
def correct_asn(request: HttpRequest, employee_id: int, payload: AsnPatch):
    employee = _managed_employee(request, employee_id)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    records.correct_employee(employee, by=request.user, **changes)
    policy, today = _policy_today(request)
    (person,) = finder.rows_for([employee.pk], policy=policy, today=today)
    return person


@router.post(
    "/asn/{employee_id}/assessments",
    operation_id="sigap_workforce_api_registry_record_assessment",
    response={201: AssessmentOut},
    summary="Catat hasil asesmen kompetensi satu ASN",
    auth=staff("workforce.manage_asn"),
)
def record_assessment(request: HttpRequest, employee_id: int, payload: AssessmentIn):
    employee = _managed_employee(request, employee_id)
    competency = Competency.objects.filter(pk=payload.competency_id).first()
    if competency is None:
        raise Http404
    assessment = records.record_assessment(
        employee,
        competency=competency,
        level=payload.level,
        assessed_on=payload.assessed_on,
        method=payload.method,
        assessor=payload.assessor,
        by=request.user,
        strict=True,
    )
    return Status(201, assessment)
