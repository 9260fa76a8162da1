"""NIP (Nomor Induk Pegawai) rules. Placeholder until the full validator lands."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError


def validate_nip(value: str) -> None:
    if not re.fullmatch(r"\d{18}", value or ""):
        raise ValidationError("NIP harus 18 digit angka.", code="nip_length")
