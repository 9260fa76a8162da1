"""Reads: scoped fetches for staff, the public draft page with its counts per section
(one aggregate query), and the participant's own contributions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404

from sigap.accounts.scope import row_scope
from sigap.consultations import passages
from sigap.consultations.models import (
    ActionItem,
    Comment,
    Consultation,
    DraftVersion,
    Forum,
    ForumRegistration,
    Section,
    Stakeholder,
)
from sigap.platform.access import may_any

RESOURCE = "consultations.consultation"
MANAGE = ("consultations.manage_all_consultation", "consultations.manage_unit_consultation")
PUBLIC = (Consultation.Status.OPEN, Consultation.Status.CLOSED)


def visible_consultations(user: Any, agency: Any) -> QuerySet[Consultation]:
    scope = row_scope(user, agency, RESOURCE)
    return scope.rows(Consultation.objects.select_related("unit"), unit_path="unit__path")


def visible_forums(user: Any, agency: Any) -> QuerySet[Forum]:
    scope = row_scope(user, agency, RESOURCE)
    return scope.rows(Forum.objects.select_related("unit"), unit_path="unit__path")


def visible_stakeholders(user: Any, agency: Any) -> QuerySet[Stakeholder]:
    """Claims the user's unit may check: the whole pemda's for oversight and the agency
    admin; for a unit's staff, those of people who commented on the unit's drafts."""
    rows = Stakeholder.objects.select_related("user", "decided_by")
    if row_scope(user, agency, RESOURCE).sees_all:
        return rows
    drafts = visible_consultations(user, agency).values("pk")
    return rows.filter(
        Exists(Comment.objects.filter(stakeholder=OuterRef("pk"), consultation__in=drafts))
    )


def get_stakeholder_for(user: Any, agency: Any, pk: int, *, manage: bool = False) -> Stakeholder:
    if manage and not may_manage(user, agency):
        raise Http404
    found = visible_stakeholders(user, agency).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def may_manage(user: Any, agency: Any) -> bool:
    return may_any(user, agency, MANAGE)


def get_consultation_for(user: Any, agency: Any, pk: int, *, manage: bool = False) -> Consultation:
    """No access looks the same as not found."""
    if manage and not may_manage(user, agency):
        raise Http404
    found = visible_consultations(user, agency).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def get_forum_for(user: Any, agency: Any, pk: int, *, manage: bool = False) -> Forum:
    if manage and not may_manage(user, agency):
        raise Http404
    found = visible_forums(user, agency).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def public_consultation(pk: int) -> Consultation:
    found = Consultation.objects.select_related("unit").filter(pk=pk, status__in=PUBLIC).first()
    if found is None:
        raise Http404
    return found


def version_of(consultation: Consultation, number: int | None) -> DraftVersion:
    versions = consultation.versions.order_by("-number")
    version = versions.filter(number=number).first() if number else versions.first()
    if version is None:
        raise Http404
    return version


@dataclass
class SectionView:
    section: Section
    count: int = 0
    comments: list[Comment] = field(default_factory=list)

    def fragments(self) -> list[tuple[str, int | None]]:
        """The body cut into (text, comment id) pieces: each anchored comment's passage
        marked once (overlapping passages: the earlier one wins)."""
        body = self.section.body
        spans = sorted(
            (c.start, c.end, c.pk)
            for c in self.comments
            if c.is_anchored and c.start is not None and c.end is not None
        )
        out, at = [], 0
        for start, end, pk in spans:
            if start < at or end > len(body):
                continue
            if start > at:
                out.append((body[at:start], None))
            out.append((body[start:end], pk))
            at = end
        if at < len(body):
            out.append((body[at:], None))
        return out


@dataclass
class DraftPage:
    consultation: Consultation
    version: DraftVersion
    versions: list[DraftVersion]
    sections: list[SectionView]
    orphaned: list[Comment]
    total: int
    is_latest: bool


PER_SECTION = 5


def draft_page(
    consultation: Consultation,
    number: int | None = None,
    *,
    with_comments: bool = True,
    statuses: tuple[str, ...] = ("visible",),
    per_section: int | None = PER_SECTION,
    focus: str = "",
) -> DraftPage:
    """The draft with its sections, comment counts per section and (for the latest
    version) the latest ``per_section`` comments sitting on each section, or every
    comment of the ``focus`` section. Counts come from one GROUP BY, the comments from
    one query numbering them per section (a window function), so the page costs the
    same with 50 comments or 5,000."""
    versions = list(consultation.versions.order_by("number"))
    if not versions:
        raise Http404
    version = (
        next((v for v in versions if v.number == number), versions[-1]) if number else versions[-1]
    )
    is_latest = version.pk == versions[-1].pk
    sections = [SectionView(s) for s in version.sections.order_by("position")]
    by_pk = {v.section.pk: v for v in sections}
    orphaned: list[Comment] = []
    total = 0
    if is_latest:
        counts = (
            Comment.objects.filter(consultation=consultation, status__in=statuses)
            .values("section_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in counts:
            total += row["n"]
            if row["section_id"] in by_pk:
                by_pk[row["section_id"]].count = row["n"]
        if with_comments:
            rows = Comment.objects.filter(consultation=consultation, status__in=statuses)
            if focus:
                rows = rows.filter(section_key=focus)
            elif per_section:
                # Number the comments per section on narrow rows (ids only), then fetch the
                # few shown: numbering whole rows made SQLite carry every body through
                # the window's sort.
                latest = (
                    rows.annotate(
                        rank=Window(
                            RowNumber(),
                            partition_by=[F("section_id")],
                            order_by=[F("created_at").desc(), F("pk").desc()],
                        )
                    )
                    .filter(rank__lte=per_section)
                    .values_list("pk", flat=True)
                )
                rows = Comment.objects.filter(pk__in=list(latest))
            rows = rows.select_related("answer", "stakeholder").order_by("created_at", "pk")
            for c in rows:
                c.passage_change = passages.for_comment(c)
                if c.section_id in by_pk:
                    by_pk[c.section_id].comments.append(c)
                else:
                    orphaned.append(c)
    else:
        counts = (
            Comment.objects.filter(written_on=version, status__in=statuses)
            .values("written_section_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in counts:
            total += row["n"]
            if row["written_section_id"] in by_pk:
                by_pk[row["written_section_id"]].count = row["n"]
    return DraftPage(consultation, version, versions, sections, orphaned, total, is_latest)


def my_comments(user: Any) -> QuerySet[Comment]:
    return (
        Comment.objects.filter(author=user)
        .select_related("consultation", "answer", "section", "stakeholder")
        .order_by("-created_at")
    )


def my_claims(user: Any) -> QuerySet[Stakeholder]:
    return Stakeholder.objects.filter(user=user).select_related("agency").order_by("-created_at")


def my_registrations(user: Any) -> list[ForumRegistration]:
    rows = (
        ForumRegistration.objects.filter(participant=user)
        .select_related("forum")
        .prefetch_related("action_items")
        .order_by("-forum__starts_at")
    )
    return list(rows)


def forum_items(forum: Forum) -> QuerySet[ActionItem]:
    return forum.action_items.select_related("owner", "raised_by").order_by("due_on", "pk")


def unanswered_comments(consultation: Consultation) -> QuerySet[Comment]:
    return (
        Comment.objects.filter(consultation=consultation, answer__isnull=True)
        .filter(Q(status=Comment.Status.VISIBLE) | Q(status=Comment.Status.REVIEW))
        .select_related("section", "stakeholder")
        .order_by("section_key", "created_at")
    )


def counts_by_group(comments: list[Comment]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for c in comments:
        out[c.group] += 1
    return dict(out)
