"""Logging filter: NIKs never reach a log line (UU 27/2022)."""

from __future__ import annotations

import logging
import re

# 16 digits not inside a longer run of digits (an 18-digit NIP is left alone).
_NIK_RE = re.compile(r"(?<!\d)(\d{4})\d{12}(?!\d)")


def scrub(text: str) -> str:
    return _NIK_RE.sub(lambda m: m.group(1) + "*" * 12, text)


class MaskNIKFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = ()
        return True
