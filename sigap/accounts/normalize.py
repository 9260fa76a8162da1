from __future__ import annotations

import re


def normalize_phone(raw: str) -> str:
    """'0812-3456 7890', '+62 812…', '62812…' all become '6281234567890'."""
    digits = re.sub(r"\D", "", raw)
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits


def normalize_login(raw: str) -> str:
    value = raw.strip()
    if "@" in value:
        return value.lower()
    if re.fullmatch(r"[+\d][\d\s\-]{7,}", value):
        return normalize_phone(value)
    return value.lower()
