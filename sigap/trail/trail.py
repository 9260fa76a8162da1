"""Reading the audit trail: always scoped to one agency."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast

from sigap.tenancy.models import Agency
from sigap.trail.display import ACTION_LABELS  # noqa: E402,F401  (the tag library reads it here)


@dataclass(frozen=True)
class TrailFilter:
    text: str = ""
    model: str = ""  # "app_label.model"
    action: int | None = None
    actor: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    channel: str = ""
    event: str = ""  # a named domain event ("promosi", "ekspor data", ...)


def trail_for(agency: Agency, f: TrailFilter) -> QuerySet[LogEntry]:
    qs = LogEntry.objects.filter(additional_data__agency_id=agency.pk).select_related(
        "actor", "content_type"
    )
    if f.text:
        # Before/after values live in a JSON column: search its text form.
        qs = qs.annotate(changes_as_text=Cast("changes", TextField())).filter(
            Q(object_repr__icontains=f.text)
            | Q(changes_as_text__icontains=f.text)
            | Q(object_pk=f.text)
        )
    if f.model and "." in f.model:
        app_label, model = f.model.split(".", 1)
        qs = qs.filter(content_type__app_label=app_label, content_type__model=model)
    if f.action is not None:
        qs = qs.filter(action=f.action)
    if f.actor:
        qs = qs.filter(
            Q(actor__username__icontains=f.actor) | Q(actor__full_name__icontains=f.actor)
        )
    if f.date_from:
        qs = qs.filter(timestamp__date__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(timestamp__date__lte=f.date_to)
    if f.channel:
        qs = qs.filter(additional_data__channel=f.channel)
    if f.event:
        qs = qs.filter(additional_data__event=f.event)
    return qs


def entry_for(agency: Agency, entry_id: int) -> LogEntry | None:
    return trail_for(agency, TrailFilter()).filter(pk=entry_id).first()
