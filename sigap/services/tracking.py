"""Tracking numbers: short enough to read over the phone, impossible to guess.

``LYN-34PT-Z290-VDQ`` — "LYN" (layanan), ten random Crockford base-32 symbols (50 bits:
anyone holding a number sees its state, so numbers must not be enumerable) and one
check symbol (ISO 7064 mod 37-2 over the base-32 values) that catches a mistyped
symbol or two swapped neighbours before the database is asked.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
CHECK_ALPHABET = ALPHABET + "*~$=U"  # 37 symbols for the mod-37 check
PREFIX = "LYN"
RANDOM_SYMBOLS = 10
_READ_AS = {"O": "0", "I": "1", "L": "1"}


def check_symbol(body: str) -> str:
    # ISO 7064 MOD 37-2, pure system.
    total = 0
    for ch in body:
        total = ((total + ALPHABET.index(ch)) * 2) % 37
    return CHECK_ALPHABET[(38 - total) % 37]


def new_tracking_number() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_SYMBOLS))
    return format_number(body + check_symbol(body))


def format_number(symbols: str) -> str:
    return f"{PREFIX}-{symbols[:4]}-{symbols[4:8]}-{symbols[8:]}"


def normalize(value: str) -> str | None:
    """The canonical form of a typed number, or None when it cannot be one (wrong
    length, letters outside the alphabet, failed check symbol)."""
    raw = "".join(ch for ch in (value or "").upper() if ch.isalnum() or ch in "*~$=")
    if raw.startswith(PREFIX):
        raw = raw[len(PREFIX) :]
    raw = "".join(_READ_AS.get(ch, ch) for ch in raw[:-1]) + raw[-1:] if raw else raw
    if len(raw) != RANDOM_SYMBOLS + 1:
        return None
    body, check = raw[:-1], raw[-1]
    if any(ch not in ALPHABET for ch in body) or check_symbol(body) != check:
        return None
    return format_number(raw)
