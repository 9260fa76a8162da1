"""Keyset pagination: pages cost the same at row 10 and at row 1,000,000 (no OFFSET).

The cursor is the (ordering value, pk) of the last row seen, encoded opaquely.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext


class BadCursor(ValueError):
    pass


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, default=str, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError) as exc:
        raise BadCursor(gettext("Kursor halaman tidak valid.")) from exc
    if not isinstance(values, list):
        raise BadCursor(gettext("Kursor halaman tidak valid."))
    return values


@dataclass
class Page:
    items: list[Any]
    next_cursor: str | None


def keyset_page(
    qs: QuerySet, *, key: str, cursor: str | None, size: int, descending: bool = True
) -> Page:
    """One page of ``qs`` ordered by ``key`` then ``pk`` (both descending by default)."""
    size = max(1, min(size, 200))
    direction = "-" if descending else ""
    qs = qs.order_by(f"{direction}{key}", f"{direction}pk")
    if cursor:
        last_key, last_pk = decode_cursor(cursor)
        field = qs.model._meta.get_field(key)
        last_key = field.to_python(last_key)
        op = "lt" if descending else "gt"
        # The redundant outer bound (key <= k) lets SQLite use the index as a range;
        # without it a deep page scans the whole index. Same rows either way.
        bound = "lte" if descending else "gte"
        qs = qs.filter(
            Q(**{f"{key}__{bound}": last_key})
            & (Q(**{f"{key}__{op}": last_key}) | Q(**{key: last_key, f"pk__{op}": last_pk}))
        )
    rows = list(qs[: size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    next_cursor = None
    if has_more and rows:
        last = rows[-1]
        value = getattr(last, key)
        next_cursor = encode_cursor(
            [value.isoformat() if hasattr(value, "isoformat") else value, last.pk]
        )
    return Page(items=rows, next_cursor=next_cursor)
