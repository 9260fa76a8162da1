from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


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
