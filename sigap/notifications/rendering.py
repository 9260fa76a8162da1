"""Subject and body of a notification, in the recipient's language.

Each kind of notification is a folder of plain-text templates in any app's
``templates/``::

    notifications/<template>/subject.txt       Indonesian (the default)
    notifications/<template>/body.txt
    notifications/<template>/en/subject.txt    English, when the recipient chose it
    notifications/<template>/en/body.txt       (falls back to the Indonesian file)

Both are rendered with the recipient's language active, so ``{% translate %}`` and date
formats follow it too. The text goes to email, SMS and WhatsApp as it is, so these
templates are rendered without HTML escaping (an apostrophe in a name stays one); the
inbox page escapes it when it shows it, like any other text.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from decimal import Decimal
from functools import cache
from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from django.template import Context, Engine
from django.utils import timezone, translation
from django.utils.functional import Promise

from sigap.identifiers.logging import scrub
from sigap.platform.stored_text import param, render_param

logger = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "id"
SUBJECT_MAX = 200


def language_of(user: Any) -> str:
    """The recipient's chosen language when Sigap offers it, else Indonesian."""
    chosen = (getattr(user, "preferred_language", "") or "").lower()[:2]
    offered = {code for code, _ in settings.LANGUAGES}
    return chosen if chosen in offered else DEFAULT_LANGUAGE


@cache
def _engine() -> Engine:
    # Its own engine: the site's engine escapes HTML, which plain text must not have.
    # Looks in every installed app's templates/ like the site's, cached when not DEBUG.
    return Engine(
        app_dirs=True,
        autoescape=False,
        debug=settings.DEBUG,
        libraries={},
        builtins=["django.templatetags.i18n"],
    )


def _candidates(template: str, name: str, language: str) -> list[str]:
    own = f"notifications/{template}/{name}"
    if language == DEFAULT_LANGUAGE:
        return [own]
    return [f"notifications/{template}/{language}/{name}", own]


def _check_name(template: str) -> None:
    if not re.fullmatch(r"[a-z0-9_]+(/[a-z0-9_]+)?", template):
        raise ValueError(f"Bad notification template name {template!r}")


def render_message(template: str, context: dict[str, Any], language: str) -> tuple[str, str]:
    """(subject, body). A missing template raises ``TemplateDoesNotExist``: a
    notification nobody wrote is a programming error, found before anything is saved."""
    _check_name(template)
    engine = _engine()
    with translation.override(language):
        ctx = Context(context, autoescape=False)
        subject = engine.select_template(_candidates(template, "subject.txt", language)).render(ctx)
        body = engine.select_template(_candidates(template, "body.txt", language)).render(ctx)
    # One line, whatever the template's line breaks: it becomes an email header.
    subject = " ".join(subject.split())[:SUBJECT_MAX]
    return subject, body.strip()


# -- the inbox in the reader's language ---------------------------------------------------
#
# What an email, SMS or WhatsApp message says is fixed when it is sent. The inbox is read
# later, perhaps after the recipient switched language, so a notification also keeps
# the template's name and the values its templates read (``freeze``), and the inbox
# renders them again in the reader's language (``render_stored``). The values are taken
# while the templates are rendered at send time, in every offered language: an object in
# the context (an application, a complaint) is stood in for by a ``_Recorder`` that notes
# each attribute read, so only those are kept, as JSON. Text is NIK-masked; a choice's
# label (``get_status_display``) is kept as its msgid; dates and times as dates and
# times (a time as the wall clock the message was written with, in the pemda's zone).


class _Recorder:
    """Stands in for one object of a notification's context while its templates are
    rendered at send time, and notes every attribute they read."""

    __slots__ = ("_obj", "_seen", "_text")

    def __init__(self, obj: Any) -> None:
        self._obj = obj
        self._seen: dict[str, Any] = {}
        self._text: str | None = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._seen:
            self._seen[name] = _wrap(self._read(name))
        value = self._seen[name]
        return str(value) if isinstance(value, Promise) else value

    def _read(self, name: str) -> Any:
        choice = _DISPLAY.fullmatch(name)
        if choice and isinstance(self._obj, Model):
            field = self._obj._meta.get_field(choice.group(1))
            if field.choices:
                value = getattr(self._obj, field.attname)
                return dict(field.flatchoices).get(value, value)  # the lazy label
        value = getattr(self._obj, name)
        if callable(value) and not getattr(value, "do_not_call_in_templates", False):
            if getattr(value, "alters_data", False):
                return ""  # what a template shows for such a method
            value = value()
        return value

    def __str__(self) -> str:
        if self._text is None:
            with translation.override(DEFAULT_LANGUAGE):
                self._text = str(self._obj)
        return self._text


_DISPLAY = re.compile(r"get_(\w+)_display")


def _wrap(value: Any) -> Any:
    if value is None or isinstance(
        value, str | bool | int | float | Decimal | dt.date | Promise | _Recorder
    ):
        return value
    if isinstance(value, list | tuple | set | frozenset | QuerySet):
        return [_wrap(v) for v in value]  # what a {% for %} reads: the items
    if isinstance(value, dict):
        return {k: _wrap(v) for k, v in value.items()}
    return _Recorder(value)


def _frozen(value: Any) -> Any:
    """One value as JSON ``_thawed`` can give back."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Promise):
        return param(value)  # {"msgid": ...}: written in the reader's language
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)  # the zone the message was written in
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, list | tuple):
        return [_frozen(v) for v in value]
    if isinstance(value, dict):
        return {"dict": {str(k): _frozen(v) for k, v in value.items()}}
    if isinstance(value, _Recorder):
        out: dict[str, Any] = {"object": {k: _frozen(v) for k, v in value._seen.items()}}
        if value._text is not None:
            out["text"] = scrub(value._text)
        return out
    return scrub(str(value))


class _Replayed(dict):
    """A recorded object given back: its attributes as keys, its text as ``str()``."""

    text = ""

    def __bool__(self) -> bool:
        return True  # an object, even one whose attributes the templates never read

    def __str__(self) -> str:
        return self.text


def _thawed(value: Any) -> Any:
    if isinstance(value, list):
        return [_thawed(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "object" in value:
        obj = _Replayed({k: _thawed(v) for k, v in value["object"].items()})
        obj.text = value.get("text", "")
        return obj
    if "dict" in value:
        return {k: _thawed(v) for k, v in value["dict"].items()}
    if "decimal" in value:
        return Decimal(value["decimal"])
    if "datetime" in value:
        return dt.datetime.fromisoformat(value["datetime"])
    if "date" in value:
        return dt.date.fromisoformat(value["date"])
    return render_param(value)  # a msgid, in the active language


def render_recorded(
    template: str, context: dict[str, Any], language: str
) -> tuple[tuple[str, str], dict[str, Any] | None]:
    """(subject, body) in ``language``, rendered from ``context`` as it is, and the
    context to store: what the templates read of it in every offered language, as JSON.
    None when the stored context would not give the same message again (a template
    reading something the recorder cannot stand in for): that notification's inbox then
    shows it as sent, and the caller is never failed for it."""
    message = render_message(template, context, language)
    try:
        recorded = {k: _wrap(v) for k, v in context.items()}
        for other, _name in settings.LANGUAGES:
            render_message(template, recorded, other)
        stored = json.loads(json.dumps({k: _frozen(v) for k, v in recorded.items()}))
        again = render_stored(template, stored, language)
    except Exception:  # recording is best effort; the message itself rendered above
        logger.warning("Notifikasi %s: isi templat tidak dapat disimpan", template, exc_info=True)
        return message, None
    if again != (scrub(message[0]), scrub(message[1])):
        logger.warning("Notifikasi %s: isi templat tidak menghasilkan pesan yang sama", template)
        return message, None
    return message, stored


def render_stored(template: str, stored: dict[str, Any], language: str) -> tuple[str, str]:
    """(subject, body) of a stored notification written again in ``language``."""
    with translation.override(language):
        context = {k: _thawed(v) for k, v in stored.items()}
    return render_message(template, context, language)


def reader_language() -> str:
    """The active language when Sigap offers it, else Indonesian."""
    active = (translation.get_language() or "").lower()[:2]
    offered = {code for code, _ in settings.LANGUAGES}
    return active if active in offered else DEFAULT_LANGUAGE
