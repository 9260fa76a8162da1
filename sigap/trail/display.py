"""The audit trail as an inspector reads it (issue 8, item 12).

auditlog keeps raw values: field names (``unit_id``), primary keys, ``"None"``, UTC
timestamps in ISO form, choice codes, and, in entries written before reverse accessors
were excluded from the diff (``audit.registry.reverse_relations``), the text of a related
manager (``tenancy.OrgUnit.None``). An inspector needs what the screens show: the
field's Indonesian label, the related record's name, dates in the pemda's zone, choice
labels, "—" for nothing, and events by name. One function per question; the list page,
the detail page, the API and the Excel export all use them.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.audit.events import EVENTS
from sigap.platform.stored_text import StoredTextField

NOTHING = "—"
# str() of a related manager, which auditlog stored for reverse relations until they were
# excluded from the diff: older entries still hold it.
_MANAGER_TEXT = re.compile(r"^[\w]+\.[\w]+\.None$")
_EMPTY = {None, "", "None", "null", "[]", "{}"}

ACTION_LABELS = {
    LogEntry.Action.CREATE: gettext_lazy("Buat"),
    LogEntry.Action.UPDATE: gettext_lazy("Ubah"),
    LogEntry.Action.DELETE: gettext_lazy("Hapus"),
    LogEntry.Action.ACCESS: gettext_lazy("Akses"),
}
CHANNEL_LABELS = {
    "page": gettext_lazy("Halaman"),
    "admin": gettext_lazy("Kelola data"),
    "api": gettext_lazy("API"),
    "import": gettext_lazy("Impor"),
    "command": gettext_lazy("Perintah"),
    "system": gettext_lazy("Sistem"),
}


# A field whose stored value only its own app can write readably (a roster import's
# problems: coded texts, up to 100,000 of them). The app registers a renderer when it is
# ready; the renderer gets the value as Python (decoded from auditlog's JSON or the bulk
# trail's Python text) and returns it as the reader should see it, in the active language.
FieldRenderer = Callable[[Any], str]
_FIELD_RENDERERS: dict[tuple[str, str], FieldRenderer] = {}


def register_field_renderer(model_label: str, field_name: str, renderer: FieldRenderer) -> None:
    """Show ``model_label``'s ``field_name`` (e.g. "workforce.RosterImport", "problems")
    in the trail through ``renderer`` instead of as raw data."""
    _FIELD_RENDERERS[(model_label, field_name)] = renderer


def unregister_field_renderer(model_label: str, field_name: str) -> None:
    _FIELD_RENDERERS.pop((model_label, field_name), None)


def _decoded(raw: Any) -> Any:
    if not isinstance(raw, str):
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        try:
            return ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            return raw


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def event_label(entry: LogEntry) -> str:
    """The named event's label ("Promosi"), else the action ("Ubah")."""
    event = (entry.additional_data or {}).get("event")
    if event:
        return str(EVENTS.get(event, event))
    return str(ACTION_LABELS.get(entry.action, entry.action))


def channel_label(entry: LogEntry) -> str:
    channel = (entry.additional_data or {}).get("channel") or ""
    return str(CHANNEL_LABELS.get(channel, channel)) or NOTHING


def actor_label(entry: LogEntry) -> str:
    actor = entry.actor
    if actor is None:
        return _("sistem")
    name = getattr(actor, "full_name", "") or ""
    username = actor.get_username()
    return f"{name} ({username})" if name and name != username else username


def model_label(entry: LogEntry) -> str:
    model = entry.content_type.model_class() if entry.content_type_id else None
    if model is None:
        return _("Data terhapus")
    return capfirst(str(model._meta.verbose_name))


def object_label(entry: LogEntry) -> str:
    text = entry.object_repr or ""
    if not text or text in _EMPTY or _MANAGER_TEXT.match(text):
        return f"#{entry.object_pk}" if entry.object_pk else NOTHING
    return text


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        for field in model._meta.concrete_fields:
            if getattr(field, "attname", None) == name:
                return field
    return None


def field_label(model: type[models.Model] | None, name: str) -> str:
    field = _field(model, name)
    if field is None:
        if name == "event":
            return _("Peristiwa")
        return name.replace("_", " ").capitalize()
    if field.auto_created and not field.concrete and field.related_model is not None:
        # A reverse relation ("recommendations" of a placement run): the related records.
        return capfirst(str(field.related_model._meta.verbose_name_plural))
    # Every audited field's verbose_name is lazy and translated (test_field_labels).
    return capfirst(str(getattr(field, "verbose_name", name)))


def _related(field: models.Field, raw: str, memo: dict) -> str:
    key = (field.related_model, raw)
    if key not in memo:
        try:
            pk = field.related_model._meta.pk.to_python(raw)
            obj = field.related_model._base_manager.filter(pk=pk).first()
        except (ValidationError, ValueError, TypeError):
            obj = None
        memo[key] = str(obj) if obj is not None else _("(terhapus) #%(pk)s") % {"pk": raw}
    return memo[key]


def value_label(
    model: type[models.Model] | None, name: str, raw: Any, memo: dict | None = None
) -> str:
    """One stored value as the screens show it."""
    memo = {} if memo is None else memo
    renderer = _FIELD_RENDERERS.get((model._meta.label, name)) if model is not None else None
    if renderer is not None:
        value = _decoded(raw)
        if value is None or (isinstance(value, str | list | dict) and str(value) in _EMPTY):
            return NOTHING
        return renderer(value) or NOTHING
    if isinstance(raw, list | tuple):
        shown = [value_label(model, name, v, memo) for v in raw]
        shown = [s for s in shown if s != NOTHING]
        return ", ".join(shown) or NOTHING
    text = "" if raw is None else str(raw)
    if text in _EMPTY or _MANAGER_TEXT.match(text):
        return NOTHING
    field = _field(model, name)
    if field is None:
        return text
    if isinstance(field, StoredTextField):  # a text code stored: in the reader's language
        return field.render_stored(raw) or NOTHING
    if field.choices:
        return str(dict(field.flatchoices).get(text, text))
    if field.is_relation and field.related_model is not None:
        if field.many_to_many or field.one_to_many:
            return text
        return _related(field, text, memo)
    if isinstance(field, models.BooleanField):
        return _("ya") if text in ("True", "1", "true") else _("tidak")
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(text)
        if moment is None:
            return text
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, dt.UTC)
        # The active zone is the pemda's (TenantMiddleware): WIB, WITA or WIT.
        return formats.date_format(timezone.localtime(moment), "j F Y H:i T")
    if isinstance(field, models.DateField):
        day = parse_date(text[:10])
        return formats.date_format(day, "j F Y") if day else text
    return text


def changes(entry: LogEntry, memo: dict | None = None, limit: int | None = None) -> list[Change]:
    """The entry's before → after pairs, labelled and shown as on screen."""
    memo = {} if memo is None else memo
    model = entry.content_type.model_class() if entry.content_type_id else None
    out: list[Change] = []
    for name, pair in (entry.changes_dict or {}).items():
        if name == "event":
            continue  # shown as the event itself
        before, after = (list(pair) + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        shown = Change(
            field_label(model, name),
            value_label(model, name, before, memo),
            value_label(model, name, after, memo),
        )
        if shown.before == shown.after == NOTHING:
            continue
        out.append(shown)
        if limit is not None and len(out) >= limit:
            break
    return out


def prepare(entries: list[LogEntry]) -> list[LogEntry]:
    """Attach what the list shows to each entry (one lookup per related record)."""
    memo: dict = {}
    for e in entries:
        e.shown_event = event_label(e)
        e.shown_model = model_label(e)
        e.shown_object = object_label(e)
        e.shown_actor = actor_label(e)
        e.shown_channel = channel_label(e)
        e.shown_changes = changes(e, memo, limit=3)
    return entries
