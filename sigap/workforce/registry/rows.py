"""The ASN list's table rows, joined in Python.

A 50-row page resolved about 500 template variables and tags per request (a fifth of
the page's time at province scale, more than its database reads); the rows are the
same markup written once here. Every value from the database or a translation goes
through ``html.escape`` (what Django's own ``escape`` calls, without its lazy-string
wrapper: 600 calls a page). The table around the rows stays in
``workforce/registry/_asn_results.html``.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from sigap.workforce.models import Employee

ROW = (
    '<tr data-employee="{pk}">\n'
    '  <td><a href="{url}{pk}/">{name}</a>{status}</td>\n'
    "  <td><code>{number}</code></td>\n"
    "  <td>{golongan}</td>\n"
    "  <td>{position}</td>\n"
    "  <td>{unit}</td>\n"
    "  <td>{since}{rotation}</td>\n"
    "  <td>{retires}{retiring}</td>\n"
    "</tr>"
)
NONE = "—"


def _badge(kind: str, text: str) -> str:
    return f' <span class="badge text-bg-{kind}">{escape(text)}</span>'


def asn_rows(employees: Sequence[Employee]) -> SafeString:
    """``<tr>`` per employee of ``finder.rows_for`` (current state read), or the one
    "no match" row."""
    if not employees:
        empty = escape(gettext("Tidak ada ASN yang cocok dengan saringan ini."))
        return mark_safe(f'<tr><td colspan="7">{empty}</td></tr>')  # noqa: S308 escaped
    url = escape(reverse("workforce:asn_profile", args=[0])[: -len("0/")])
    # Translated once per page, not per row.
    rotation = _badge("warning", gettext("rotasi"))
    retiring = _badge("info", gettext("≤ 12 bulan"))
    rows = []
    for e in employees:
        rows.append(
            ROW.format(
                pk=int(e.pk),
                url=url,
                name=escape(e.full_name),
                status=""
                if e.status == Employee.Status.ACTIVE
                else _badge("secondary", str(e.get_status_display())),
                number=escape(e.nip or e.pppk_number or ""),
                golongan=escape(e.current_golongan or NONE),
                position=escape(e.current_position_title or NONE),
                unit=escape(e.current_unit_name or NONE),
                since=f"{e.current_since:%d-%m-%Y}" if e.current_since else NONE,
                rotation=rotation if e.rotation_due else "",
                retires=f"{e.retires_on:%d-%m-%Y}",
                retiring=retiring if e.retiring_soon else "",
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 every value above is escaped
