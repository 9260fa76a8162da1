"""Dates the Indonesian way: month names as a KTP, an SK or a roster writes them, and
dates in messages written for the person who reads them (issue 8, item 10).

``format_date`` and ``format_month`` are lazy: a message made once (a ValidationError
raised in a form, a warning kept for a page) names the month in the language it is
read in — "15 Maret 1985" on an Indonesian page, "15 March 1985" on an English one.
Django's month names (``django.utils.dates.MONTHS``) are the translated ones; their
Indonesian spellings are ``MONTHS_ID``, which a test keeps equal.
"""

from __future__ import annotations

import datetime as dt

from django.utils.dates import MONTHS
from django.utils.functional import lazy

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
    """15 Maret 1985, whatever the reader's language (text stored for Indonesian readers)."""
    return f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"


def format_month_id(value: dt.date) -> str:
    """Maret 2010, whatever the reader's language."""
    return f"{MONTHS_ID[value.month - 1]} {value.year}"


def _date_text(value: dt.date) -> str:
    return f"{value.day} {MONTHS[value.month]} {value.year}"


def _month_text(value: dt.date) -> str:
    return f"{MONTHS[value.month]} {value.year}"


_lazy_date = lazy(_date_text, str)
_lazy_month = lazy(_month_text, str)


def format_date(value: dt.date) -> str:
    """15 Maret 1985 / 15 March 1985: written when shown, in the reader's language."""
    return _lazy_date(value)


def format_month(value: dt.date) -> str:
    """Maret 2010 / March 2010: written when shown, in the reader's language."""
    return _lazy_month(value)
