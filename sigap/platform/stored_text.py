"""Texts that code stores for a later reader — a roster import's problems, a placement
recommendation's explanation — kept as a message code with its parameters and written
in the reader's language when shown (issue 8, item 11).

A stored text is ``{"code": "...", "params": {...}}``; each module that stores texts
keeps one catalogue ``{code: gettext_lazy(template with %(named)s placeholders)}``.
Parameters are JSON: plain values, or tagged values written when shown —
``{"date": "1985-03-15"}`` ("15 Maret 1985" / "15 March 1985"), ``{"month": ...}``,
``{"number": 2.5, "decimals": 1}`` (2,5 / 2.5), ``{"msgid": "...", "params": {...}}``
(a translatable text from any catalogue, e.g. an identifiers validation message;
``"context"`` for a pgettext one),
``{"code": ..., "params": ...}`` (another text of the same catalogue) and
``{"join": [...]}`` (a list, joined with ", ").

A model column holding one such text is a ``StoredTextField`` (an assignment's note, a
timeline step's note), beside the free text a person types; ``shown`` picks the one to
show.

Rows stored before this format hold a finished Indonesian sentence under ``message``:
``render`` shows it as it is. Text parameters are NIK-masked when stored, so a stored
text can never hold a full NIK (UU 27/2022; issue 8, item 3).
"""

from __future__ import annotations

import ast
import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.formats import number_format
from django.utils.functional import Promise

from sigap.identifiers import dates
from sigap.identifiers.logging import scrub

Catalogue = Mapping[str, Any]  # code → a lazy template with named placeholders

# The proxy classes of the lazy texts a parameter can be: told apart by class, then read
# back through their pickling arguments.
_ANY = ""  # a variable, not a literal: nothing here is a text to translate
_GETTEXT = type(translation.gettext_lazy(_ANY))
_PGETTEXT = type(translation.pgettext_lazy(_ANY, _ANY))
_DATE = type(dates.format_date(dt.date(2000, 1, 1)))
_MONTH = type(dates.format_month(dt.date(2000, 1, 1)))


def text(code: str, /, **params: Any) -> dict[str, Any]:
    """A text to store: its code and its parameters, made JSON and NIK-masked."""
    return {"code": code, "params": {k: param(v) for k, v in params.items()}}


def number(value: float, decimals: int = 0) -> dict[str, Any]:
    """A number written with the reader's separators (131.072 / 131,072)."""
    return {"number": value, "decimals": decimals}


def join(values: list[Any]) -> dict[str, Any]:
    return {"join": [param(v) for v in values]}


def _lazy_parts(value: Promise) -> tuple[Any, tuple, dict] | None:
    # A lazy proxy pickles as (unpickle, (func, args, kw, *result classes)): the public
    # way to learn which text it stands for without writing it in one language now.
    try:
        _unpickle, (func, args, kw, *_classes) = value.__reduce__()
    except (TypeError, ValueError):
        return None
    return func, args, kw


def param(value: Any) -> Any:
    """One parameter as JSON that ``render`` can write in any language."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str) and not isinstance(value, Promise):
        return scrub(value)
    if isinstance(value, dt.datetime):
        return {"date": value.date().isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, dict):
        return value  # already a tagged parameter (``number``, ``text``, ``join``)
    if isinstance(value, list | tuple):
        return join(list(value))
    if isinstance(value, Promise):
        parts = _lazy_parts(value)
        if parts is not None:
            _func, args, _kw = parts
            kind = type(value)  # each lazy function has its own proxy class
            if kind is _GETTEXT and len(args) == 1:
                return {"msgid": args[0]}
            if kind is _PGETTEXT and len(args) == 2:
                return {"msgid": args[1], "context": args[0]}
            if kind is _DATE and len(args) == 1:
                return {"date": args[0].isoformat()}
            if kind is _MONTH and len(args) == 1:
                return {"month": args[0].isoformat()}
            if len(args) == 2 and isinstance(args[0], str) and isinstance(args[1], dict):
                # A lazy "gettext(msgid) % params" (identifiers.nip's mismatch messages).
                return message(args[0], args[1])
        with translation.override("id"):  # unknown lazy text: kept as Indonesian
            return scrub(str(value))
    return scrub(str(value))


def message(msgid: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A translatable text from any catalogue, with its parameters."""
    out: dict[str, Any] = {"msgid": msgid}
    if params:
        out["params"] = {k: param(v) for k, v in params.items()}
    return out


def from_validation_error(exc: ValidationError) -> dict[str, Any]:
    """The first message of a ValidationError (lazy, with params) as a stored parameter."""
    error = exc.error_list[0]
    msgid = error.message
    if isinstance(msgid, Promise):
        parts = _lazy_parts(msgid)
        if parts is not None and type(msgid) is _GETTEXT:
            return message(parts[1][0], error.params)
    return param(exc.messages[0])


def render_param(value: Any, catalogue: Catalogue | None = None) -> Any:
    """A stored parameter written in the active language."""
    if not isinstance(value, dict):
        return value
    if "date" in value:
        return str(dates.format_date(dt.date.fromisoformat(value["date"])))
    if "month" in value:
        return str(dates.format_month(dt.date.fromisoformat(value["month"])))
    if "number" in value:
        return number_format(
            value["number"], decimal_pos=value.get("decimals", 0), force_grouping=True
        )
    if "msgid" in value:
        if "context" in value:
            template = translation.pgettext(value["context"], value["msgid"])
        else:
            template = translation.gettext(value["msgid"])
        params = value.get("params")
        if not params:
            return template
        return template % {k: render_param(v, catalogue) for k, v in params.items()}
    if "join" in value:
        return ", ".join(str(render_param(v, catalogue)) for v in value["join"])
    if "code" in value:
        return render(value, catalogue or {})
    return str(value)


def render(entry: Mapping[str, Any], catalogue: Catalogue) -> str:
    """The text of a stored entry in the active language. A legacy entry (a finished
    sentence under ``message``) is shown as it is; so is anything the catalogue no longer
    knows, rather than failing the whole page."""
    code = entry.get("code")
    template = catalogue.get(code) if code else None
    if template is None:
        return str(entry.get("message") or code or "")
    params = entry.get("params") or {}
    try:
        return str(template) % {k: render_param(v, catalogue) for k, v in params.items()}
    except (KeyError, ValueError, TypeError):
        return str(entry.get("message") or template)


def shown(entry: Mapping[str, Any] | None, typed: str, catalogue: Catalogue) -> str:
    """A row's note as its reader sees it: the text code stored (``entry``) written in the
    active language, else what a person typed, as typed."""
    if entry:
        return render(entry, catalogue)
    return typed


class StoredTextField(models.JSONField):
    """A column holding one stored text (``{"code", "params"}``) of ``catalogue``, or
    null. The catalogue is not part of the migration state: it is only read when shown,
    so the audit trail writes the column's values in the reader's language too."""

    def __init__(self, *args: Any, catalogue: Catalogue | None = None, **kwargs: Any) -> None:
        self.catalogue: Catalogue = catalogue or {}
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def render_stored(self, raw: Any) -> str:
        """A value as auditlog keeps it (JSON, or the bulk trail's Python text) in the
        active language; a value that is not a stored text comes back as it was."""
        entry = raw
        if isinstance(raw, str):
            try:
                entry = json.loads(raw)
            except ValueError:
                try:
                    entry = ast.literal_eval(raw)
                except (ValueError, SyntaxError):
                    return raw
        if not isinstance(entry, Mapping) or "code" not in entry:
            return str(raw)
        return render(entry, self.catalogue)
