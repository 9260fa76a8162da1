"""An agency's own survey questions: asked after the nine elements, never in the IKM."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sigap.audit.events import acting, record, register_events
from sigap.surveys.models import ExtraQuestion
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency

register_events(
    {
        "pertanyaan survei ditambah": "Pertanyaan tambahan survei ditambah",
        "pertanyaan survei diubah": "Pertanyaan tambahan survei diaktifkan/dinonaktifkan",
    }
)
MAX_ACTIVE = 5


@transaction.atomic
def add_question(agency: Agency, *, text: str, by: Any) -> ExtraQuestion:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Tuliskan pertanyaannya.")})
    if len(text) > 300:
        raise ValidationError({"text": _("Pertanyaan paling banyak 300 karakter.")})
    with acting_for(agency), acting(by):
        active = ExtraQuestion.objects.filter(is_active=True).count()
        if active >= MAX_ACTIVE:
            # Long questionnaires lose respondents; the nine elements come first.
            raise ValidationError({"text": _("Paling banyak lima pertanyaan tambahan aktif.")})
        question = ExtraQuestion(agency=agency, text=text, order=active + 1)
        question.full_clean()
        question.save()
        record("pertanyaan survei ditambah", question)
        return question


@transaction.atomic
def set_active(question: ExtraQuestion, *, active: bool, by: Any) -> ExtraQuestion:
    with acting_for(question.agency), acting(by):
        if active and not question.is_active:
            if ExtraQuestion.objects.filter(is_active=True).count() >= MAX_ACTIVE:
                raise ValidationError(_("Paling banyak lima pertanyaan tambahan aktif."))
        question.is_active = active
        question.save(update_fields=["is_active"])
        record("pertanyaan survei diubah", question, details={"active": active})
        return question
