"""What became of the passage a comment addressed, version to version.

Every comment has a ``CommentPlacement`` per version since it was written: the passage
(section, quote, offsets) it sat on there. Comparing a comment's passage in one version
with its placement in a later one says how that passage changed:

* *unchanged*: the same words in the same place;
* *moved*: the same words elsewhere (text inserted before it, or another section);
* *edited*: reworded (the re-anchoring found the passage by position and likeness): a
  word diff of the old and the new wording;
* *removed*: the passage is gone (the comment is no longer anchored).

A comment on a whole section follows its section (changed, unchanged or removed, from
``comparison``). The comparison page lists each commented passage of one version with
its fate in another (one ``GROUP BY`` whatever the number of comments); the report says
it per comment for the version after the one the comment was written on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Count, F, FilteredRelation, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sigap.consultations.anchoring import ORPHANED
from sigap.consultations.comparison import CHANGED, REMOVED, UNCHANGED, word_diff
from sigap.consultations.models import Comment, CommentPlacement, DraftVersion

# Passage outcomes (a comment on a whole section takes its section's status instead).
SAME = "same"
MOVED = "moved"
EDITED = "edited"
GONE = "gone"
NO_NEXT = ""

LABELS = {
    SAME: _("kutipan tidak berubah"),
    MOVED: _("kutipan tetap, letaknya berpindah"),
    EDITED: _("kutipan diubah"),
    GONE: _("kutipan dihapus"),
    CHANGED: _("bagian diubah"),
    UNCHANGED: _("bagian tidak berubah"),
    REMOVED: _("bagian dihapus"),
    "added": _("bagian ditambahkan"),
    NO_NEXT: _("belum ada versi berikutnya"),
}


@dataclass
class PassageChange:
    kind: str
    before: str = ""
    after: str = ""
    # ("equal" | "del" | "ins", text) in reading order; empty when the words are the same.
    fragments: list[tuple[str, str]] = field(default_factory=list)
    section_key: str = ""

    @property
    def label(self) -> str:
        return str(LABELS.get(self.kind, self.kind))

    @property
    def reworded(self) -> bool:
        """Its words are no longer the same (reworded or gone)."""
        return self.kind in (EDITED, GONE)

    def as_text(self) -> str:
        """For the exports: the label, and the old and new wording of an edited passage."""
        if self.kind == EDITED:
            return f"{self.label}: «{self.before}» → «{self.after}»"
        if self.kind == GONE:
            return f"{self.label}: «{self.before}»"
        return self.label


def classify(
    before_quote: str,
    after_quote: str,
    after_anchor: str,
    *,
    same_place: bool | None = None,
    section_key: str = "",
) -> PassageChange:
    """A passage's fate. ``same_place``: whether it kept its section and offset (None:
    the re-anchoring's own verdict, right for consecutive versions)."""
    if after_anchor == ORPHANED or not after_quote:
        return PassageChange(GONE, before_quote, "", [("del", before_quote)], section_key)
    if after_quote != before_quote:
        fragments = word_diff(before_quote, after_quote)
        return PassageChange(EDITED, before_quote, after_quote, fragments, section_key)
    if same_place is None:
        same_place = after_anchor == Comment.Anchor.ANCHORED
    return PassageChange(SAME if same_place else MOVED, before_quote, after_quote, [], section_key)


def next_version_changes(
    comments: list[Comment], source: QuerySet[Comment], followed: Mapping[tuple[int, str], str]
) -> dict[int, PassageChange]:
    """comment id -> how what it addressed changed in the version after the one it was
    written on, in one query. ``comments`` come with ``written_on`` and
    ``written_section``; ``source`` is the queryset they were read from (a subquery, so
    an export of thousands binds no list of ids); ``followed``: (version number, section
    key) -> that section's status in the next version (``comparison``)."""
    after = {
        row["comment_id"]: row
        for row in CommentPlacement.objects.filter(
            comment__in=source.order_by().values("pk"),
            version__number=F("comment__written_on__number") + 1,
        ).values("comment_id", "section_key", "quote", "anchor")
    }
    out: dict[int, PassageChange] = {}
    for c in comments:
        placed = after.get(c.pk)
        if not c.original_quote:
            out[c.pk] = PassageChange(
                followed.get((c.written_on.number, c.written_section.key), NO_NEXT)
            )
        elif placed is None:
            out[c.pk] = PassageChange(NO_NEXT, c.original_quote)
        else:
            out[c.pk] = classify(
                c.original_quote,
                placed["quote"],
                placed["anchor"],
                section_key=placed["section_key"],
            )
    return out


@dataclass
class Passage:
    """One commented passage of a version, with its fate in a later one."""

    section_key: str
    quote: str
    start: int
    comments: int
    change: PassageChange


def passages_between(
    before: DraftVersion, after: DraftVersion, *, statuses: Iterable[str] = ("visible",)
) -> dict[str, list[Passage]]:
    """section key (in ``before``) -> the passages comments addressed there, each with how
    it reads in ``after``, in reading order. Comments at the same passage share its fate
    (re-anchoring is a function of the passage), so one ``GROUP BY`` over the later
    placements joined to the earlier ones gives every passage once with its count."""
    rows = (
        CommentPlacement.objects.filter(version=after, comment__status__in=list(statuses))
        .annotate(
            earlier=FilteredRelation(
                "comment__placements", condition=Q(comment__placements__version=before)
            )
        )
        .filter(earlier__isnull=False)
        .exclude(earlier__quote="")
        .values(
            "earlier__section_key",
            "earlier__quote",
            "earlier__start",
            "section_key",
            "quote",
            "start",
            "anchor",
        )
        .annotate(n=Count("pk"))
        .order_by("earlier__section_key", "earlier__start")
    )
    out: dict[str, list[Passage]] = defaultdict(list)
    for row in rows:
        key, quote, start = (
            row["earlier__section_key"],
            row["earlier__quote"],
            row["earlier__start"],
        )
        change = classify(
            quote,
            row["quote"],
            row["anchor"],
            same_place=row["section_key"] == key and row["start"] == start,
            section_key=row["section_key"],
        )
        out[key].append(Passage(key, quote, start, row["n"], change))
    return dict(out)


def split(passages: Mapping[str, list[Passage]]) -> tuple[dict[str, list[Passage]], dict[str, int]]:
    """Per section: the passages worth listing (reworded, gone, or moved to another
    section), and how many others kept their words (perhaps a little further along)."""
    listed: dict[str, list[Passage]] = {}
    kept: dict[str, int] = {}
    for key, found in passages.items():
        shown = [
            p
            for p in found
            if p.change.reworded or (p.change.kind == MOVED and p.change.section_key != key)
        ]
        if shown:
            listed[key] = shown
        if len(found) > len(shown):
            kept[key] = len(found) - len(shown)
    return listed, kept


def for_comment(comment: Comment) -> PassageChange | None:
    """Since it was written: how the passage a displayed comment quoted reads now (from
    its own fields, no query). None for a whole-section comment, unchanged words, or a
    passage that is gone (the comment says it is no longer anchored)."""
    if (
        not comment.original_quote
        or comment.anchor == Comment.Anchor.ORPHANED
        or comment.quote == comment.original_quote
    ):
        return None
    return classify(comment.original_quote, comment.quote, comment.anchor)
