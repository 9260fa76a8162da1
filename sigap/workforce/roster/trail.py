"""A roster import's ``problems`` as the audit trail shows them (issue 8, item 12).

The trail would otherwise show the stored report as JSON of codes. A failed import holds
one problem, its cause, which an inspector needs to read; a report that went stale holds
the whole dry run's problems again, up to 100,000 (10.7 MB), which would flood the trail
and is read on the import's own page. So a few problems are written out, in the reader's
language; more are counted.
"""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from sigap.workforce.roster.rules import render_problem

# Up to this many problems are written out in the trail; more are shown as their count.
SHOWN_IN_TRAIL = 3


def _one(entry: dict[str, Any]) -> str:
    problem = render_problem(entry)
    row, column, message = problem["row"], problem["column"], problem["message"]
    if row and column:
        return gettext("Baris %(row)s, %(column)s: %(message)s") % {
            "row": row,
            "column": column,
            "message": message,
        }
    if row:
        return gettext("Baris %(row)s: %(message)s") % {"row": row, "message": message}
    if column:
        return f"{column}: {message}"
    return message


def problems_in_trail(value: Any) -> str:
    """The stored problems (a list of stored problem entries) for the trail."""
    if not isinstance(value, list):
        return str(value)
    entries = [e for e in value if isinstance(e, dict)]
    if len(entries) <= SHOWN_IN_TRAIL:
        return "; ".join(_one(e) for e in entries)
    count = sum(1 for e in entries if not e.get("info"))
    return ngettext("%(count)s masalah", "%(count)s masalah", count) % {
        "count": number_format(count, force_grouping=True)
    }
