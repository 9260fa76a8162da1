# No "from __future__ import annotations": django-ninja reads real annotations at import.
"""The survey's API: results for a slice and period (as the results page), and paper
forms typed in at the counter (as the paper entry page)."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status

from sigap.platform.api import ErrorOut, staff
from sigap.surveys import counter, reports, responses
from sigap.surveys.apps import RECORD, RESULTS
from sigap.surveys.models import Channel

router = Router(tags=["survei"])


class ResultsQuery(Schema):
    periode: str = ""
    unit: str = ""
    layanan: str = ""


class ElementOut(Schema):
    code: str
    name: str
    nrr: float | None


class ResultsOut(Schema):
    period: str
    responses: int
    ikm: float | None
    grade: str
    ci_low: float | None
    ci_high: float | None
    priority: str | None
    served: int
    sample_needed: int
    responses_missing: int
    elements: list[ElementOut]


class PaperIn(Schema):
    answers: dict[str, int | None]
    age_band: str = ""
    gender: str = ""
    education: str = ""
    occupation: str = ""
    suggestion: str = ""


class ResponseOut(Schema):
    id: int
    day: str


def _number(value: float) -> float | None:
    return None if value != value else round(value, 2)


@router.get(
    "/surveys/results",
    response={200: ResultsOut},
    summary="IKM satu periode (`periode`: 2026-07, 2026-Q3, 2026-S2, 2026) untuk unit/layanan",
    auth=staff(*RESULTS),
)
def survey_results(request: HttpRequest, filters: Query[ResultsQuery]) -> Any:
    report = reports.build(request.user, request.agency, filters.dict())
    r = report.result
    return {
        "period": report.period.code,
        "responses": r.responses,
        "ikm": float(r.ikm_rounded) if r.ikm_rounded is not None else None,
        "grade": r.grade,
        "ci_low": _number(r.ci[0]),
        "ci_high": _number(r.ci[1]),
        "priority": r.priority,
        "served": report.adequacy.served,
        "sample_needed": report.adequacy.needed,
        "responses_missing": report.adequacy.missing,
        "elements": [
            {"code": e["code"], "name": e["name"], "nrr": e["nrr"]} for e in report.elements
        ],
    }


@router.post(
    "/surveys/events/{event_id}/responses",
    response={201: ResponseOut, 404: ErrorOut, 422: ErrorOut},
    summary="Catat formulir survei kertas untuk satu peristiwa layanan",
    auth=staff(RECORD),
)
def paper_response(request: HttpRequest, event_id: int, payload: PaperIn) -> Any:
    event = counter.event_for(request.user, request.agency, event_id)
    if event is None:
        raise Http404
    response = responses.submit(
        event,
        channel=Channel.PAPER,
        answers=payload.answers,
        profile={k: getattr(payload, k) for k in ("age_band", "gender", "education", "occupation")},
        suggestion=payload.suggestion,
        by=request.user,
    )
    return Status(201, {"id": response.pk, "day": response.day.isoformat()})
