"""Writing drafts: create a consultation, publish versions (re-anchoring every comment),
open and close it. Each function validates, runs in one transaction inside
``acting_for(agency)``, records its named event and moves states through the tables."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sigap.audit.events import acting, record, register_events
from sigap.consultations.anchoring import Reanchorer
from sigap.consultations.models import (
    Comment,
    CommentPlacement,
    Consultation,
    DraftVersion,
    Section,
)
from sigap.consultations.questionnaire import clean_questions
from sigap.platform.bulk import SqlInsert
from sigap.platform.transitions import transition
from sigap.tenancy.context import acting_for

register_events(
    {
        "konsultasi dibuat": "Konsultasi publik dibuat",
        "versi rancangan diterbitkan": "Versi rancangan kebijakan diterbitkan",
    }
)

C = Consultation.Status
MAX_SECTIONS = 200
_HEADING = re.compile(r"^##\s*(?:\[(?P<key>[a-z0-9-]+)\]\s*)?(?P<heading>.+?)\s*$")


@dataclass(frozen=True)
class SectionText:
    key: str
    heading: str
    body: str


def parse_sections(text: str) -> list[SectionText]:
    """Sections from the editor's text: a line ``## [key] Heading`` starts each one (the
    key is optional and stays the same across versions; without one it comes from the
    heading)."""
    sections: list[dict[str, Any]] = []
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        match = _HEADING.match(line)
        if match:
            sections.append({"key": match["key"] or "", "heading": match["heading"], "body": []})
        elif sections:
            sections[-1]["body"].append(line)
        elif line.strip():
            raise ValidationError(
                {"text": _("Awali setiap bagian dengan baris judul “## Judul bagian”.")}
            )
    if not sections:
        raise ValidationError({"text": _("Rancangan harus memiliki paling sedikit satu bagian.")})
    if len(sections) > MAX_SECTIONS:
        raise ValidationError({"text": _("Rancangan terlalu panjang (paling banyak 200 bagian).")})
    out: list[SectionText] = []
    seen: set[str] = set()
    for s in sections:
        key = s["key"] or slugify(s["heading"])[:60] or "bagian"
        base, n = key, 2
        while key in seen:
            key, n = f"{base[:55]}-{n}", n + 1
        seen.add(key)
        body = "\n".join(s["body"]).strip()
        if not body:
            raise ValidationError(
                {"text": _("Bagian “%(heading)s” belum berisi teks.") % {"heading": s["heading"]}}
            )
        out.append(SectionText(key, s["heading"][:200], body))
    return out


def text_of(version: DraftVersion) -> str:
    """The editor's text of a version, keys included (the start of the next version)."""
    return "\n\n".join(
        f"## [{s.key}] {s.heading}\n{s.body}" for s in version.sections.order_by("position")
    )


def _check_dates(opens_on: dt.date, closes_on: dt.date) -> None:
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("Tanggal tutup tidak boleh sebelum tanggal buka.")})


@transaction.atomic
def create_consultation(
    unit: Any,
    *,
    title: str,
    summary: str,
    opens_on: dt.date,
    closes_on: dt.date,
    text: str,
    by: Any,
    questions: list[dict[str, Any]] | None = None,
    published_at: dt.datetime | None = None,
) -> Consultation:
    """A draft with its first version; opened by ``open_consultation``."""
    title, summary = (title or "").strip(), (summary or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Judul rancangan wajib diisi.")
    if not summary:
        errors["summary"] = _("Tuliskan ringkasan dalam bahasa sederhana.")
    if errors:
        raise ValidationError(errors)
    _check_dates(opens_on, closes_on)
    sections = parse_sections(text)
    cleaned_questions = clean_questions(questions)
    with acting_for(unit.agency), acting(by):
        consultation = Consultation.objects.create(
            agency=unit.agency,
            unit=unit,
            title=title[:200],
            summary=summary,
            opens_on=opens_on,
            closes_on=closes_on,
            questions=cleaned_questions,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        _write_version(consultation, sections, note="", by=by, at=published_at)
        record("konsultasi dibuat", consultation, details={"title": consultation.title})
        return consultation


def _write_version(
    consultation: Consultation,
    sections: list[SectionText],
    *,
    note: str,
    by: Any,
    at: dt.datetime | None = None,
) -> DraftVersion:
    last = consultation.versions.order_by("-number").first()
    version = DraftVersion.objects.create(
        agency=consultation.agency,
        consultation=consultation,
        number=(last.number + 1) if last else 1,
        change_note=note,
        published_at=at or timezone.now(),
        published_by=by if getattr(by, "is_authenticated", False) else None,
    )
    Section.objects.bulk_create(
        [
            Section(
                agency=consultation.agency,
                version=version,
                position=i,
                key=s.key,
                heading=s.heading,
                body=s.body,
            )
            for i, s in enumerate(sections, start=1)
        ]
    )
    record(
        "versi rancangan diterbitkan",
        consultation,
        details={"version": version.number, "sections": len(sections)},
    )
    return version


def latest_version(consultation: Consultation) -> DraftVersion:
    return consultation.versions.order_by("-number").first()


@transaction.atomic
def publish_version(
    consultation: Consultation,
    *,
    text: str,
    change_note: str,
    by: Any,
    published_at: dt.datetime | None = None,
) -> DraftVersion:
    """Publish the next version beside the earlier ones and re-anchor every comment."""
    note = (change_note or "").strip()
    if not note:
        raise ValidationError({"change_note": _("Jelaskan apa yang berubah pada versi ini.")})
    sections = parse_sections(text)
    with acting_for(consultation.agency), acting(by):
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if locked.status == C.CLOSED:
            raise ValidationError(_("Konsultasi yang sudah ditutup tidak dapat diberi versi baru."))
        previous = latest_version(locked)
        version = _write_version(locked, sections, note=note, by=by, at=published_at)
        reanchor_comments(locked, previous, version)
        return version


def reanchor_comments(consultation: Consultation, old: DraftVersion, new: DraftVersion) -> int:
    """Place every comment of ``consultation`` on ``new``; one UPDATE per batch.

    Runs inside ``publish_version``'s transaction. Written with ``UPDATE … FROM
    (VALUES …)`` batches (``_write_placements``): one audit entry for the publication
    (its named event) rather than 5,000 field diffs that only say the text moved under
    them. ``bulk_update`` took 60 s for 5,000 comments: its CASE WHEN per row and field
    is compiled by the ORM and then evaluated row by row."""
    old_sections = {s.key: s.body for s in old.sections.all()}
    new_sections = list(new.sections.order_by("position"))
    by_key = {s.key: s for s in new_sections}
    placer = Reanchorer(old_sections, {s.key: s.body for s in new_sections})
    comments = list(
        Comment.objects.filter(consultation=consultation).only(
            "pk", "section_key", "quote", "start", "end", "anchor", "agency_id"
        )
    )
    for c in comments:
        if c.anchor == Comment.Anchor.ORPHANED:
            # Once the passage is gone it stays gone; the comment follows its section.
            section = by_key.get(c.section_key)
            c.section = section
            continue
        placed = placer.place(c.section_key, c.quote, c.start, c.end)
        c.anchor = placed.state
        if placed.section_key is not None:
            c.section_key = placed.section_key
        c.section = by_key.get(c.section_key)
        c.quote, c.start, c.end = placed.quote, placed.start, placed.end
    _write_placements(
        [(c.pk, c.section_id, c.section_key, c.quote, c.start, c.end, c.anchor) for c in comments]
    )
    # The history: where each comment sits in this version (the comparison and the
    # report read how the passage it addressed changed). Plain tuples in bulk, like
    # the update above: the publication's named event stands for them in the trail.
    SqlInsert()(
        CommentPlacement,
        PLACEMENT_HISTORY_COLUMNS,
        [
            (
                consultation.agency_id,
                c.pk,
                new.pk,
                c.section_id,
                c.section_key,
                c.quote,
                c.start,
                c.end,
                c.anchor,
            )
            for c in comments
        ],
        returning=False,
    )
    return len(comments)


# A ``CommentPlacement`` row as the re-anchoring writes it (and the benchmark's seed).
PLACEMENT_HISTORY_COLUMNS = (
    "agency_id",
    "comment_id",
    "version_id",
    "section_id",
    "section_key",
    "quote",
    "start",
    "end",
    "anchor",
)
_PLACEMENT_TYPES = ("bigint", "bigint", "varchar(60)", "text", "integer", "integer", "varchar(8)")
_PLACEMENT_COLUMNS = ("id", "section_id", "section_key", "quote", "start", "end", "anchor")


def _write_placements(rows: list[tuple[Any, ...]], batch: int = 500) -> None:
    """``UPDATE comment SET … FROM (VALUES …)``: SQLite (≥ 3.33) and PostgreSQL alike. The
    VALUES columns are ``column1…`` on both; the casts type them for PostgreSQL."""
    table = connection.ops.quote_name(Comment._meta.db_table)
    qn = connection.ops.quote_name
    select = ", ".join(
        f"CAST(column{i} AS {t}) AS {qn('v_' + c)}"
        for i, (c, t) in enumerate(zip(_PLACEMENT_COLUMNS, _PLACEMENT_TYPES, strict=True), 1)
    )
    sets = ", ".join(f"{qn(c)} = v.{qn('v_' + c)}" for c in _PLACEMENT_COLUMNS[1:])
    width = len(_PLACEMENT_COLUMNS)
    with connection.cursor() as cursor:
        for at in range(0, len(rows), batch):
            chunk = rows[at : at + batch]
            values = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(chunk))
            # Names and casts come from the model and the constants above; values are bound.
            sql = (
                f"UPDATE {table} SET {sets} FROM (SELECT {select} FROM (VALUES {values}) AS t) AS v "  # noqa: S608
                f"WHERE {table}.{qn('id')} = v.{qn('v_id')}"
            )
            cursor.execute(sql, [value for row in chunk for value in row])


@transaction.atomic
def open_consultation(consultation: Consultation, *, by: Any) -> Consultation:
    with acting_for(consultation.agency), acting(by):
        return transition(consultation, C.OPEN)


def unanswered(consultation: Consultation) -> int:
    """Comments still waiting for the unit's answer. Hidden ones carry the moderator's
    stated reason instead; those held for review must be decided first."""
    return (
        Comment.objects.filter(consultation=consultation, answer__isnull=True)
        .exclude(status=Comment.Status.HIDDEN)
        .count()
    )


@transaction.atomic
def close_consultation(consultation: Consultation, *, by: Any) -> Consultation:
    """Refused while any comment stands unanswered (UU 13/2022, Pasal 96: the right to
    have one's input considered and to get an explanation)."""
    with acting_for(consultation.agency), acting(by):
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        waiting = unanswered(locked)
        if waiting:
            raise ValidationError(
                _("Konsultasi belum dapat ditutup: %(n)s komentar belum dijawab.") % {"n": waiting},
                code="unanswered",
            )
        return transition(consultation, C.CLOSED, details={"comments": locked.comments.count()})
