"""Model fields for NIK and NIP: a CharField of the right length with the validator attached."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy

from sigap.identifiers.forms import NIKFormField, NIPFormField
from sigap.identifiers.nik import NIK_LENGTH, validate_nik
from sigap.identifiers.nip import NIP_LENGTH, validate_nip


class _IdentifierField(models.CharField):
    default_length = 0
    default_verbose_name = ""
    form_class: type = NIKFormField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", self.default_length)
        kwargs.setdefault("verbose_name", self.default_verbose_name)
        super().__init__(*args, **kwargs)
        if self.max_length == self.default_length:
            # The identifier validator already reports a wrong length precisely (in
            # Indonesian, naming the expected digit count); Django's generic max-length
            # message on top of it would only repeat it less clearly.
            self.validators[:] = [
                v for v in self.validators if not isinstance(v, MaxLengthValidator)
            ]

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        # Keep migrations free of the defaults. Only drop a value equal to the default: a
        # different max_length changes the column and must reach the migration.
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == self.default_length:
            kwargs.pop("max_length")
        if kwargs.get("verbose_name") == self.default_verbose_name:
            kwargs.pop("verbose_name")
        return name, path, args, kwargs

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": self.form_class, **kwargs})


class NIKField(_IdentifierField):
    description = "NIK (16 digit)"
    default_validators = [validate_nik]
    default_length = NIK_LENGTH
    default_verbose_name = gettext_lazy("NIK")
    form_class = NIKFormField


class NIPField(_IdentifierField):
    description = "NIP (18 digit)"
    default_validators = [validate_nip]
    default_length = NIP_LENGTH
    default_verbose_name = gettext_lazy("NIP")
    form_class = NIPFormField
