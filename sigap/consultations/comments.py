"""Participants' comments: post (rate-limited), report, moderate with a stated reason,
answer (one comment or a group)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.audit.events import acting, record, register_events
from sigap.consultations.anchoring import locate
from sigap.consultations.drafts import latest_version
from sigap.consultations.models import (
    Answer,
    Comment,
    CommentPlacement,
    CommentReport,
    Consultation,
    Section,
)
from sigap.consultations.stakeholders import check_identity, claim_for
from sigap.notifications import notify
from sigap.platform.transitions import transition, try_transition
from sigap.tenancy.context import acting_for

register_events(
    {
        "komentar dikirim": "Komentar konsultasi publik dikirim",
        "komentar dilaporkan": "Komentar dilaporkan peserta",
        "komentar dijawab": "Komentar dijawab unit",
    }
)

M = Comment.Status
# Posting limit per participant and consultation: enough for a careful reader going
# through a long draft, too few for a flood.
RATE_LIMIT = 10
RATE_WINDOW = dt.timedelta(minutes=10)
# Distinct participants reporting a comment before it is held for a moderator's review.
REPORT_THRESHOLD = 3
MAX_COMMENT = 4000


@transaction.atomic
def post_comment(
    consultation: Consultation,
    section: Section,
    author: Any,
    *,
    body: str,
    group: str,
    organisation: str = "",
    quote: str = "",
    start: int | None = None,
    at: dt.datetime | None = None,
    rate_limited: bool = True,
) -> Comment:
    """A comment on ``section`` of the latest version, or on a passage of it (``quote``,
    located near ``start`` when the same words occur twice)."""
    if not getattr(author, "is_authenticated", False):
        raise PermissionDenied(_("Masuk terlebih dahulu untuk berkomentar."))
    body = (body or "").strip()
    organisation = (organisation or "").strip()[:150]
    if not body:
        raise ValidationError({"body": _("Komentar tidak boleh kosong.")})
    if len(body) > MAX_COMMENT:
        raise ValidationError({"body": _("Komentar paling panjang 4.000 karakter.")})
    check_identity(group, organisation, author)
    with acting_for(consultation.agency), acting(author):
        if not consultation.accepts_input():
            raise ValidationError(_("Konsultasi ini tidak sedang menerima komentar."))
        version = latest_version(consultation)
        if section.version_id != version.pk:
            raise ValidationError(
                {"section": _("Bagian ini berasal dari versi lama; muat ulang rancangan.")}
            )
        now = at or timezone.now()
        if rate_limited:
            recent = Comment.objects.filter(
                consultation=consultation, author=author, created_at__gt=now - RATE_WINDOW
            ).count()
            if recent >= RATE_LIMIT:
                raise ValidationError(
                    _(
                        "Anda sudah mengirim %(n)s komentar dalam 10 menit terakhir. "
                        "Silakan coba lagi nanti."
                    )
                    % {"n": recent},
                    code="rate_limited",
                )
        anchor, span, quoted = Comment.Anchor.SECTION, None, ""
        if (quote or "").strip():
            span = locate(section.body, quote, near=start)
            if span is None:
                raise ValidationError(
                    {"quote": _("Kutipan tidak ditemukan pada bagian ini; pilih ulang teksnya.")}
                )
            anchor, quoted = Comment.Anchor.ANCHORED, section.body[span[0] : span[1]]
        comment = Comment.objects.create(
            agency=consultation.agency,
            consultation=consultation,
            written_on=version,
            written_section=section,
            section=section,
            section_key=section.key,
            author=author,
            group=group,
            organisation=organisation,
            stakeholder=claim_for(consultation.agency, author, group, organisation),
            body=body,
            original_quote=quoted,
            quote=quoted,
            start=span[0] if span else None,
            end=span[1] if span else None,
            anchor=anchor,
            created_at=now,
        )
        CommentPlacement.objects.create(
            agency=consultation.agency,
            comment=comment,
            version=version,
            section=section,
            section_key=section.key,
            quote=quoted,
            start=comment.start,
            end=comment.end,
            anchor=anchor,
        )
        record("komentar dikirim", comment, details={"section": section.key, "group": group})
        return comment


@transaction.atomic
def report_comment(comment: Comment, reporter: Any, *, reason: str) -> Comment:
    """A participant reports a comment; at ``REPORT_THRESHOLD`` distinct reporters it is
    hidden until a moderator decides."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Sebutkan alasan Anda melaporkan komentar ini.")})
    if comment.author_id == getattr(reporter, "pk", None):
        raise ValidationError(_("Anda tidak dapat melaporkan komentar Anda sendiri."))
    with acting_for(comment.agency), acting(reporter):
        try:
            with transaction.atomic():
                CommentReport.objects.create(
                    agency=comment.agency, comment=comment, reporter=reporter, reason=reason[:200]
                )
        except IntegrityError:
            raise ValidationError(_("Anda sudah melaporkan komentar ini.")) from None
        Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
        comment.refresh_from_db(fields=["report_count", "status"])
        record("komentar dilaporkan", comment, details={"reports": comment.report_count})
        if comment.report_count >= REPORT_THRESHOLD and comment.status == M.VISIBLE:
            try_transition(comment, M.REVIEW, details={"reports": comment.report_count})
        return comment


def _tell_author(comment: Comment, template: str, **context: Any) -> None:
    notify(
        comment.author,
        f"consultations/{template}",
        {"comment": comment, "consultation": comment.consultation, **context},
        agency=comment.agency,
        url="/konsultasi/masukan-saya/",
    )


@transaction.atomic
def hide_comment(comment: Comment, *, by: Any, reason: str) -> Comment:
    """A moderator hides a comment with a reason its author sees."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Alasan moderasi wajib diisi; penulis akan melihatnya.")}
        )
    with acting_for(comment.agency), acting(by):
        transition(comment, M.HIDDEN, details={"reason": reason}, moderation_reason=reason)
        _tell_author(comment, "hidden", reason=reason)
        return comment


@transaction.atomic
def restore_comment(comment: Comment, *, by: Any) -> Comment:
    with acting_for(comment.agency), acting(by):
        return transition(comment, M.VISIBLE, moderation_reason="")


@transaction.atomic
def answer_comments(
    comments: Iterable[Comment],
    *,
    verdict: str,
    reason: str,
    by: Any,
    at: dt.datetime | None = None,
) -> Answer:
    """One answer for one comment or a group of comments of the same consultation."""
    comments = list(comments)
    reason = (reason or "").strip()
    errors = {}
    if not comments:
        errors["comments"] = _("Pilih paling sedikit satu komentar.")
    if verdict not in Answer.Verdict.values:
        errors["verdict"] = _("Pilih keputusan: diterima, diterima sebagian, atau tidak diterima.")
    if not reason:
        errors["reason"] = _("Alasan jawaban wajib diisi.")
    if errors:
        raise ValidationError(errors)
    consultation_ids = {c.consultation_id for c in comments}
    if len(consultation_ids) != 1:
        raise ValidationError({"comments": _("Komentar yang dijawab harus dari satu konsultasi.")})
    consultation = comments[0].consultation
    with acting_for(consultation.agency), acting(by):
        if consultation.status == Consultation.Status.CLOSED:
            raise ValidationError(_("Konsultasi sudah ditutup."))
        locked = list(Comment.objects.select_for_update().filter(pk__in=[c.pk for c in comments]))
        if any(c.status == M.HIDDEN for c in locked):
            raise ValidationError({"comments": _("Komentar yang disembunyikan tidak dijawab.")})
        answer = Answer.objects.create(
            agency=consultation.agency,
            consultation=consultation,
            verdict=verdict,
            reason=reason,
            answered_by=by if getattr(by, "is_authenticated", False) else None,
            answered_at=at or timezone.now(),
        )
        for c in locked:
            c.answer = answer
            c.save(update_fields=["answer"])
        record(
            "komentar dijawab",
            answer,
            details={"verdict": verdict, "comments": [c.pk for c in locked]},
        )
        for c in locked:
            _tell_author(c, "answered", answer=answer)
        return answer
