"""Form fields for NIK and NIP: strip the spaces people type, then validate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from sigap.identifiers._common import remove_whitespace
from sigap.identifiers.nik import validate_nik
from sigap.identifiers.nip import validate_nip


class _IdentifierFormField(forms.CharField):
    """A CharField that removes whitespace and leaves length checks to the validator.

    ``max_length``/``min_length`` are dropped on purpose: Django's length validators would
    add a second, generic message next to the precise one, and a ``maxlength`` attribute
    would stop people typing the number in its usual spaced groups.
    """

    label_text = ""
    help_text_default: Any = ""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("max_length", None)
        kwargs.pop("min_length", None)
        kwargs.setdefault("label", self.label_text)
        # A model field passes help_text="" when it has none; the default is still wanted.
        kwargs["help_text"] = kwargs.get("help_text") or self.help_text_default
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        if text in self.empty_values:
            return text
        return remove_whitespace(text)


class NIKFormField(_IdentifierFormField):
    default_validators = [validate_nik]
    label_text = "NIK"
    help_text_default = gettext_lazy("16 digit, tertera di KTP-el atau Kartu Keluarga.")


class NIPFormField(_IdentifierFormField):
    default_validators = [validate_nip]
    label_text = "NIP"
    help_text_default = gettext_lazy("18 digit, tertera di SK atau kartu pegawai.")
