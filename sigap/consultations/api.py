# No "from __future__ import annotations": django-ninja reads real annotations at import.
"""The consultations API: public drafts with their counts per section and the response
report; a signed-in participant's comment; the unit's work (versions, answers,
moderation, closing) and forum action items. Each operation calls the domain function
its page calls."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from sigap.consultations import comments, drafts, forums, queries, reports, stakeholders
from sigap.consultations.apps import MANAGE, VIEW
from sigap.consultations.models import ActionItem, Comment, Section, Stakeholder
from sigap.platform.access import public
from sigap.platform.api import ErrorOut, signed_in, staff

router = Router(tags=["konsultasi publik"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ConsultationOut(Schema):
    id: int
    title: str
    summary: str
    unit: str
    status: str
    opens_on: dt.date
    closes_on: dt.date


class SectionOut(Schema):
    id: int
    key: str
    heading: str
    body: str
    comments: int


class DraftOut(ConsultationOut):
    version: int
    versions: list[int]
    sections: list[SectionOut]


class CommentIn(Schema):
    section_id: int
    body: str
    group: str
    organisation: str = ""
    quote: str = ""
    start: int | None = None


class CommentOut(Schema):
    id: int
    section_key: str
    group: str
    organisation: str
    # "verified" / "declared" for a stakeholder's claim; null for a citizen.
    identity: str | None
    body: str
    quote: str
    anchor: str
    status: str
    answered: bool


class ReportRowOut(Schema):
    section: str
    counts: dict[str, int]
    total: int


class PassageChangeOut(Schema):
    # same / moved / edited / gone (a passage); changed / unchanged / removed (a whole
    # section); "" when there is no next version yet.
    change: str
    label: str
    before: str
    after: str


class ReportCommentOut(Schema):
    id: int
    section: str
    group: str
    organisation: str
    identity: str | None
    quote: str
    body: str
    next_version: PassageChangeOut


class ReportAnswerOut(Schema):
    verdict: str
    reason: str
    comments: list[int]
    # The same comments, each with its declared identity and what became of the passage
    # it addressed in the next version (the public report page pages them).
    items: list[ReportCommentOut] = []


class ChoiceOut(Schema):
    choice: str
    count: int
    by_group: dict[str, int]


class QuestionOut(Schema):
    key: str
    label: str
    respondents: int
    choices: list[ChoiceOut]
    # Retired after publication (its answers kept here); the question it replaced.
    retired: bool
    replaces: str


class ClaimIn(Schema):
    group: str
    organisation: str = ""
    evidence: str = ""


class ClaimOut(Schema):
    id: int
    group: str
    organisation: str
    status: str
    identity: str
    evidence: str
    decision_reason: str


class DecisionIn(Schema):
    # verify / reject / revoke
    decision: str
    reason: str = ""


class ReportOut(Schema):
    total: int
    unanswered: int
    by_section: list[ReportRowOut]
    answers: list[ReportAnswerOut]
    questionnaire: list[QuestionOut]


class VersionIn(Schema):
    text: str
    change_note: str


class VersionOut(Schema):
    number: int
    sections: int


class AnswerIn(Schema):
    comment_ids: list[int]
    verdict: str
    reason: str


class ReasonIn(Schema):
    reason: str


class OutcomeIn(Schema):
    outcome: str


class ActionItemOut(Schema):
    id: int
    title: str
    owner: str
    due_on: dt.date
    status: str


def _summary(c: Any) -> dict[str, Any]:
    return {
        "id": c.pk,
        "title": c.title,
        "summary": c.summary,
        "unit": c.unit.name,
        "status": c.status,
        "opens_on": c.opens_on,
        "closes_on": c.closes_on,
    }


def _comment_out(c: Comment) -> dict[str, Any]:
    return {
        "id": c.pk,
        "section_key": c.section_key,
        "group": c.group,
        "organisation": c.organisation,
        "identity": c.identity,
        "body": c.body,
        "quote": c.quote,
        "anchor": c.anchor,
        "status": c.status,
        "answered": c.answer_id is not None,
    }


def _report_comment(report: Any, c: Comment) -> dict[str, Any]:
    change = report.change_for(c)
    return {
        "id": c.pk,
        "section": c.written_section.heading,
        "group": c.group,
        "organisation": c.organisation,
        "identity": c.identity,
        "quote": c.original_quote,
        "body": c.body,
        "next_version": {
            "change": change.kind,
            "label": change.label,
            "before": change.before,
            "after": change.after,
        },
    }


def _claim_out(claim: Stakeholder) -> dict[str, Any]:
    return {
        "id": claim.pk,
        "group": claim.group,
        "organisation": claim.organisation,
        "status": claim.status,
        "identity": "verified" if claim.is_verified else "declared",
        "evidence": claim.evidence,
        "decision_reason": claim.decision_reason,
    }


# -------------------------------------------------------------------- public


@router.get(
    "/publik/{agency_slug}/konsultasi",
    response={200: list[ConsultationOut], 404: ErrorOut},
    auth=None,
    summary="Konsultasi publik pemda (publik)",
)
@public
def public_consultations(request: HttpRequest, agency_slug: str):
    from sigap.consultations.models import Consultation

    rows = Consultation.objects.filter(status__in=queries.PUBLIC).select_related("unit")
    return [_summary(c) for c in rows]


@router.get(
    "/publik/{agency_slug}/konsultasi/{consultation_id}",
    response={200: DraftOut, 404: ErrorOut},
    auth=None,
    summary="Rancangan versi terbaru dengan jumlah komentar per bagian (publik)",
)
@public
def public_draft(request: HttpRequest, agency_slug: str, consultation_id: int):
    c = queries.public_consultation(consultation_id)
    page = queries.draft_page(c, with_comments=False)
    return {
        **_summary(c),
        "version": page.version.number,
        "versions": [v.number for v in page.versions],
        "sections": [
            {
                "id": s.section.pk,
                "key": s.section.key,
                "heading": s.section.heading,
                "body": s.section.body,
                "comments": s.count,
            }
            for s in page.sections
        ],
    }


@router.get(
    "/publik/{agency_slug}/konsultasi/{consultation_id}/laporan",
    response={200: ReportOut, 404: ErrorOut},
    auth=None,
    summary="Laporan tanggapan (publik)",
)
@public
def public_report(request: HttpRequest, agency_slug: str, consultation_id: int):
    report = reports.build(queries.public_consultation(consultation_id))
    return {
        "total": report.total,
        "unanswered": report.unanswered,
        "by_section": [
            {"section": heading, "counts": row, "total": total}
            for _k, heading, row, total in report.matrix
        ],
        "answers": [
            {
                "verdict": r.answer.verdict,
                "reason": r.answer.reason,
                "comments": [c.pk for c in r.comments],
                "items": [_report_comment(report, c) for c in r.comments],
            }
            for r in report.answers
        ],
        "questionnaire": [
            {
                "key": q.key,
                "label": q.label,
                "respondents": q.respondents,
                "choices": [
                    {"choice": ch.choice, "count": ch.count, "by_group": ch.by_group}
                    for ch in q.choices
                ],
                "retired": q.retired,
                "replaces": q.replaces,
            }
            for q in report.questions
        ],
    }


@router.post(
    "/publik/{agency_slug}/konsultasi/{consultation_id}/komentar",
    response={201: CommentOut, **ERRORS},
    auth=signed_in,
    summary="Kirim komentar pada bagian atau kutipan",
)
def post_comment(request: HttpRequest, agency_slug: str, consultation_id: int, payload: CommentIn):
    c = queries.public_consultation(consultation_id)
    section = Section.objects.filter(pk=payload.section_id, version__consultation=c).first()
    if section is None:
        raise Http404
    comment = comments.post_comment(
        c,
        section,
        request.user,
        body=payload.body,
        group=payload.group,
        organisation=payload.organisation,
        quote=payload.quote,
        start=payload.start,
    )
    return Status(201, _comment_out(comment))


@router.post(
    "/publik/{agency_slug}/pemangku-kepentingan",
    response={201: ClaimOut, **ERRORS},
    auth=signed_in,
    summary="Ajukan verifikasi: saya mewakili organisasi (atau sebagai ASN)",
)
def submit_claim(request: HttpRequest, agency_slug: str, payload: ClaimIn):
    claim = stakeholders.submit_claim(
        request.agency,
        request.user,
        group=payload.group,
        organisation=payload.organisation,
        evidence=payload.evidence,
    )
    return Status(201, _claim_out(claim))


# -------------------------------------------------------------------- staff


@router.get(
    "/consultations/stakeholders",
    response={200: list[ClaimOut], **ERRORS},
    auth=staff(*VIEW),
    summary="Klaim pemangku kepentingan menurut status (bawaan: menunggu verifikasi)",
)
def list_claims(request: HttpRequest, status: str = "declared"):
    rows = queries.visible_stakeholders(request.user, request.agency).filter(status=status)
    return [_claim_out(c) for c in rows.order_by("created_at", "pk")[:500]]


@router.post(
    "/consultations/stakeholders/{stakeholder_id}/decision",
    response={200: ClaimOut, **ERRORS},
    auth=staff(*MANAGE),
    summary="Verifikasi, tolak, atau cabut klaim pemangku kepentingan",
)
def decide_claim(request: HttpRequest, stakeholder_id: int, payload: DecisionIn):
    claim = queries.get_stakeholder_for(request.user, request.agency, stakeholder_id, manage=True)
    decided = stakeholders.decide(claim, payload.decision, by=request.user, reason=payload.reason)
    return _claim_out(decided)


@router.get(
    "/consultations",
    response={200: list[ConsultationOut], **ERRORS},
    auth=staff(*VIEW),
    summary="Konsultasi yang terlihat oleh pengguna",
)
def list_consultations(request: HttpRequest):
    return [_summary(c) for c in queries.visible_consultations(request.user, request.agency)]


@router.get(
    "/consultations/{consultation_id}/comments",
    response={200: list[CommentOut], **ERRORS},
    auth=staff(*VIEW),
    summary="Semua komentar satu konsultasi (termasuk yang disembunyikan)",
)
def list_comments(request: HttpRequest, consultation_id: int):
    c = queries.get_consultation_for(request.user, request.agency, consultation_id)
    rows = c.comments.select_related("stakeholder").order_by("created_at", "pk")
    return [_comment_out(x) for x in rows]


@router.post(
    "/consultations/{consultation_id}/versions",
    response={201: VersionOut, **ERRORS},
    auth=staff(*MANAGE),
    summary="Terbitkan versi baru (komentar ditautkan ulang)",
)
def publish_version(request: HttpRequest, consultation_id: int, payload: VersionIn):
    c = queries.get_consultation_for(request.user, request.agency, consultation_id, manage=True)
    version = drafts.publish_version(
        c, text=payload.text, change_note=payload.change_note, by=request.user
    )
    return Status(201, {"number": version.number, "sections": version.sections.count()})


@router.post(
    "/consultations/{consultation_id}/answers",
    response={201: ReportAnswerOut, **ERRORS},
    auth=staff(*MANAGE),
    summary="Jawab satu atau beberapa komentar",
)
def answer(request: HttpRequest, consultation_id: int, payload: AnswerIn):
    c = queries.get_consultation_for(request.user, request.agency, consultation_id, manage=True)
    rows = list(c.comments.filter(pk__in=payload.comment_ids))
    if len(rows) != len(set(payload.comment_ids)):
        raise Http404
    a = comments.answer_comments(
        rows, verdict=payload.verdict, reason=payload.reason, by=request.user
    )
    return Status(201, {"verdict": a.verdict, "reason": a.reason, "comments": [r.pk for r in rows]})


@router.post(
    "/consultations/{consultation_id}/close",
    response={200: ConsultationOut, **ERRORS},
    auth=staff(*MANAGE),
    summary="Tutup konsultasi (ditolak bila ada komentar belum dijawab)",
)
def close(request: HttpRequest, consultation_id: int):
    c = queries.get_consultation_for(request.user, request.agency, consultation_id, manage=True)
    return _summary(drafts.close_consultation(c, by=request.user))


@router.post(
    "/consultations/comments/{comment_id}/hide",
    response={200: CommentOut, **ERRORS},
    auth=staff(*MANAGE),
    summary="Sembunyikan komentar dengan alasan yang dilihat penulis",
)
def hide(request: HttpRequest, comment_id: int, payload: ReasonIn):
    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None:
        raise Http404
    queries.get_consultation_for(request.user, request.agency, comment.consultation_id, manage=True)
    return _comment_out(comments.hide_comment(comment, by=request.user, reason=payload.reason))


@router.get(
    "/consultations/forums/{forum_id}/action-items",
    response={200: list[ActionItemOut], **ERRORS},
    auth=staff(*VIEW),
    summary="Tindak lanjut satu forum dialog",
)
def action_items(request: HttpRequest, forum_id: int):
    forum = queries.get_forum_for(request.user, request.agency, forum_id)
    return [
        {
            "id": i.pk,
            "title": i.title,
            "owner": i.owner.full_name,
            "due_on": i.due_on,
            "status": i.status,
        }
        for i in queries.forum_items(forum)
    ]


@router.post(
    "/consultations/action-items/{item_id}/done",
    response={200: ActionItemOut, **ERRORS},
    auth=staff(*MANAGE),
    summary="Tandai tindak lanjut selesai dengan hasilnya",
)
def action_item_done(request: HttpRequest, item_id: int, payload: OutcomeIn):
    item = ActionItem.objects.filter(pk=item_id).select_related("owner").first()
    if item is None:
        raise Http404
    queries.get_forum_for(request.user, request.agency, item.forum_id, manage=True)
    done = forums.complete_action_item(item, by=request.user, outcome=payload.outcome)
    return {
        "id": done.pk,
        "title": done.title,
        "owner": item.owner.full_name,
        "due_on": done.due_on,
        "status": done.status,
    }
