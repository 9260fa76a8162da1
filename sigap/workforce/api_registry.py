# No "from __future__ import annotations": django-ninja reads real annotations at import.
"""API of the ASN registry: the filtered list, one ASN, competency gaps, continuity risk
and recruitment needs. The same scope as the pages: unit heads see their subtree only."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from sigap.platform.api import KeysetPagination, staff
from sigap.platform.pagination import keyset_page
from sigap.tenancy.models import OrgUnit
from sigap.workforce import continuity, finder, gaps, recruitment
from sigap.workforce.models import Assignment, Competency, Education, RankHistory
from sigap.workforce.queries import employees_visible_to
from sigap.workforce.records import policy_for

router = Router(tags=["kepegawaian"])
# Agency-wide or confined to the unit subtrees of a unit head (accounts.scope).
VIEW_ASN = ("workforce.view_all_asn", "workforce.view_unit_asn")
VIEW_CONTINUITY = ("workforce.view_all_continuity", "workforce.view_unit_continuity")


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


class GapTallyOut(Schema):
    id: int = Field(..., alias="key")
    name: str = Field(..., alias="label")
    headcount: int
    headcount_below: int
    pairs: int
    below: int
    unassessed: int
    total_gap: int
    mean_gap: float


class GapReportOut(Schema):
    unit_id: int | None
    total: GapTallyOut
    units: list[GapTallyOut]
    competencies: list[GapTallyOut]


class UnitRiskOut(Schema):
    unit_id: int = Field(..., alias="unit.pk")
    unit_name: str = Field(..., alias="unit.name")
    positions: int
    formasi: int
    holders: int
    vacancies: int
    departures_12m: int = Field(..., alias="departures")
    headcount_12m_ago: int = Field(..., alias="headcount_start")
    turnover: float | None
    retiring_12m: int = Field(..., alias="retiring")
    needing_successor: int
    checked: int | None
    without_candidate: int | None


class ContinuityOut(Schema):
    unit_id: int | None
    internal_candidate_threshold: float
    units: list[UnitRiskOut]


class YearNeedOut(Schema):
    year: int
    retiring: int
    need: int


class PositionNeedOut(Schema):
    position_id: int
    code: str
    title: str
    jabatan_type: str
    unit_id: int
    unit_name: str
    formasi: int
    holders: int
    surplus: int
    years: list[YearNeedOut]


# -------------------------------------------------------------------- helpers


def _policy_today(request: HttpRequest) -> tuple[Any, dt.date]:
    return policy_for(request.agency), request.agency.today()


def _unit(request: HttpRequest, unit_id: int | None) -> OrgUnit | None:
    """A unit the caller may see, or 404 (absent and out of scope look the same)."""
    if unit_id is None:
        return None
    unit = finder.units_visible_to(request.user, request.agency).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


def _report_units(request: HttpRequest, unit: OrgUnit | None) -> list[OrgUnit]:
    if unit is not None:
        return list(OrgUnit.objects.filter(parent=unit).order_by("path"))
    paths = finder.visible_unit_paths(request.user, request.agency)
    if paths is None:
        return list(OrgUnit.objects.filter(parent__isnull=True).order_by("path"))
    return list(OrgUnit.objects.filter(path__in=paths).order_by("path"))


class AsnPagination(KeysetPagination):
    """Keyset pages in (full_name, pk) order through ``finder.page``: the page's rows get
    their current state, the rest of the list is never touched."""

    def paginate_queryset(self, queryset: Any, pagination: Any, **params: Any) -> dict:
        policy, today = _policy_today(params["request"])
        page = finder.page(
            queryset, policy=policy, today=today, cursor=pagination.cursor, size=pagination.limit
        )
        return {"items": page.items, "next_cursor": page.next_cursor}


class NeedPagination(KeysetPagination):
    """Positions in id order; each page's needs are computed for that page only."""

    def paginate_queryset(self, queryset: Any, pagination: Any, **params: Any) -> dict:
        policy, today = _policy_today(params["request"])
        page = keyset_page(
            queryset, key="id", cursor=pagination.cursor, size=pagination.limit, descending=False
        )
        items = recruitment.needs(page.items, policy=policy, today=today)
        return {"items": [_need_out(i) for i in items], "next_cursor": page.next_cursor}


def _need_out(item: recruitment.PositionNeed) -> dict:
    p = item.position
    return {
        "position_id": p.pk,
        "code": p.code,
        "title": p.title,
        "jabatan_type": p.jabatan_type,
        "unit_id": p.unit_id,
        "unit_name": p.unit.name,
        "formasi": item.formasi,
        "holders": item.holders,
        "surplus": item.surplus,
        "years": [
            {"year": y, "retiring": r, "need": n}
            for y, r, n in zip(item.years, item.retiring, item.need, strict=True)
        ],
    }


# -------------------------------------------------------------------- operations


@router.get(
    "/asn",
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
        unit=_unit(request, filters.unit_id),
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
    )


@router.get(
    "/asn/{employee_id}",
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
        "competency_gaps": [{**g.__dict__, "gap": g.gap} for g in gaps.person_gaps(employee)],
    }


@router.get(
    "/competency-gaps",
    response=GapReportOut,
    summary="Kesenjangan kompetensi per unit dan per kompetensi",
    auth=staff(*VIEW_ASN),
)
def competency_gaps(request: HttpRequest, unit_id: int | None = None):
    unit = _unit(request, unit_id)
    table = gaps.gap_table(employees_visible_to(request.user, request.agency), unit=unit)
    total = gaps.total(table, unit.name if unit else "Semua")
    total.key = unit.pk if unit else 0
    return {
        "unit_id": unit.pk if unit else None,
        "total": total,
        "units": gaps.by_unit(table, _report_units(request, unit)),
        "competencies": gaps.by_competency(table),
    }


@router.get(
    "/continuity",
    response=ContinuityOut,
    summary="Risiko kesinambungan per unit",
    auth=staff(*VIEW_CONTINUITY),
)
def continuity_risk(
    request: HttpRequest, unit_id: int | None = None, internal_candidates: bool = False
):
    unit = _unit(request, unit_id)
    policy, today = _policy_today(request)
    units = ([unit] if unit else []) + _report_units(request, unit)
    return {
        "unit_id": unit.pk if unit else None,
        "internal_candidate_threshold": policy.internal_candidate_threshold,
        "units": continuity.risk_by_unit(
            units, policy=policy, today=today, with_candidates=internal_candidates
        ),
    }


@router.get(
    "/recruitment-needs",
    response=list[PositionNeedOut],
    summary="Kebutuhan pegawai per jabatan, lima tahun ke depan",
    auth=staff(*VIEW_CONTINUITY),
)
@paginate(NeedPagination)
def recruitment_needs(request: HttpRequest, unit_id: int | None = None):
    unit = _unit(request, unit_id)
    return recruitment.positions_in(unit, finder.visible_unit_paths(request.user, request.agency))
