"""The citizen's forms: the application form built from the standard's definition, and
the public tracking form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.services.forms_in_data import FieldSpec, django_form, specs
from sigap.services.models import ApplicationDocument, ServiceStandard


class TrackForm(forms.Form):
    nomor = forms.CharField(
        label=_("Nomor pelacakan"),
        max_length=40,
        help_text=_("Contoh: LYN-34PT-Z290-VDQ. Huruf besar atau kecil sama saja."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )


def application_form(
    standard: ServiceStandard,
    *,
    data: Any = None,
    files: Any = None,
    initial: dict[str, Any] | None = None,
) -> forms.Form:
    """The standard's form with nothing required: a draft may be saved half filled. What
    is required is checked by ``applications.submit`` (``clean_answers``), whose errors
    land on the same fields."""
    form_class = django_form(standard.form_fields, partial=True)
    form = form_class(data=data, files=files, initial=initial or {})
    for spec in specs(standard.form_fields):
        field = form.fields[spec.key]
        if spec.type == "file":
            field.widget.attrs["accept"] = "application/pdf,image/jpeg,image/png"
        if spec.required:
            # Told in the label, not by the browser: saving a draft must not be blocked.
            field.widget.attrs["aria-required"] = "true"
    return form


def answers_from(form: forms.Form, standard: ServiceStandard) -> dict[str, Any]:
    """The answers as the domain takes them (text, ISO dates). An emptied field is
    sent as "" so that saving a draft clears it."""
    answers: dict[str, Any] = {}
    for spec in specs(standard.form_fields):
        if spec.type == "file":
            continue
        value = form.cleaned_data.get(spec.key)
        if value is None:
            answers[spec.key] = ""
        elif isinstance(value, dt.date):
            answers[spec.key] = value.isoformat()
        elif isinstance(value, Decimal):
            answers[spec.key] = str(value)
        else:
            answers[spec.key] = value
    return answers


@dataclass(frozen=True)
class FormRow:
    """One field of the page: the bound field, its spec and, for a file field, the
    document already uploaded for it."""

    field: forms.BoundField
    spec: FieldSpec
    document: ApplicationDocument | None


def rows(
    form: forms.Form,
    standard: ServiceStandard,
    documents: dict[str, ApplicationDocument] | None = None,
) -> list[FormRow]:
    documents = documents or {}
    return [
        FormRow(form[spec.key], spec, documents.get(spec.key))
        for spec in specs(standard.form_fields)
    ]
