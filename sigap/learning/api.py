# No "from __future__ import annotations": django-ninja reads real annotations at import.
"""The learning API: the same domain functions and scope as the pages. An enrolment or
programme the caller may not see is a 404; a refused approval is a 422 whose message
carries the budget figures, in the one error shape."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from sigap.accounts.scope import row_scope
from sigap.learning import certificates, enrolment, jp, move_impact, needs
from sigap.learning.apps import APPROVE, MANAGE, NOMINATE, OVERSEE, VIEW
from sigap.learning.forms import find_employee
from sigap.learning.models import Enrolment, Programme
from sigap.platform.access import public
from sigap.platform.api import ErrorOut, staff
from sigap.services import outcomes
from sigap.tenancy.models import OrgUnit

router = Router(tags=["pengembangan kompetensi"])
ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class CreditOut(Schema):
    day: dt.date
    year: int
    jp: Decimal
    source: str
    form: str
    title: str


class LedgerOut(Schema):
    year: int
    jp: Decimal
    target: Decimal | None  # None: no target (PPPK with SIGAP_PPPK_TARGET_JP=0)
    percent: int | None
    credits: list[CreditOut]


class StandingOut(Schema):
    employee_id: int
    name: str
    unit_name: str
    jp: Decimal
    owed: Decimal


class NeedOut(Schema):
    employee_id: int
    name: str
    unit_name: str
    jp: Decimal
    total_gap: int
    competencies: list[str]


class SuggestionOut(Schema):
    employee_id: int
    name: str
    programme_id: int
    programme: str
    cost: Decimal
    reason: str


class NeedsOut(Schema):
    unit_id: int
    year: int
    remaining_budget: Decimal | None = None
    needs: list[NeedOut]
    suggestions: list[SuggestionOut]


class ProgrammeOut(Schema):
    id: int
    code: str
    title: str
    form: str
    provider_kind: str
    jp: Decimal
    cost_per_participant: Decimal
    capacity: int
    year: int


class EnrolmentOut(Schema):
    id: int
    programme_id: int
    employee_id: int
    status: str
    cost: Decimal
    budget_id: int | None = None


class NominateIn(Schema):
    identifier: str = Field(..., description="NIP atau nomor PPPK")
    reason: str = ""


class ApproveIn(Schema):
    override_reason: str = Field("", description="Hanya pejabat berwenang, bila melampaui anggaran")


class CertificateOut(Schema):
    number: str
    name: str
    identifier: str
    programme: str
    jp: Decimal
    issued_on: dt.date
    agency: str


class YearQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100)


class UnitYearQuery(YearQuery):
    unit_id: int | None = None


class FigureOut(Schema):
    measure: str
    label: str
    unit: str = Field(..., description="Satuan angka (menit, skala, per 100 layanan)")
    better: str = Field(..., description="`lower` atau `higher`: arah yang lebih baik")
    before: float | None = None
    after: float | None = None
    n_before: int
    n_after: int
    improved: bool | None = Field(
        None, description="Membaik/memburuk; kosong bila layanan terlalu sedikit di salah satu sisi"
    )


class WindowOut(Schema):
    unit_id: int | None = None
    unit_name: str | None = None
    days: int = Field(
        ..., description="Hari di tiap sisi tanggal mulai (tanggal itu sendiri tidak)"
    )
    start: dt.date
    end: dt.date
    events_before: int
    events_after: int
    min_events: int
    enough: bool
    figures: list[FigureOut]


class MoveOut(Schema):
    id: int
    day: dt.date
    kind: str
    employee_id: int
    name: str
    sk_number: str
    left: WindowOut | None = Field(
        None, description="Unit yang ditinggalkan (tidak diketahui: kosong)"
    )
    joined: WindowOut | None = None
    own: WindowOut | None = Field(None, description="Layanan pejabat itu sendiri, di mana pun")


class MovesOut(Schema):
    since: dt.date
    until: dt.date
    total: int
    page: int
    pages: int
    moves: list[MoveOut]


class MovesQuery(UnitYearQuery):
    page: int = Field(1, ge=1, le=100_000)


def _year(request: HttpRequest, year: int | None) -> int:
    return year or request.agency.today().year


def _enrolment_out(e: Enrolment) -> dict[str, Any]:
    return {
        "id": e.pk,
        "programme_id": e.programme_id,
        "employee_id": e.employee_id,
        "status": e.status,
        "cost": e.cost,
        "budget_id": e.budget_id,
    }


@router.get(
    "/learning/me/ledger",
    response={200: LedgerOut, 404: ErrorOut},
    summary="Buku JP saya: capaian tahun ini menuju 20 JP dan riwayatnya",
    auth=staff("learning.view_own_learning"),
)
def my_ledger(request: HttpRequest, query: Query[YearQuery]):
    employee = getattr(request.user, "employee", None)
    if employee is None or employee.agency_id != request.agency.pk:
        raise Http404
    year = _year(request, query.year)
    earned = jp.total(employee.pk, year)
    target = jp.target_for(employee.kind)
    return {
        "year": year,
        "jp": earned,
        "target": target,
        "percent": jp.progress(earned, target),
        "credits": list(jp.history(employee.pk)[:200]),
    }


@router.get(
    "/learning/below-target",
    response={200: list[StandingOut]},
    summary="ASN di bawah 20 JP tahun ini dalam cakupan pemanggil, paling sedikit lebih dulu",
    auth=staff(*OVERSEE),
)
def below_target(request: HttpRequest, query: Query[YearQuery]):
    scope = row_scope(request.user, request.agency, enrolment.RESOURCE)
    paths = None if scope.sees_all else scope.unit_paths
    rows = needs.below_target(request.agency, _year(request, query.year), unit_paths=paths)
    return [
        {
            "employee_id": s.employee_id,
            "name": s.name,
            "unit_name": s.unit_name,
            "jp": s.jp,
            "owed": s.owed,
        }
        for s in rows[:1000]
    ]


@router.get(
    "/learning/needs",
    response={200: NeedsOut, 404: ErrorOut},
    summary="Kebutuhan pelatihan unit dan usulan peserta dalam sisa anggaran",
    description="Urut kesenjangan kompetensi terbesar, lalu JP paling sedikit; tiap usulan dengan alasannya.",
    auth=staff(*OVERSEE),
)
def unit_needs(request: HttpRequest, query: Query[UnitYearQuery]):
    scope = row_scope(request.user, request.agency, enrolment.RESOURCE)
    units = scope.rows(OrgUnit.objects.all(), unit_path="path")
    unit = (
        units.filter(pk=query.unit_id).first() if query.unit_id else units.order_by("path").first()
    )
    if unit is None:
        raise Http404
    year = _year(request, query.year)
    rows = needs.needs(request.agency, unit, year)
    suggested, remaining = needs.suggest(request.agency, unit, year, ranked=rows)
    return {
        "unit_id": unit.pk,
        "year": year,
        "remaining_budget": remaining,
        "needs": [
            {
                "employee_id": n.employee_id,
                "name": n.name,
                "unit_name": n.unit_name,
                "jp": n.jp,
                "total_gap": n.total_gap,
                "competencies": [name for _, name, _ in n.gaps],
            }
            for n in rows[:500]
        ],
        "suggestions": [
            {
                "employee_id": s.need.employee_id,
                "name": s.need.name,
                "programme_id": s.programme.pk,
                "programme": s.programme.title,
                "cost": s.cost,
                "reason": s.reason,
            }
            for s in suggested
        ],
    }


def _window(w: outcomes.Window | None, unit: OrgUnit | None = None) -> dict[str, Any] | None:
    if w is None:
        return None
    return {
        "unit_id": unit.pk if unit is not None else None,
        "unit_name": unit.name if unit is not None else None,
        "days": w.days,
        "start": w.start,
        "end": w.end,
        "events_before": w.events_before,
        "events_after": w.events_after,
        "min_events": w.min_events,
        "enough": w.enough,
        "figures": [
            {
                "measure": f.measure.key,
                "label": str(f.measure.label),
                "unit": str(f.measure.unit),
                "better": f.measure.better,
                "before": f.before,
                "after": f.after,
                "n_before": f.n_before,
                "n_after": f.n_after,
                "improved": f.improved,
            }
            for f in w.figures
        ],
    }


@router.get(
    "/learning/moves",
    response={200: MovesOut, 404: ErrorOut},
    summary="Dampak perpindahan: layanan sebelum dan sesudah rotasi, mutasi, penugasan khusus",
    description=(
        "Seperti halaman Dampak perpindahan: perpindahan **ke** unit dalam cakupan pemanggil "
        "(kepala unit: subtree unitnya; BKPSDM: seluruh pemda) yang mulai pada tahun itu "
        "(tanpa `year`: dua belas bulan terakhir), terbaru lebih dulu, 25 per halaman; tiap "
        "perpindahan dengan angka unit yang ditinggalkan, unit yang dituju dan layanan "
        "pejabatnya sendiri dalam jendela yang sama panjang. `unit_id` di luar cakupan: 404."
    ),
    auth=staff(*OVERSEE),
)
def moves(request: HttpRequest, query: Query[MovesQuery]):
    scope = row_scope(request.user, request.agency, enrolment.RESOURCE)
    paths = None if scope.sees_all else scope.unit_paths
    if query.unit_id is not None:
        unit = scope.rows(OrgUnit.objects.all(), unit_path="path").filter(pk=query.unit_id).first()
        if unit is None:
            raise Http404
        paths = (unit.path,)
    today = request.agency.today()
    if query.year:
        since, until = dt.date(query.year, 1, 1), dt.date(query.year, 12, 31)
    else:
        since, until = today - dt.timedelta(days=365), today
    found = move_impact.moves_into(paths, since=since, until=until)
    total = found.count()
    size = move_impact.PAGE
    chosen = list(found[(query.page - 1) * size : query.page * size])
    return {
        "since": since,
        "until": until,
        "total": total,
        "page": query.page,
        "pages": max(1, -(-total // size)),
        "moves": [
            {
                "id": r.move.pk,
                "day": r.day,
                "kind": r.move.kind,
                "employee_id": r.move.employee_id,
                "name": r.move.employee.full_name,
                "sk_number": r.move.sk_number,
                "left": _window(r.at_left, r.left.unit if r.left is not None else None),
                "joined": _window(r.at_joined, r.joined.unit),
                "own": _window(r.own),
            }
            for r in move_impact.impacts(chosen, today=today)
        ],
    }


@router.get(
    "/learning/programmes",
    response={200: list[ProgrammeOut]},
    summary="Katalog program pengembangan setahun",
    auth=staff(*VIEW),
)
def programmes(request: HttpRequest, query: Query[YearQuery]):
    return list(Programme.objects.filter(year=_year(request, query.year)))


@router.post(
    "/learning/programmes/{programme_id}/nominations",
    response={201: EnrolmentOut, **ERRORS},
    summary="Usulkan ASN (NIP) mengikuti program",
    auth=staff(*NOMINATE),
)
def nominate(request: HttpRequest, programme_id: int, payload: NominateIn):
    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None:
        raise Http404
    employee = find_employee(payload.identifier)
    if employee is None:
        raise Http404
    e = enrolment.nominate(programme, employee, by=request.user, reason=payload.reason)
    return 201, _enrolment_out(e)


def _get(request: HttpRequest, enrolment_id: int) -> Enrolment:
    e = enrolment.get_enrolment_for(request.user, request.agency, enrolment_id)
    if e is None:
        raise Http404
    return e


@router.post(
    "/learning/enrolments/{enrolment_id}/approve",
    response={200: EnrolmentOut, **ERRORS},
    summary="Setujui usulan dalam anggaran unit (atau masuk daftar tunggu bila penuh)",
    description=(
        "Bila anggaran tidak cukup: 422 dengan angka pagu, terikat, realisasi dan sisa, "
        "kecuali pemanggil berwenang melampaui dan memberi `override_reason` (diaudit)."
    ),
    auth=staff(*APPROVE),
)
def approve(request: HttpRequest, enrolment_id: int, payload: ApproveIn):
    e = _get(request, enrolment_id)
    enrolment.approve(e, by=request.user, override_reason=payload.override_reason)
    return _enrolment_out(e)


@router.post(
    "/learning/enrolments/{enrolment_id}/cancel",
    response={200: EnrolmentOut, **ERRORS},
    summary="Batalkan keikutsertaan; kursi diberikan ke daftar tunggu",
    auth=staff(*APPROVE, *NOMINATE),
)
def cancel(request: HttpRequest, enrolment_id: int):
    e = _get(request, enrolment_id)
    enrolment.cancel(e, by=request.user)
    return _enrolment_out(e)


@router.post(
    "/learning/enrolments/{enrolment_id}/complete",
    response={200: EnrolmentOut, **ERRORS},
    summary="Tandai selesai: sertifikat, JP ke buku JP, realisasi anggaran",
    auth=staff(MANAGE),
)
def complete(request: HttpRequest, enrolment_id: int):
    e = _get(request, enrolment_id)
    enrolment.complete(e, by=request.user)
    return _enrolment_out(e)


@router.get(
    "/learning/certificates/{certificate_number}",
    response={200: CertificateOut, 404: ErrorOut},
    summary="Periksa keaslian sertifikat dari nomornya (publik)",
    auth=None,
)
@public
def verify(request: HttpRequest, certificate_number: str):
    cert = certificates.verify(certificate_number)
    if cert is None:
        raise Http404
    return {
        "number": cert.number,
        "name": cert.enrolment.employee.full_name,
        "identifier": certificates.masked_identifier(cert),
        "programme": cert.enrolment.programme.title,
        "jp": cert.jp,
        "issued_on": cert.issued_on,
        "agency": cert.agency.name,
    }
