"""Dates the Indonesian way: month names as a KTP, an SK or a roster writes them."""

from __future__ import annotations

import datetime as dt

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

# Lower-case full names and three-letter abbreviations, with the spellings and older
# forms people type ("Agt", "Ags", "Okt", "Des", "Peb", "Nop").
_MONTH_NUMBERS = {name.lower(): i for i, name in enumerate(MONTHS_ID, start=1)}
_MONTH_NUMBERS.update(
    {name.lower()[:3]: i for i, name in enumerate(MONTHS_ID, start=1)}
    | {"agt": 8, "ags": 8, "agu": 8, "okt": 10, "des": 12, "peb": 2, "nop": 11}
)


def month_number(name: str) -> int | None:
    """1–12 for an Indonesian month name or its abbreviation (any case); None otherwise."""
    return _MONTH_NUMBERS.get(name.lower())


def format_date_id(value: dt.date) -> str:
    """15 Maret 1985."""
    return f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"


def format_month_id(value: dt.date) -> str:
    """Maret 2010."""
    return f"{MONTHS_ID[value.month - 1]} {value.year}"
