"""The ASN list's table rows, joined in Python.

A 50-row page resolved about 500 template variables and tags per request (a fifth of
the page's time at province scale, more than its database reads); the rows are the
same markup written once here, every value escaped by ``format_html``. The table
around them stays in ``workforce/registry/_asn_results.html``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
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


def asn_rows(employees: Sequence[Employee]) -> SafeString:
    """``<tr>`` per employee of ``finder.rows_for`` (current state read), or the one
    "no match" row."""
    if not employees:
        return format_html(
            '<tr><td colspan="7">{}</td></tr>',
            gettext("Tidak ada ASN yang cocok dengan saringan ini."),
        )
    return format_html_join("", ROW, _row_values(employees))


def _row_values(employees: Sequence[Employee]) -> Iterator[dict[str, object]]:
    url = reverse("workforce:asn_profile", args=[0])[: -len("0/")]
    # Translated once per page, not per row.
    rotation = format_html(' <span class="badge text-bg-warning">{}</span>', gettext("rotasi"))
    retiring = format_html(' <span class="badge text-bg-info">{}</span>', gettext("≤ 12 bulan"))
    for e in employees:
        status = ""
        if e.status != Employee.Status.ACTIVE:
            status = format_html(
                ' <span class="badge text-bg-secondary">{}</span>', e.get_status_display()
            )
        yield {
            "pk": e.pk,
            "url": url,
            "name": e.full_name,
            "status": status,
            "number": e.nip or e.pppk_number or "",
            "golongan": e.current_golongan or NONE,
            "position": e.current_position_title or NONE,
            "unit": e.current_unit_name or NONE,
            "since": f"{e.current_since:%d-%m-%Y}" if e.current_since else NONE,
            "rotation": rotation if e.rotation_due else "",
            "retires": f"{e.retires_on:%d-%m-%Y}",
            "retiring": retiring if e.retiring_soon else "",
        }
