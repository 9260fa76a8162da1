"""Hot table bodies joined in Python, as ``platform.widgets`` joins hot selects.

The needs page lists up to 300 people, each with their gaps, and the "below 20 JP" list
100 a page: the template loop (a lookup, ``localize`` or ``floatformat`` and an escape
per cell) cost more than the rest of the page. These write the same HTML the loops
wrote, formatting each distinct number once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape  # the standard library's, as Django's own ``escape`` uses

from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe

from sigap.learning.needs import Need, Standing


def _memo(fn: Callable[[object], str]) -> Callable[[object], str]:
    seen: dict[object, str] = {}

    def once(value: object) -> str:
        if value not in seen:
            seen[value] = fn(value)
        return seen[value]

    return once


def need_rows(rows: Iterable[Need]) -> SafeString:
    """``<tr>`` per need: name, unit, total gap, "competency (−gap), …", JP (``-2``)."""
    number = _memo(lambda v: escape(str(localize(v))))
    jp = _memo(lambda v: str(floatformat(v, "-2")))  # floatformat's output is safe
    name = _memo(lambda v: escape(str(v)))
    out = []
    for n in rows:
        listed = ", ".join(f"{name(c)} (−{number(g)})" for _c, c, g in n.gaps)
        out.append(
            f"<tr><td>{escape(n.name)}</td><td>{name(n.unit_name)}</td>"
            f"<td>{number(n.total_gap)}</td><td>{listed}</td><td>{jp(n.jp)}</td></tr>"
        )
    return mark_safe("".join(out))  # noqa: S308 - every value escaped above


def standing_rows(rows: Iterable[Standing]) -> SafeString:
    """``<tr>`` per ASN of the "below 20 JP" list: name, NIP, unit, JP, target, owed
    (each number as ``floatformat:"-2"``; no target: an empty cell)."""
    number = _memo(lambda v: str(floatformat(v, "-2")))  # floatformat's output is safe
    name = _memo(lambda v: escape(str(v)))
    out = [
        f"<tr><td>{escape(s.name)}</td><td>{escape(s.identifier)}</td>"
        f"<td>{name(s.unit_name)}</td><td>{number(s.jp)}</td><td>{number(s.target)}</td>"
        f"<td>{number(s.owed)}</td></tr>"
        for s in rows
    ]
    return mark_safe("".join(out))  # noqa: S308 - every value escaped above
