"""NIK (Nomor Induk Kependudukan) rules. Placeholder until the full validator lands."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError


def validate_nik(value: str) -> None:
    if not re.fullmatch(r"\d{16}", value or ""):
        raise ValidationError("NIK harus 16 digit angka.", code="nik_length")


def mask_nik(value: str) -> str:
    if not value:
        return ""
    return value[:4] + "*" * (len(value) - 4)


def nik_birth_date_warning(nik: str, birth_date) -> str | None:  # placeholder
    return None
