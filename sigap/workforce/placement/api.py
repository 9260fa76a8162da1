# No "from __future__ import annotations": django-ninja reads real annotations at import.
"""API of the placement advisor: run it, read a run, accept or reject a recommendation."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from sigap.platform.api import ErrorOut, staff
from sigap.workforce.models import PlacementRecommendation, PlacementRun
from sigap.workforce.placement import engine as placement
from sigap.workforce.placement.explanations import render_terms

router = Router(tags=["penempatan"])
PERMISSION = "workforce.run_placement"


class Weights(Schema):
    competency: float | None = Field(None, ge=0, description="Kecocokan kompetensi")
    education: float | None = Field(None, ge=0, description="Relevansi pendidikan")
    pangkat: float | None = Field(None, ge=0, description="Kelayakan pangkat")
    rotation: float | None = Field(None, ge=0, description="Jatuh tempo rotasi")
    retirement: float | None = Field(None, ge=0, description="Jarak ke pensiun")


class RunIn(Schema):
    position_ids: list[int] = Field(..., min_length=1, description="Jabatan lowong")
    candidate_ids: list[int] | None = Field(
        None, description="Kandidat; kosong = semua ASN aktif yang tidak dikecualikan"
    )
    exclude_ids: list[int] = Field(default_factory=list, description="ASN yang dikecualikan")
    weights: Weights | None = Field(
        None, description="Bobot; yang tidak diisi memakai kebijakan pemda"
    )


class TermOut(Schema):
    term: str
    label: str = Field(description="Nama unsur, dalam bahasa permintaan")
    value: float
    weight: float
    contribution: float
    detail: str = Field(description="Dasar perhitungan, dalam bahasa permintaan")
    code: str = Field("", description="Kode keterangan (tetap); kosong untuk rekomendasi lama")
    params: dict[str, Any] = Field(default_factory=dict, description="Parameter keterangan")


class RecommendationOut(Schema):
    id: int
    run_id: int
    position_id: int
    position_title: str
    employee_id: int
    employee_name: str
    employee_identifier: str
    score: float
    terms: list[TermOut]
    decision: str
    reason: str
    assignment_id: int | None
    decided_at: dt.datetime | None

    @staticmethod
    def resolve_terms(obj: PlacementRecommendation) -> list[dict]:
        return render_terms(obj.terms, placement.TERM_LABELS)

    @staticmethod
    def resolve_position_title(obj: PlacementRecommendation) -> str:
        return obj.position.title

    @staticmethod
    def resolve_employee_name(obj: PlacementRecommendation) -> str:
        return obj.employee.full_name

    @staticmethod
    def resolve_employee_identifier(obj: PlacementRecommendation) -> str:
        return obj.employee.identifier


class UnfilledOut(Schema):
    position_id: int
    position_title: str
    open_slots: int


class RunOut(Schema):
    id: int
    created_at: dt.datetime
    weights: dict[str, float]
    position_ids: list[int]
    excluded_employee_ids: list[int]
    total_fit: float
    greedy_fit: float
    recommendations: list[RecommendationOut]
    unfilled: list[UnfilledOut]


class AcceptIn(Schema):
    sk_number: str = Field(..., min_length=1, max_length=80)
    sk_date: dt.date
    starts_on: dt.date


class RejectIn(Schema):
    reason: str = Field(..., max_length=255)


def _run_out(run: PlacementRun) -> dict:
    recommendations = list(
        run.recommendations.select_related("position", "employee").order_by("-score", "pk")
    )
    return {
        "id": run.pk,
        "created_at": run.created_at,
        "weights": run.weights,
        "position_ids": run.position_ids,
        "excluded_employee_ids": run.excluded_employee_ids,
        "total_fit": run.total_fit,
        "greedy_fit": run.greedy_fit,
        "recommendations": recommendations,
        "unfilled": [
            {"position_id": p.pk, "position_title": p.title, "open_slots": n}
            for p, n in placement.unfilled_positions(run)
        ],
    }


def _recommendation(recommendation_id: int) -> PlacementRecommendation:
    # Tenant-scoped manager: another pemda's recommendation is simply not found.
    return get_object_or_404(
        PlacementRecommendation.objects.select_related("position", "employee"),
        pk=recommendation_id,
    )


@router.post(
    "/placement-runs",
    operation_id="sigap_workforce_api_placement_create_run",
    response={201: RunOut, 422: ErrorOut},
    summary="Jalankan penasihat penempatan",
    auth=staff(PERMISSION),
)
def create_run(request: HttpRequest, payload: RunIn):
    weights = payload.weights.model_dump(exclude_none=True) if payload.weights else None
    run = placement.run_placement(
        request.agency,
        positions=payload.position_ids,
        candidates=payload.candidate_ids,
        exclude=payload.exclude_ids,
        weights=weights,
        by=request.auth,
    )
    return Status(201, _run_out(run))


@router.get(
    "/placement-runs/{run_id}",
    operation_id="sigap_workforce_api_placement_get_run",
    response=RunOut,
    summary="Hasil satu penasihat penempatan",
    auth=staff(PERMISSION),
)
def get_run(request: HttpRequest, run_id: int):
    return _run_out(get_object_or_404(PlacementRun, pk=run_id))


@router.post(
    "/placement-recommendations/{recommendation_id}/accept",
    operation_id="sigap_workforce_api_placement_accept",
    response={200: RecommendationOut, 409: ErrorOut, 422: ErrorOut},
    summary="Terima rekomendasi (dicatat sebagai riwayat jabatan dengan SK)",
    auth=staff(PERMISSION),
)
def accept(request: HttpRequest, recommendation_id: int, payload: AcceptIn):
    rec = _recommendation(recommendation_id)
    try:
        return placement.accept_recommendation(
            rec,
            sk_number=payload.sk_number,
            sk_date=payload.sk_date,
            starts_on=payload.starts_on,
            by=request.auth,
        )
    except placement.AlreadyDecided as exc:
        raise HttpError(409, exc.messages[0]) from exc


@router.post(
    "/placement-recommendations/{recommendation_id}/reject",
    operation_id="sigap_workforce_api_placement_reject",
    response={200: RecommendationOut, 409: ErrorOut, 422: ErrorOut},
    summary="Tolak rekomendasi dengan alasan",
    auth=staff(PERMISSION),
)
def reject(request: HttpRequest, recommendation_id: int, payload: RejectIn):
    rec = _recommendation(recommendation_id)
    try:
        return placement.reject_recommendation(rec, reason=payload.reason, by=request.auth)
    except placement.AlreadyDecided as exc:
        raise HttpError(409, exc.messages[0]) from exc
