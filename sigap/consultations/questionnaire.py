"""The optional short questionnaire of a draft: writing it, answering it once, and editing
it after publication without changing what people already answered.

Questions live in ``Consultation.questions`` in the order shown, each
``{"key", "label", "choices"}``; answers in ``QuestionnaireResponse.answers`` as
``{key: choice}``. Once a question has answers its meaning is fixed, because every
answer was given to that wording and those choices:

* a **wording revision** (a typo, a clearer phrase, the same choices) is made in place
  and recorded with the old and the new text;
* a change of **meaning** (the editor says so, the choices change, or the question is
  rewritten so that little of it remains: word similarity below
  ``REWORDING_SIMILARITY``) **retires** the question and adds its **replacement**
  under a new key. The answers stay with the retired question, which the report keeps
  showing as replaced; people who answered before may answer the replacement;
* a question without answers is edited or deleted freely;
* nothing changes once the consultation is **closed** (the report is then final).

Every edit locks the consultation row, as answering does, so an answer is always
checked against the questions as they are when it is written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from auditlog.context import disable_auditlog
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sigap.audit.events import acting, record, register_events
from sigap.consultations.models import Consultation, QuestionnaireResponse
from sigap.consultations.stakeholders import check_group
from sigap.tenancy.context import acting_for

register_events(
    {
        "kuesioner diisi": "Kuesioner konsultasi diisi",
        "kuesioner dilengkapi": "Kuesioner konsultasi dilengkapi (pertanyaan pengganti)",
        "pertanyaan kuesioner ditambahkan": "Pertanyaan kuesioner ditambahkan",
        "pertanyaan kuesioner diubah": "Pertanyaan kuesioner (belum berjawaban) diubah",
        "redaksi pertanyaan kuesioner diperbaiki": "Redaksi pertanyaan kuesioner diperbaiki",
        "pertanyaan kuesioner diganti": "Pertanyaan kuesioner diganti (jawaban lama disimpan)",
        "pertanyaan kuesioner dihapus": "Pertanyaan kuesioner (belum berjawaban) dihapus",
        "pertanyaan kuesioner ditarik": "Pertanyaan kuesioner ditarik (jawaban lama disimpan)",
    }
)

MAX_QUESTIONS = 10
MAX_CHOICES = 10
# Below this share of words in common (difflib ratio on the words), a "revision" of a
# question with answers is a new question, whatever the editor ticked.
REWORDING_SIMILARITY = 0.5
_WORDS = re.compile(r"\w+")

UNCHANGED = "unchanged"
EDITED = "edited"  # no answers yet: changed in place
REVISED = "revised"  # answers kept: wording revised in place
REPLACED = "replaced"  # answers kept with the retired question
DELETED = "deleted"  # taken off before anyone answered it
RETIRED = "retired"  # taken off, its answers kept


@dataclass(frozen=True)
class Edit:
    outcome: str
    question: dict[str, Any]
    retired: dict[str, Any] | None = None


def active(questions: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The questions people can answer now, in order."""
    return [q for q in questions or [] if not q.get("retired_at")]


def _clean(label: Any, choices: Any) -> tuple[str, list[str]]:
    label = str(label or "").strip()
    if isinstance(choices, str):
        choices = choices.replace("|", "\n").splitlines()
    cleaned: list[str] = []
    for c in choices or []:
        c = str(c).strip()[:100]
        if c and c not in cleaned:
            cleaned.append(c)
    if not label or len(cleaned) < 2:
        raise ValidationError(
            {"questions": _("Setiap pertanyaan perlu teks dan paling sedikit dua pilihan.")}
        )
    return label[:300], cleaned[:MAX_CHOICES]


def _unique_key(wanted: str, taken: set[str]) -> str:
    base = slugify(wanted)[:40] or "pertanyaan"
    key, n = base, 2
    while key in taken:
        key, n = f"{base[:36]}-{n}", n + 1
    return key


def clean_questions(questions: Any) -> list[dict[str, Any]]:
    """The questionnaire written with a new draft."""
    cleaned: list[dict[str, Any]] = []
    for q in questions or []:
        label, choices = _clean(q.get("label"), q.get("choices"))
        key = _unique_key(q.get("key") or label, {c["key"] for c in cleaned})
        cleaned.append({"key": key, "label": label, "choices": choices})
    if len(cleaned) > MAX_QUESTIONS:
        raise ValidationError({"questions": _("Kuesioner paling banyak 10 pertanyaan.")})
    return cleaned


def similarity(old: str, new: str) -> float:
    a, b = _WORDS.findall(old.casefold()), _WORDS.findall(new.casefold())
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def meaning_change(
    old: Mapping[str, Any], label: str, choices: Sequence[str], *, declared: bool
) -> str:
    """Why an edit of an answered question changes its meaning ("" when it does not):
    the editor says so, the choices differ (order aside), or little of the wording is left."""
    if declared:
        return "declared"
    if set(choices) != set(old["choices"]):
        return "choices"
    if similarity(old["label"], label) < REWORDING_SIMILARITY:
        return "rewritten"
    return ""


def answers_to(consultation: Consultation, key: str) -> int:
    return QuestionnaireResponse.objects.filter(
        consultation=consultation, answers__has_key=key
    ).count()


def pending_for(consultation: Consultation, user: Any) -> tuple[list[Mapping[str, Any]], bool]:
    """The questions ``user`` can still answer, and whether they answered before: all of
    them before their first answer, afterwards only replacements added since (one query
    for a signed-in user)."""
    questions = active(consultation.questions)
    if not questions or not getattr(user, "is_authenticated", False):
        return questions, False
    given = (
        QuestionnaireResponse.objects.filter(consultation=consultation, respondent=user)
        .values_list("answers", flat=True)
        .first()
    )
    if given is None:
        return questions, False
    return [q for q in questions if q["key"] not in given], True


@transaction.atomic
def submit(
    consultation: Consultation, respondent: Any, *, group: str, answers: Mapping[str, str]
) -> QuestionnaireResponse:
    """Answer every open question once. Someone who answered before a question was
    replaced answers the replacement later; their first answers, and the group they
    answered as, stay as given."""
    check_group(group, respondent)
    with acting_for(consultation.agency), acting(respondent):
        # Locked like the unit's edits: the answer is checked against the questions as
        # they are when it is written.
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        locked.agency = consultation.agency
        if not locked.accepts_input():
            raise ValidationError(_("Konsultasi ini tidak sedang menerima masukan."))
        existing = (
            QuestionnaireResponse.objects.select_for_update()
            .filter(consultation=locked, respondent=respondent)
            .first()
        )
        wanted = [
            q
            for q in active(locked.questions)
            if existing is None or q["key"] not in existing.answers
        ]
        if existing is not None and not wanted:
            raise ValidationError(_("Anda sudah mengisi kuesioner ini."))
        cleaned = {}
        for q in wanted:
            value = str(answers.get(q["key"], "")).strip()
            if value not in q["choices"]:
                raise ValidationError({q["key"]: _("Pilih salah satu jawaban.")})
            cleaned[q["key"]] = value
        if existing is not None:
            existing.answers = {**existing.answers, **cleaned}
            existing.save(update_fields=["answers"])
            record("kuesioner dilengkapi", locked, details={"questions": sorted(cleaned)})
            return existing
        try:
            with transaction.atomic():
                response = QuestionnaireResponse.objects.create(
                    agency=locked.agency,
                    consultation=locked,
                    respondent=respondent,
                    group=group,
                    answers=cleaned,
                )
        except IntegrityError:
            raise ValidationError(_("Anda sudah mengisi kuesioner ini.")) from None
        record("kuesioner diisi", locked, details={"group": group})
        return response


def _editable(consultation: Consultation) -> Consultation:
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.status == Consultation.Status.CLOSED:
        raise ValidationError(
            _("Kuesioner konsultasi yang sudah ditutup tidak dapat diubah."), code="closed"
        )
    return locked


def _question(questions: list[dict[str, Any]], key: str) -> dict[str, Any]:
    for q in questions:
        if q["key"] == key and not q.get("retired_at"):
            return q
    raise ValidationError({"key": _("Pertanyaan tidak ditemukan atau sudah diganti.")})


def _save(
    consultation: Consultation,
    locked: Consultation,
    questions: list[dict[str, Any]],
    event: str,
    *,
    details: Mapping[str, Any],
    changes: Mapping[str, tuple[Any, Any]] | None = None,
) -> None:
    locked.questions = questions
    # One trail entry: the named event with what changed, rather than auditlog's
    # anonymous diff of the whole list beside it.
    with disable_auditlog():
        locked.save(update_fields=["questions"])
    record(event, locked, details=details, changes=changes)
    consultation.questions = questions


@transaction.atomic
def add_question(consultation: Consultation, *, label: str, choices: Any, by: Any) -> dict:
    label, choices = _clean(label, choices)
    with acting_for(consultation.agency), acting(by):
        locked = _editable(consultation)
        questions = [dict(q) for q in locked.questions]
        if len(active(questions)) >= MAX_QUESTIONS:
            raise ValidationError({"questions": _("Kuesioner paling banyak 10 pertanyaan.")})
        question = {
            "key": _unique_key(label, {q["key"] for q in questions}),
            "label": label,
            "choices": choices,
        }
        questions.append(question)
        _save(
            consultation,
            locked,
            questions,
            "pertanyaan kuesioner ditambahkan",
            details={"key": question["key"], "label": label, "choices": choices},
        )
        return question


@transaction.atomic
def edit_question(
    consultation: Consultation,
    key: str,
    *,
    label: str,
    choices: Any,
    by: Any,
    meaning_changed: bool = False,
) -> Edit:
    """Revise a question in place, or retire it and add its replacement when its meaning
    changes after people answered it (see the module's rules)."""
    label, choices = _clean(label, choices)
    with acting_for(consultation.agency), acting(by):
        locked = _editable(consultation)
        questions = [dict(q) for q in locked.questions]
        old = _question(questions, key)
        if old["label"] == label and old["choices"] == choices:
            return Edit(UNCHANGED, old)
        answered = answers_to(locked, key)
        changes = {"label": (old["label"], label), "choices": (old["choices"], choices)}
        if not answered:
            old.update(label=label, choices=choices)
            _save(
                consultation,
                locked,
                questions,
                "pertanyaan kuesioner diubah",
                details={"key": key},
                changes=changes,
            )
            return Edit(EDITED, old)
        why = meaning_change(old, label, choices, declared=meaning_changed)
        now = timezone.now().isoformat()
        if not why:
            old.update(label=label, choices=choices, revised_at=now)
            _save(
                consultation,
                locked,
                questions,
                "redaksi pertanyaan kuesioner diperbaiki",
                details={"key": key, "answers": answered},
                changes=changes,
            )
            return Edit(REVISED, old)
        new = {
            "key": _unique_key(label, {q["key"] for q in questions}),
            "label": label,
            "choices": choices,
            "replaces": key,
        }
        old.update(retired_at=now, replaced_by=new["key"])
        # The replacement takes the retired question's place in the order shown.
        questions.insert(questions.index(old) + 1, new)
        _save(
            consultation,
            locked,
            questions,
            "pertanyaan kuesioner diganti",
            details={"key": key, "new_key": new["key"], "answers": answered, "why": why},
            changes=changes,
        )
        return Edit(REPLACED, new, retired=old)


@transaction.atomic
def retire_question(consultation: Consultation, key: str, *, by: Any) -> str:
    """Take a question off the form: deleted if nobody answered it, otherwise retired
    with its answers (the report keeps them). ``DELETED`` or ``RETIRED``."""
    with acting_for(consultation.agency), acting(by):
        locked = _editable(consultation)
        questions = [dict(q) for q in locked.questions]
        old = _question(questions, key)
        answered = answers_to(locked, key)
        if not answered:
            questions.remove(old)
            _save(
                consultation,
                locked,
                questions,
                "pertanyaan kuesioner dihapus",
                details={"key": key, "label": old["label"]},
            )
            return DELETED
        old["retired_at"] = timezone.now().isoformat()
        _save(
            consultation,
            locked,
            questions,
            "pertanyaan kuesioner ditarik",
            details={"key": key, "answers": answered},
        )
        return RETIRED
