"""Application forms defined in data, so an agency admin adds a service without a deployment.

A standard's ``form_fields`` is a list of field specs::

    {"key": "nama_bayi", "label": "Nama bayi", "type": "text", "required": true,
     "help": "Sesuai surat keterangan lahir", "choices": [], "max_length": 120}

Types: text, textarea, number, date, choice, nik, file. ``validate_definition`` checks a
definition when it is saved; ``clean_answers`` checks a citizen's answers against it
(the page and the API both call it) and answers with errors per field, in Indonesian.
File fields are answered by uploads (``uploads.py``); here they are only required or not.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sigap.identifiers.forms import NIKFormField
from sigap.identifiers.nik import mask_nik, normalize_nik, validate_nik
from sigap.platform.forms import HtmlDateInput

TYPES = ("text", "textarea", "number", "date", "choice", "nik", "file")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
MAX_TEXT = 2000


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    type: str = "text"
    required: bool = True
    help: str = ""
    choices: tuple[str, ...] = field(default_factory=tuple)
    max_length: int = 200

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> FieldSpec:
        return cls(
            key=str(raw.get("key", "")),
            label=str(raw.get("label", "")),
            type=str(raw.get("type", "text")),
            required=bool(raw.get("required", True)),
            help=str(raw.get("help", "")),
            choices=tuple(str(c) for c in raw.get("choices", []) or []),
            max_length=int(raw.get("max_length", 200) or 200),
        )

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "key": self.key,
            "label": self.label,
            "type": self.type,
            "required": self.required,
            "help": self.help,
        }
        if self.type == "choice":
            out["choices"] = list(self.choices)
        if self.type in ("text", "textarea"):
            out["max_length"] = self.max_length
        return out


def specs(definition: Sequence[Mapping[str, Any]]) -> list[FieldSpec]:
    return [FieldSpec.parse(raw) for raw in definition]


def validate_definition(definition: Any) -> list[dict[str, Any]]:
    """A form definition as stored: a list of valid, uniquely keyed field specs."""
    if not isinstance(definition, list):
        raise ValidationError({"form_fields": _("Definisi formulir harus berupa daftar isian.")})
    errors: list[str] = []
    seen: set[str] = set()
    parsed: list[FieldSpec] = []
    for i, raw in enumerate(definition, start=1):
        if not isinstance(raw, Mapping):
            errors.append(_("Isian ke-%(n)s bukan objek.") % {"n": i})
            continue
        spec = FieldSpec.parse(raw)
        if not KEY.match(spec.key):
            errors.append(
                _("Isian ke-%(n)s: kunci “%(key)s” harus huruf kecil, angka atau garis bawah.")
                % {"n": i, "key": spec.key}
            )
        elif spec.key in seen:
            errors.append(_("Kunci “%(key)s” dipakai dua kali.") % {"key": spec.key})
        seen.add(spec.key)
        if not spec.label.strip():
            errors.append(_("Isian ke-%(n)s tidak berlabel.") % {"n": i})
        if spec.type not in TYPES:
            errors.append(
                _("Isian ke-%(n)s: jenis “%(type)s” tidak dikenal.") % {"n": i, "type": spec.type}
            )
        if spec.type == "choice" and len(spec.choices) < 2:
            errors.append(_("Isian ke-%(n)s: pilihan minimal dua.") % {"n": i})
        if not 1 <= spec.max_length <= MAX_TEXT:
            errors.append(_("Isian ke-%(n)s: panjang maksimal 1–2000.") % {"n": i})
        parsed.append(spec)
    if errors:
        raise ValidationError({"form_fields": errors})
    return [s.as_dict() for s in parsed]


def _clean_one(spec: FieldSpec, value: Any) -> Any:
    if spec.type in ("text", "textarea"):
        text = str(value).strip()
        if len(text) > spec.max_length:
            raise ValidationError(
                _("Paling banyak %(n)s karakter.") % {"n": spec.max_length}, code="max_length"
            )
        return text
    if spec.type == "number":
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            raise ValidationError(_("Masukkan angka."), code="invalid") from None
        if not number.is_finite():
            raise ValidationError(_("Masukkan angka."), code="invalid")
        return int(number) if number == number.to_integral_value() else float(number)
    if spec.type == "date":
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise ValidationError(
                _("Masukkan tanggal yang ada, dengan format TTTT-BB-HH."), code="invalid"
            ) from None
    if spec.type == "choice":
        if str(value) not in spec.choices:
            raise ValidationError(
                _("Pilih salah satu pilihan yang tersedia."), code="invalid_choice"
            )
        return str(value)
    if spec.type == "nik":
        nik = normalize_nik(str(value))
        validate_nik(nik)
        return nik
    raise ValidationError(_("Jenis isian tidak dikenal."), code="invalid")


def clean_answers(
    definition: Sequence[Mapping[str, Any]],
    answers: Mapping[str, Any],
    *,
    uploaded: set[str] | frozenset[str] = frozenset(),
    partial: bool = False,
) -> dict[str, Any]:
    """The answers, cleaned, or ``ValidationError`` keyed by field.

    ``uploaded``: keys of file fields that already have a document. ``partial``: a draft
    being saved, where required fields may still be empty. Unknown keys are refused:
    a stale form must not smuggle data the standard does not ask for.
    """
    fields = specs(definition)
    known = {f.key for f in fields}
    errors: dict[str, list[ValidationError]] = {}
    unknown = sorted(set(answers) - known)
    if unknown:
        errors["__all__"] = [
            ValidationError(
                _("Isian tidak dikenal: %(keys)s.") % {"keys": ", ".join(unknown)}, code="unknown"
            )
        ]
    cleaned: dict[str, Any] = {}
    for spec in fields:
        if spec.type == "file":
            if spec.required and not partial and spec.key not in uploaded:
                errors[spec.key] = [ValidationError(_("Unggah dokumen ini."), code="required")]
            continue
        value = answers.get(spec.key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if spec.required and not partial:
                errors[spec.key] = [ValidationError(_("Isian ini wajib diisi."), code="required")]
            continue
        try:
            cleaned[spec.key] = _clean_one(spec, value)
        except ValidationError as exc:
            errors[spec.key] = exc.error_list
    if errors:
        raise ValidationError(errors)
    return cleaned


def django_form(
    definition: Sequence[Mapping[str, Any]], *, partial: bool = False
) -> type[forms.Form]:
    """A Django form class for the page: the same fields, widgets for each type. The
    authoritative check stays ``clean_answers`` (the domain function calls it)."""
    attrs: dict[str, forms.Field] = {}
    for spec in specs(definition):
        common = {
            "label": spec.label,
            "help_text": spec.help,
            "required": spec.required and not partial,
        }
        if spec.type == "text":
            attrs[spec.key] = forms.CharField(max_length=spec.max_length, **common)
        elif spec.type == "textarea":
            attrs[spec.key] = forms.CharField(
                max_length=spec.max_length, widget=forms.Textarea(attrs={"rows": 3}), **common
            )
        elif spec.type == "number":
            attrs[spec.key] = forms.DecimalField(**common)
        elif spec.type == "date":
            attrs[spec.key] = forms.DateField(widget=HtmlDateInput(), **common)
        elif spec.type == "choice":
            attrs[spec.key] = forms.ChoiceField(
                choices=[("", "—"), *((c, c) for c in spec.choices)], **common
            )
        elif spec.type == "nik":
            attrs[spec.key] = NIKFormField(**common)
        elif spec.type == "file":
            attrs[spec.key] = forms.FileField(**{**common, "required": False})
    return type("ApplicationForm", (forms.Form,), attrs)


def display_value(spec: FieldSpec, value: Any) -> str:
    """An answer as a person reads it: dates in the active language's long form
    (``12 Maret 2026``, not ``2026-03-12``) and NIKs masked, as on every screen."""
    if value in (None, ""):
        return ""
    if spec.type == "date":
        try:
            return date_format(dt.date.fromisoformat(str(value)), "j F Y")
        except ValueError:
            return str(value)
    if spec.type == "nik":
        return mask_nik(str(value))
    return str(value)
