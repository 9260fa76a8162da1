"""Logging filter: NIKs never reach a log line (UU 27/2022 on personal data).

Attach :class:`MaskNIKFilter` to handlers (config.settings does, for the console). It
rewrites the record before any formatter sees it: the message and its arguments, the
exception and stack text, and string attributes passed with ``extra=``.

A NIK is recognised as 16 digits not inside a longer run of digits, written plainly or in
four groups of four ("1571 0157 0590 0002", "1571-0157-...", in a URL "1571+0157+..." or
"1571%200157%20..."). An 18-digit NIP, also public on every SK, is left alone. Any other 16-digit number (a bank card, say) is masked
too, which is the safe mistake to make.
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

from sigap.identifiers.nik import mask_nik

# Separators include a URL's encodings of a space ("+", "%20"), and a digit that ends a
# percent-escape ("%20" before "1571…") does not count as a longer run of digits: gunicorn's
# access line carries query strings as the browser sent them (config/gunicorn.py).
_NIK_RE = re.compile(
    r"(?:(?<!\d)|(?<=%[0-9A-Fa-f]\d))"
    r"(?:\d{16}|\d{4}(?P<sep>[ .+-]|%20)\d{4}(?P=sep)\d{4}(?P=sep)\d{4})(?!\d)"
)

# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_STANDARD_ATTRS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
}


def scrub(text: str) -> str:
    """``text`` with every NIK replaced by its mask (first 4 digits, 12 asterisks)."""
    return _NIK_RE.sub(lambda m: mask_nik(m.group(0)), text)


def _scrub_value(value: Any) -> Any:
    """Arguments keep their type unless their text holds a NIK (an int NIK included)."""
    if isinstance(value, bool) or value is None:
        return value
    try:
        text = value if isinstance(value, str) else str(value)
    except Exception:  # an argument whose __str__ fails cannot leak through %s either
        return "<tidak dapat ditampilkan>"
    cleaned = scrub(text)
    return value if cleaned == text else cleaned


class MaskNIKFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        self._scrub_message(record)
        self._scrub_exception(record)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        for key, value in list(vars(record).items()):
            if key not in _STANDARD_ATTRS and isinstance(value, str):
                setattr(record, key, scrub(value))
        return True  # a filter that drops records would hide incidents; it only rewrites

    @staticmethod
    def _scrub_message(record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not crash the code that logs
            # Leave the broken format for the handler to report (Handler.handleError prints
            # msg and args), but with every NIK in them masked first.
            record.msg = _scrub_value(record.msg)
            if isinstance(record.args, dict):
                record.args = {k: _scrub_value(v) for k, v in record.args.items()}
            elif isinstance(record.args, tuple):
                record.args = tuple(_scrub_value(v) for v in record.args)
            return
        cleaned = scrub(message)
        if cleaned != message:
            # Freeze the interpolated, masked text: arguments can hold a NIK in any shape
            # (an int, inside a dict or a model's str) that only interpolation reveals.
            record.msg = cleaned
            record.args = ()

    @staticmethod
    def _scrub_exception(record: logging.LogRecord) -> None:
        # Standard formatters print exc_text when it is set instead of rendering exc_info
        # again, so render the traceback here and store it masked.
        if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if record.exc_text:
            cleaned = scrub(record.exc_text)
            if cleaned != record.exc_text:
                record.exc_text = cleaned
                # Some formatters (JSON ones) render exc_info themselves and would print
                # the NIK again, so the exception object goes once its text holds a NIK.
                record.exc_info = None
