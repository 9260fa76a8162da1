"""Storing a survey response: the one writer of ``Response`` and its count tables.

Whatever the channel (the citizen's link, the kiosk at the counter, a paper form typed
in by an officer), a response rates exactly one service event and there is at most one
per event. The response copies what it rates (service, unit, officer, day) and keeps
the event only as a keyed digest: the table cannot be joined back to the citizen
without the installation's secret (pseudonymous storage, UU 27/2022).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from sigap.audit.events import acting, record, register_events
from sigap.services.models import ServiceEvent
from sigap.surveys import counts
from sigap.surveys.models import Channel, ExtraQuestion, Response
from sigap.surveys.questionnaire import FIELDS
from sigap.tenancy.context import acting_for

register_events({"survei dijawab": "Survei kepuasan dijawab"})

PROFILE = ("age_band", "gender", "education", "occupation")
MAX_SUGGESTION = 2000


def event_digest(event: ServiceEvent) -> str:
    return salted_hmac(
        "sigap.surveys.event", f"{event.agency_id}:{event.pk}", algorithm="sha256"
    ).hexdigest()


def already_answered(event: ServiceEvent) -> bool:
    with acting_for(event.agency):
        return Response.objects.filter(event_digest=event_digest(event)).exists()


def _clean_answers(answers: dict[str, Any]) -> dict[str, int | None]:
    cleaned: dict[str, int | None] = {}
    errors: dict[str, str] = {}
    for field in FIELDS:
        value = answers.get(field)
        if value in (None, ""):
            cleaned[field] = None
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if not 1 <= number <= 4:
            errors[field] = _("Pilih salah satu dari empat jawaban.")
        cleaned[field] = number
    if errors:
        raise ValidationError(errors)
    if all(v is None for v in cleaned.values()):
        raise ValidationError({FIELDS[0]: _("Jawab paling sedikit satu unsur pelayanan.")})
    return cleaned


def _clean_profile(profile: dict[str, Any]) -> dict[str, str]:
    choices = {
        "age_band": Response.AgeBand.values,
        "gender": Response.Gender.values,
        "education": Response.Education.values,
        "occupation": Response.Occupation.values,
    }
    cleaned = {}
    for name in PROFILE:
        value = (profile.get(name) or "").strip()
        if value and value not in choices[name]:
            raise ValidationError({name: _("Pilihan tidak dikenal.")})
        cleaned[name] = value
    return cleaned


def _clean_extra(extra: dict[str, Any]) -> dict[str, str]:
    known = {
        str(pk) for pk in ExtraQuestion.objects.filter(is_active=True).values_list("pk", flat=True)
    }
    return {str(k): str(v)[:500] for k, v in extra.items() if str(k) in known and str(v).strip()}


@transaction.atomic
def submit(
    event: ServiceEvent,
    *,
    channel: str,
    answers: dict[str, Any],
    profile: dict[str, Any] | None = None,
    suggestion: str = "",
    extra: dict[str, Any] | None = None,
    by: Any = None,
) -> Response:
    """Store the response rating ``event`` and add it to the count tables.

    ``by`` is the officer who typed a paper form or opened the kiosk; a citizen
    answering from the link acts anonymously (no actor is recorded).
    """
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Cara pengisian tidak dikenal.")})
    values = _clean_answers(answers)
    person = _clean_profile(profile or {})
    suggestion = (suggestion or "").strip()
    if len(suggestion) > MAX_SUGGESTION:
        raise ValidationError({"suggestion": _("Saran paling banyak 2.000 karakter.")})
    agency = event.agency
    with acting_for(agency), acting(by):
        digest = event_digest(event)
        if Response.objects.filter(event_digest=digest).exists():
            raise ValidationError(_("Layanan ini sudah dinilai."), code="answered")
        response = Response(
            agency=agency,
            event_digest=digest,
            channel=channel,
            service_id=event.service_id,
            unit_id=event.unit_id,
            officer_id=event.officer_id,
            day=event.day,
            suggestion=suggestion,
            extra_answers=_clean_extra(extra or {}),
            answered_on=agency.today(),
            **values,
            **person,
        )
        response.full_clean(exclude=["service", "unit", "officer"], validate_unique=False)
        try:
            with transaction.atomic():
                response.save()
        except IntegrityError as exc:  # two submissions for one event at once
            raise ValidationError(_("Layanan ini sudah dinilai."), code="answered") from exc
        counts.bump(response)
        record("survei dijawab", response, details={"channel": channel})
        return response
