"""The response report of a draft: comments per section and stakeholder group, how each
was answered, and what changed in the next version. Public; exported as PDF and Excel."""

from __future__ import annotations

import io
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from openpyxl import Workbook

from sigap.consultations.comparison import CHANGED, REMOVED, UNCHANGED, compare
from sigap.consultations.models import (
    Answer,
    Comment,
    Consultation,
    QuestionnaireResponse,
    StakeholderGroup,
)
from sigap.consultations.passages import NO_NEXT, PassageChange, next_version_changes


@dataclass
class AnswerRow:
    answer: Answer
    comments: list[Comment]


@dataclass
class VersionChange:
    number: int
    note: str
    changes: list[Any]


@dataclass
class ChoiceTally:
    choice: str
    count: int
    share: int  # whole per cent of the question's respondents
    by_group: dict[str, int]


@dataclass
class QuestionTally:
    key: str
    label: str
    respondents: int
    choices: list[ChoiceTally]
    # A question retired after publication keeps its answers here; its replacement
    # names it. ``revised``: its wording was revised after people answered.
    retired: bool = False
    replaced_by: str = ""
    replaces: str = ""
    revised: bool = False


@dataclass
class Report:
    consultation: Consultation
    groups: list[tuple[str, str]]
    # (section key, heading, {group: count}, total)
    matrix: list[tuple[str, str, dict[str, int], int]]
    totals: dict[str, int]
    total: int
    answers: list[AnswerRow]
    unanswered: int
    verdicts: dict[str, int]
    version_changes: list[VersionChange] = field(default_factory=list)
    page: int = 1
    pages: int = 1
    # The optional questionnaire, aggregated (no respondent is shown), and the groups
    # that answered it (the columns of its tables).
    questions: list[QuestionTally] = field(default_factory=list)
    respondents: int = 0
    respondent_groups: list[tuple[str, str]] = field(default_factory=list)

    @staticmethod
    def change_for(comment: Comment) -> PassageChange:
        """How the passage (or section) an answered comment addressed changed in the
        next version (``build`` sets it on each comment as ``next_change``)."""
        return getattr(comment, "next_change", None) or PassageChange(NO_NEXT)


CHANGE_LABELS = {
    CHANGED: _l("diubah"),
    REMOVED: _l("dihapus"),
    UNCHANGED: _l("tidak berubah"),
    "added": _l("ditambahkan"),
    "": _l("belum ada versi berikutnya"),
}
IDENTITY_LABELS = {"verified": _l("terverifikasi"), "declared": _l("dinyatakan sendiri")}


def who(comment: Comment) -> str:
    """The declared identity as the exports print it: group, organisation, badge."""
    text = str(comment.get_group_display())
    if comment.organisation:
        text += f" ({comment.organisation})"
    if comment.identity:
        text += f" [{IDENTITY_LABELS[comment.identity]}]"
    return text


def questionnaire(
    consultation: Consultation,
) -> tuple[list[QuestionTally], int, list[tuple[str, str]]]:
    """Each question's choices counted overall and per stakeholder group, from one read of
    the answers (a response is one row per person; a few thousand at most)."""
    counts: dict[str, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    respondents, groups = 0, set()
    rows = QuestionnaireResponse.objects.filter(consultation=consultation).values_list(
        "group", "answers"
    )
    for group, answers in rows.iterator(chunk_size=2000):
        respondents += 1
        groups.add(group)
        for key, value in (answers or {}).items():
            counts[key][value][group] += 1
    tallies = []
    labels = {q["key"]: q["label"] for q in consultation.questions}
    for q in consultation.questions:
        per_choice = counts.get(q["key"], {})
        answered = sum(sum(g.values()) for g in per_choice.values())
        if q.get("retired_at") and not answered:
            continue
        choices = []
        for choice in q["choices"]:
            by_group = dict(per_choice.get(choice, {}))
            n = sum(by_group.values())
            choices.append(
                ChoiceTally(choice, n, round(100 * n / answered) if answered else 0, by_group)
            )
        tallies.append(
            QuestionTally(
                q["key"],
                q["label"],
                answered,
                choices,
                retired=bool(q.get("retired_at")),
                replaced_by=labels.get(q.get("replaced_by", ""), ""),
                replaces=labels.get(q.get("replaces", ""), ""),
                revised=bool(q.get("revised_at")),
            )
        )
    columns = [(g, label) for g, label in StakeholderGroup.choices if g in groups]
    return tallies, respondents, columns


def build(consultation: Consultation, *, page: int = 1, per_page: int | None = None) -> Report:
    """Hidden comments are left out (their authors were told why). ``per_page``: one
    page of the answers (the public page); None: all of them (PDF, Excel)."""
    versions = list(consultation.versions.prefetch_related("sections").order_by("number"))
    latest = versions[-1]
    headings = {s.key: s.heading for v in versions for s in v.sections.all()}
    order = [s.key for s in latest.sections.all()] + [
        k for k in headings if k not in {s.key for s in latest.sections.all()}
    ]
    # Only what the public sees: hidden comments (their authors were told why) and
    # those held for a moderator's review are left out.
    public = Comment.objects.filter(consultation=consultation, status=Comment.Status.VISIBLE)
    cells: dict[str, dict[str, int]] = defaultdict(dict)
    for row in public.values("written_section__key", "group").annotate(n=Count("pk")).order_by():
        cells[row["written_section__key"]][row["group"]] = row["n"]
    matrix, totals = [], defaultdict(int)
    for key in order:
        if key in cells:
            row = cells[key]
            matrix.append((key, headings.get(key, key), row, sum(row.values())))
            for g, n in row.items():
                totals[g] += n
    answers_qs = consultation.answers.order_by("answered_at", "pk")
    pages = 1
    if per_page:
        pages = max(1, -(-answers_qs.count() // per_page))
        page = min(max(page, 1), pages)
        answers_qs = answers_qs[(page - 1) * per_page : page * per_page]
    answer_rows = list(answers_qs)
    answered: dict[int, list[Comment]] = defaultdict(list)
    answered_qs = (
        public.filter(answer__in=[a.pk for a in answer_rows])
        if per_page
        else public.filter(answer__isnull=False)
    )
    answered_qs = answered_qs.select_related(
        "written_on", "written_section", "stakeholder"
    ).order_by("created_at", "pk")
    answered_rows = list(answered_qs)
    for c in answered_rows:
        answered[c.answer_id].append(c)
    unanswered = public.filter(answer__isnull=True).count()
    answers = [AnswerRow(a, answered[a.pk]) for a in answer_rows if answered.get(a.pk)]
    verdicts: dict[str, int] = defaultdict(int)
    for row in (
        public.filter(answer__isnull=False)
        .values("answer__verdict")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        verdicts[row["answer__verdict"]] = row["n"]
    changes, followed = [], {}
    for before, after in zip(versions, versions[1:], strict=False):
        diff = compare(list(before.sections.all()), list(after.sections.all()))
        changes.append(
            VersionChange(
                after.number, after.change_note, [c for c in diff if c.status != UNCHANGED]
            )
        )
        for c in diff:
            followed[(before.number, c.key)] = c.status
    passage_changes = (
        next_version_changes(answered_rows, answered_qs, followed) if len(versions) > 1 else {}
    )
    for c in answered_rows:
        c.next_change = passage_changes.get(c.pk) or PassageChange(NO_NEXT)
    questions, respondents, respondent_groups = questionnaire(consultation)
    return Report(
        consultation=consultation,
        questions=questions,
        respondents=respondents,
        respondent_groups=respondent_groups,
        groups=list(StakeholderGroup.choices),
        matrix=matrix,
        totals=dict(totals),
        total=sum(totals.values()),
        answers=answers,
        unanswered=unanswered,
        verdicts=dict(verdicts),
        version_changes=changes,
        page=page,
        pages=pages,
    )


def _pdf_text(text: str) -> str:
    # The core fonts are Latin-1: fold what they cannot print (curly quotes, dashes).
    text = text.replace("“", '"').replace("”", '"').replace("–", "-").replace("—", "-")
    return unicodedata.normalize("NFKD", text).encode("latin-1", "ignore").decode("latin-1")


def pdf_bytes(report: Report) -> bytes:
    c = report.consultation
    pdf = FPDF()
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()

    def line(text: str, size: int = 10, style: str = "", h: float = 5.5) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, h, _pdf_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    line(_("Laporan tanggapan konsultasi publik"), 14, "B", 7)
    line(c.title, 12, "B", 6)
    line(f"{c.agency.name} - {c.unit.name}")
    line(
        _("Masa konsultasi: %(a)s s.d. %(b)s")
        % {"a": c.opens_on.isoformat(), "b": c.closes_on.isoformat()}
    )
    line(
        _("Jumlah komentar: %(n)s; belum dijawab: %(u)s")
        % {"n": report.total, "u": report.unanswered}
    )
    pdf.ln(3)
    line(_("Komentar per bagian dan kelompok"), 12, "B", 6)
    labels = dict(report.groups)
    for _key, heading, row, total in report.matrix:
        parts = ", ".join(f"{labels[g]} {n}" for g, n in sorted(row.items()))
        line(f"{heading}: {total} ({parts})")
    pdf.ln(3)
    line(_("Jawaban unit"), 12, "B", 6)
    for row in report.answers:
        a = row.answer
        line(f"{a.get_verdict_display()}: {a.reason}", 10, "B")
        for cm in row.comments:
            where = cm.written_section.heading
            line(f"- [{where}] {who(cm)}: {cm.body}", 9)
            line(
                "  " + _("Pada versi berikutnya: %(s)s") % {"s": report.change_for(cm).as_text()},
                8,
            )
    if report.questions:
        pdf.ln(3)
        line(
            _("Kuesioner (%(n)s responden)") % {"n": report.respondents},
            12,
            "B",
            6,
        )
        for q in report.questions:
            title = q.label
            if q.retired:
                title += " " + (
                    _("(diganti: %(q)s)") % {"q": q.replaced_by}
                    if q.replaced_by
                    else _("(ditarik)")
                )
            line(title, 10, "B")
            for ch in q.choices:
                parts = ", ".join(
                    f"{label} {ch.by_group[g]}"
                    for g, label in report.respondent_groups
                    if ch.by_group.get(g)
                )
                line(
                    f"- {ch.choice}: {ch.count} ({ch.share}%)" + (f"; {parts}" if parts else ""), 9
                )
    if report.version_changes:
        pdf.ln(3)
        line(_("Perubahan antarversi"), 12, "B", 6)
        for vc in report.version_changes:
            line(_("Versi %(n)s: %(note)s") % {"n": vc.number, "note": vc.note}, 10, "B")
            for ch in vc.changes:
                line(f"- {ch.heading}: {CHANGE_LABELS.get(ch.status, ch.status)!s}", 9)
    return bytes(pdf.output())


def xlsx_bytes(report: Report) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Per bagian")
    ws.append([_("Bagian")] + [str(label) for _value, label in report.groups] + [_("Jumlah")])
    for _key, heading, row, total in report.matrix:
        ws.append([heading] + [row.get(g, 0) for g, _l in report.groups] + [total])
    answers = wb.create_sheet(_("Jawaban"))
    answers.append(
        [
            _("Bagian"),
            _("Kelompok"),
            _("Organisasi"),
            _("Identitas"),
            _("Kutipan"),
            _("Komentar"),
            _("Keputusan"),
            _("Alasan"),
            _("Versi berikutnya"),
        ]
    )
    for row in report.answers:
        for cm in row.comments:
            answers.append(
                [
                    cm.written_section.heading,
                    cm.get_group_display(),
                    cm.organisation,
                    str(IDENTITY_LABELS.get(cm.identity, "")),
                    cm.original_quote,
                    cm.body,
                    row.answer.get_verdict_display(),
                    row.answer.reason,
                    report.change_for(cm).as_text(),
                ]
            )
    if report.questions:
        sheet = wb.create_sheet(_("Kuesioner"))
        sheet.append(
            [_("Pertanyaan"), _("Jawaban"), _("Jumlah"), "%"]
            + [str(label) for _g, label in report.respondent_groups]
            + [_("Status pertanyaan")]
        )
        for q in report.questions:
            state = _("diganti") if q.replaced_by else _("ditarik") if q.retired else _("aktif")
            for ch in q.choices:
                sheet.append(
                    [q.label, ch.choice, ch.count, ch.share]
                    + [ch.by_group.get(g, 0) for g, _label in report.respondent_groups]
                    + [state]
                )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
