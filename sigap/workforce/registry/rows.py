"""The ASN list's table rows, joined in Python.

A 50-row page resolved about 500 template variables and tags per request (a fifth of
the page's time at province scale, more than its database reads); the rows are the
same markup written once here. Every value from the database or a translation goes
through ``html.escape`` (what Django's own ``escape`` calls, without its lazy-string
wrapper: 600 calls a page). The table around the rows stays in
``workforce/registry/_asn_results.html``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from sigap.workforce.models import Assignment, Education, Employee, RankHistory
from sigap.workforce.registry.queries import CompetencyGap, LatestLevel

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


# ------------------------------------------------------------------ the profile's tables
# The profile shows a person's whole history (posts, ranks, schooling, competencies):
# written out here for the same reason as the list's rows, and with the same escaping.
# The sections around them stay in ``workforce/registry/asn_profile.html``.


def _day(value: dt.date | None) -> str:
    return f"{value:%d-%m-%Y}" if value else ""


def _day_cell(value: dt.date | None) -> str:
    # A date is one token: the tables' "wrap anywhere" (long SK numbers) would split it.
    return f'<td class="text-nowrap">{_day(value)}</td>'


def _or_none(value: object) -> str:
    return escape(str(value)) if value else NONE


def _labels(field: Any) -> Callable[[str], str]:
    """A choice field's label for a stored value, escaped: each label translated once
    per table, not once per row (``get_FOO_display`` builds the choices per call)."""
    labels = dict(field.flatchoices)
    return functools.cache(lambda value: escape(str(labels.get(value, value))))


def _empty(columns: int, text: str) -> SafeString:
    return mark_safe(f'<tr><td colspan="{columns}">{escape(text)}</td></tr>')  # noqa: S308 escaped


def assignment_rows(assignments: Sequence[Assignment]) -> SafeString:
    """Riwayat jabatan: the assignments with ``position`` and its ``unit`` read along."""
    if not assignments:
        return _empty(8, gettext("Belum ada riwayat jabatan."))
    extra = f' <span class="badge text-bg-light">{escape(gettext("tambahan"))}</span>'
    now = escape(gettext("sekarang"))
    kind = _labels(Assignment._meta.get_field("kind"))
    return mark_safe(  # noqa: S308 every value is escaped
        "".join(
            "<tr>\n"
            f"  <td>{kind(a.kind)}{'' if a.is_primary else extra}</td>\n"
            f"  <td>{escape(a.position.title)}</td><td>{escape(a.position.unit.name)}</td>\n"
            f"  <td><code>{escape(a.sk_number)}</code></td>{_day_cell(a.sk_date)}\n"
            f"  {_day_cell(a.starts_on)}{_day_cell(a.ends_on) if a.ends_on else f'<td>{now}</td>'}\n"
            f'  <td class="small">{_or_none(a.shown_note)}</td>\n'
            "</tr>"
            for a in assignments
        )
    )


def rank_rows(ranks: Sequence[tuple[RankHistory, str]]) -> SafeString:
    """Riwayat pangkat/golongan: (rank, its pangkat) pairs."""
    if not ranks:
        return _empty(4, gettext("Belum ada riwayat pangkat."))
    return mark_safe(  # noqa: S308 every value is escaped
        "".join(
            f"<tr><td>{escape(r.golongan)}</td><td>{escape(pangkat)}</td>"
            f"{_day_cell(r.tmt)}<td><code>{_or_none(r.sk_number)}</code></td></tr>"
            for r, pangkat in ranks
        )
    )


def education_rows(educations: Sequence[Education]) -> SafeString:
    """Riwayat pendidikan."""
    if not educations:
        return _empty(5, gettext("Belum ada riwayat pendidikan."))
    level = _labels(Education._meta.get_field("level"))
    return mark_safe(  # noqa: S308 every value is escaped
        "".join(
            f"<tr><td>{level(d.level)}</td><td>{_or_none(d.field_of_study)}</td>"
            f"<td>{escape(str(d.field_group_label))}</td><td>{_or_none(d.institution)}</td>"
            f"<td>{int(d.graduation_year)}</td></tr>"
            for d in educations
        )
    )


def standard_rows(standard: Sequence[CompetencyGap]) -> SafeString:
    """The post's competency standard against the person's latest levels."""
    unassessed = f'<span class="text-body-secondary">{escape(gettext("belum diases"))}</span>'
    meets = escape(gettext("memenuhi"))
    return mark_safe(  # noqa: S308 every value is escaped
        "".join(
            "<tr>\n"
            f"  <td>{escape(g.competency)}</td><td>{escape(str(g.kind))}</td>"
            f"<td>{int(g.required)}</td>\n"
            f"  <td>{unassessed if g.current is None else int(g.current)}</td>\n"
            f"  <td>{f'<strong>{g.gap}</strong>' if g.gap else meets}</td>\n"
            "</tr>"
            for g in standard
        )
    )


def level_rows(levels: Sequence[LatestLevel]) -> SafeString:
    """The other competencies ever assessed: name and latest level."""
    return mark_safe(  # noqa: S308 every value is escaped
        "".join(f"<tr><td>{escape(c.name)}</td><td>{int(c.level)}</td></tr>" for c in levels)
    )
