"""Helpers shared by the NIK and NIP rules (not public API)."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

# ASCII only: str.isdigit() and \d also accept Arabic-Indic, full-width and other
# Unicode digits, which no Dukcapil or BKN system issues.
_NON_ASCII_DIGIT = re.compile(r"[^0-9]")
_WHITESPACE = re.compile(r"\s+")


def first_non_digit(value: str) -> int | None:
    """1-based position of the first character that is not 0-9, or None."""
    match = _NON_ASCII_DIGIT.search(value)
    return match.start() + 1 if match else None


def remove_whitespace(value: str) -> str:
    """People type NIK/NIP in groups ("1571 0157 0590 0002"); the groups carry no meaning."""
    return _WHITESPACE.sub("", value)


def today() -> dt.date:
    """Today in the project's time zone (WIB), not UTC: a date 'in the future' is local."""
    return timezone.localdate()
