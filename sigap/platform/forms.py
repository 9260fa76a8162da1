from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models


def apply_validation_error(form: forms.Form, exc: ValidationError) -> None:
    """Attach a domain function's ValidationError to the form's fields."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)


__all__ = ["apply_validation_error", "NON_FIELD_ERRORS"]


class HtmlDateInput(forms.DateInput):
    """``<input type=date>`` needs ISO dates whatever the page's locale (id renders 17-05-1990)."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TenantModelChoiceField(forms.ModelChoiceField):
    """A choice among the active agency's rows.

    Form classes are built at import time, when no agency is active, so a scoped
    queryset cannot be given there. Django deep-copies a form's fields for every form
    instance: that is when the queryset is built, from the model's tenant-scoped
    manager, narrowed by ``narrow`` (e.g. ``lambda qs: qs.filter(is_active=True)``).
    """

    def __init__(
        self,
        model: type[models.Model],
        *,
        narrow: Callable[[models.QuerySet], models.QuerySet] | None = None,
        **kwargs: Any,
    ) -> None:
        self.model = model
        self.narrow = narrow
        super().__init__(queryset=model._base_manager.none(), **kwargs)

    def __deepcopy__(self, memo: dict) -> TenantModelChoiceField:
        result = super().__deepcopy__(memo)
        queryset = self.model._default_manager.all()
        result.queryset = self.narrow(queryset) if self.narrow else queryset
        return result
