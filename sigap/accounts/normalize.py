"""Phone numbers and typed logins in one canonical form.

Phone numbers are parsed and validated with ``phonenumbers`` (Google's libphonenumber
metadata, kept up to date by its maintainers) with Indonesia as the default region, and
stored as E.164 digits without the plus: ``0812-3456-7890``, ``+62 812 3456 7890`` and
``62812…`` all become ``6281234567890``. Text that is not a possible number (``12ab``,
letters, too short) is refused, never reduced to its digits (issue 8, item 10).
"""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "ID"
_PHONE_TEXT = re.compile(r"\+?[\d\s\-().]+")


def parse_phone(raw: str) -> str | None:
    """The canonical digits of a valid phone number, or None."""
    text = raw.strip()
    if not text or not _PHONE_TEXT.fullmatch(text):
        return None
    digits = re.sub(r"\D", "", text)
    # "62812…" typed without the plus is an international number, not a local one.
    if not text.startswith(("+", "0")) and digits.startswith("62"):
        text = "+" + digits
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164).lstrip("+")


def normalize_phone(raw: str) -> str:
    """'0812-3456 7890', '+62 812…', '62812…' all become '6281234567890'; anything that
    is not a valid phone number raises a ValidationError on the ``phone`` field."""
    phone = parse_phone(raw)
    if phone is None:
        raise ValidationError(
            {"phone": _("Nomor HP tidak valid. Contoh: 0812 3456 7890 atau +62 812 3456 7890.")}
        )
    return phone


def normalize_login(raw: str) -> str:
    """A typed login (username, email or phone) as accounts store it. Never raises: a
    login that is no valid number is looked up as typed."""
    value = raw.strip()
    if "@" in value:
        return value.lower()
    if re.fullmatch(r"[+\d][\d\s\-]{7,}", value):
        return parse_phone(value) or _loose_digits(value)
    return value.lower()


def _loose_digits(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    return "62" + digits[1:] if digits.startswith("0") else digits
