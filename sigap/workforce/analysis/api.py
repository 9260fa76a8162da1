# No "from __future__ import annotations": django-ninja reads real annotations at import.
"""API of the workforce analysis: competency gaps, continuity risk and recruitment needs.
The same scope as the pages: unit heads see their subtree only."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from sigap.platform.api import KeysetPagination, staff
from sigap.platform.pagination import keyset_page
from sigap.workforce import registry
from sigap.workforce.analysis import continuity, gaps, recruitment
from sigap.workforce.analysis.units import report_units
from sigap.workforce.permissions import VIEW_ASN, VIEW_CONTINUITY

router = Router(tags=["kepegawaian"])
# Operation ids are written out: clients generate code from them, so they keep the names
# they had before workforce was split into feature packages.


# -------------------------------------------------------------------- schemas


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
    return registry.policy_for(request.agency), request.agency.today()


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
    "/competency-gaps",
    operation_id="sigap_workforce_api_registry_competency_gaps",
    response=GapReportOut,
    summary="Kesenjangan kompetensi per unit dan per kompetensi",
    auth=staff(*VIEW_ASN),
)
def competency_gaps(request: HttpRequest, unit_id: int | None = None):
    unit = registry.get_unit_for(request.user, request.agency, unit_id)
    table = gaps.gap_table(registry.employees_visible_to(request.user, request.agency), unit=unit)
    total = gaps.total(table, unit.name if unit else "Semua")
    total.key = unit.pk if unit else 0
    return {
        "unit_id": unit.pk if unit else None,
        "total": total,
        "units": gaps.by_unit(table, report_units(request.user, request.agency, unit)),
        "competencies": gaps.by_competency(table),
    }


@router.get(
    "/continuity",
    operation_id="sigap_workforce_api_registry_continuity_risk",
    response=ContinuityOut,
    summary="Risiko kesinambungan per unit",
    auth=staff(*VIEW_CONTINUITY),
)
def continuity_risk(
    request: HttpRequest, unit_id: int | None = None, internal_candidates: bool = False
):
    unit = registry.get_unit_for(request.user, request.agency, unit_id)
    policy, today = _policy_today(request)
    units = ([unit] if unit else []) + report_units(request.user, request.agency, unit)
    return {
        "unit_id": unit.pk if unit else None,
        "internal_candidate_threshold": policy.internal_candidate_threshold,
        "units": continuity.risk_by_unit(
            units, policy=policy, today=today, with_candidates=internal_candidates
        ),
    }


@router.get(
    "/recruitment-needs",
    operation_id="sigap_workforce_api_registry_recruitment_needs",
    response=list[PositionNeedOut],
    summary="Kebutuhan pegawai per jabatan, lima tahun ke depan",
    auth=staff(*VIEW_CONTINUITY),
)
@paginate(NeedPagination)
def recruitment_needs(request: HttpRequest, unit_id: int | None = None):
    unit = registry.get_unit_for(request.user, request.agency, unit_id)
    return recruitment.positions_in(unit, registry.visible_unit_paths(request.user, request.agency))
