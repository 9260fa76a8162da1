"""Signed links that say which service event something is about.

The workflow apps never import each other (import-linter), yet a survey answer or a
finished queue ticket must be able to lead the citizen to a complaint about *that*
service. They meet on the service event, which this app owns: the page that knows the
event (the survey's thank-you page, the ticket's status page) asks ``complaint_link``
for a URL carrying a signed token; the complaint form reads it back with ``read_about``.

The token carries the event's id, what the citizen was looking at (``AboutKind``) and a
short reference to show (a ticket number, an application number). It is signed and
salted for this purpose only, and expires after ``SIGAP_COMPLAINT_LINK_DAYS`` (default
60): holding it proves the holder was given the page that followed the service, which
is what the complaint form needs. It never carries a survey answer: survey responses
are pseudonymous, and a complaint must not become a way to put a name on one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.services.models import ServiceEvent
from sigap.tenancy.context import unscoped

SALT = "sigap.services.event-about"
# Rating a service from the page that followed it (a walk-in's ticket): its own salt, so
# a complaint link can never be replayed as a rating link or the other way round.
RATE_SALT = "sigap.services.event-rate"
QUERY_PARAMETER = "tentang"


class AboutKind(models.TextChoices):
    """What a complainant was looking at when they chose the service event."""

    APPLICATION = "application", gettext_lazy("Permohonan daring")
    TICKET = "ticket", gettext_lazy("Tiket antrean")
    SURVEY = "survey", gettext_lazy("Survei kepuasan")
    SERVICE = "service", gettext_lazy("Layanan yang diterima")


@dataclass(frozen=True)
class About:
    event: ServiceEvent
    kind: str
    reference: str


def link_days() -> int:
    return int(getattr(settings, "SIGAP_COMPLAINT_LINK_DAYS", 60))


def rating_days() -> int:
    return int(getattr(settings, "SIGAP_SURVEY_LINK_DAYS", 14))


def about_token(event: ServiceEvent, *, kind: str, reference: str = "", salt: str = SALT) -> str:
    if kind not in AboutKind.values:
        raise ValueError(f"unknown kind {kind!r}")
    return signing.dumps(
        {"e": event.pk, "a": event.agency_id, "k": kind, "r": reference[:40]},
        salt=salt,
        compress=True,
    )


def read_about(token: str, agency: Any, *, salt: str = SALT) -> About:
    """The event behind ``token`` in ``agency``, or a ``ValidationError`` saying why not."""
    days = rating_days() if salt == RATE_SALT else link_days()
    try:
        data = signing.loads(token, salt=salt, max_age=dt.timedelta(days=days))
    except signing.SignatureExpired as exc:
        raise ValidationError(
            {"about": _("Tautan layanan ini sudah kedaluwarsa; pilih layanannya dari daftar.")},
            code="expired",
        ) from exc
    except signing.BadSignature as exc:
        raise ValidationError(
            {"about": _("Tautan layanan ini tidak sah.")}, code="invalid"
        ) from exc
    if agency is None or data.get("a") != agency.pk or data.get("k") not in AboutKind.values:
        raise ValidationError({"about": _("Tautan layanan ini tidak sah.")}, code="invalid")
    with unscoped():
        event = (
            ServiceEvent.objects.select_related("service", "unit", "officer", "application")
            .filter(pk=data.get("e"), agency_id=agency.pk)
            .first()
        )
    if event is None:
        raise ValidationError({"about": _("Tautan layanan ini tidak sah.")}, code="invalid")
    return About(event=event, kind=data["k"], reference=str(data.get("r") or ""))


def complaint_link(event: ServiceEvent, *, kind: str, reference: str = "") -> str | None:
    """The complaint form's URL about ``event``; ``None`` where complaints are not
    installed (the page then offers nothing)."""
    try:
        base = reverse("complaints:file", kwargs={"agency_slug": event.agency.slug})
    except NoReverseMatch:
        return None
    token = about_token(event, kind=kind, reference=reference)
    return f"{base}?{urlencode({QUERY_PARAMETER: token})}"


def survey_link(event: ServiceEvent, *, kind: str, reference: str = "") -> str | None:
    """The satisfaction survey's URL for ``event`` without an invitation (a walk-in has
    no account to send one to; their ticket is what they hold); ``None`` where surveys
    are not installed. One response per event still holds (``surveys.responses``)."""
    token = about_token(event, kind=kind, reference=reference, salt=RATE_SALT)
    try:
        return reverse(
            "surveys:rate_event",
            kwargs={"agency_slug": event.agency.slug, "rating_token": token},
        )
    except NoReverseMatch:
        return None


def citizen_events(
    citizen: Any, agency: Any, *, days: int = 90, limit: int = 20
) -> list[ServiceEvent]:
    """The services ``citizen`` received in ``agency`` lately, newest first: what a
    signed-in citizen picks from when filing a complaint."""
    if citizen is None or not getattr(citizen, "pk", None):
        return []
    since = agency.today() - dt.timedelta(days=days)
    with unscoped():
        return list(
            ServiceEvent.objects.select_related("service", "unit")
            .filter(agency_id=agency.pk, citizen_id=citizen.pk, day__gte=since)
            .order_by("-finished_at")[:limit]
        )
