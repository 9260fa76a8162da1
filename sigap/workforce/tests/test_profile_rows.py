"""The profile's history tables, written in Python (``registry/rows.py``), give the markup
the template loops gave: checked against those loops, kept here as they were (with one
later change: date cells do not wrap), on rows with hostile text, missing values and
every kind, in both languages."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.template import engines
from django.utils import translation

from sigap.workforce.models import Assignment, Education, RankHistory
from sigap.workforce.registry import rows
from sigap.workforce.registry.queries import CompetencyGap, LatestLevel

# The template's loops before the rows moved to Python (asn_profile.html, 2026-12-07).
TEMPLATE_LOOPS = {
    "assignments": """{% load i18n %}{% for a in assignments %}<tr>
  <td>{{ a.get_kind_display }}{% if not a.is_primary %} <span class="badge text-bg-light">{% translate "tambahan" %}</span>{% endif %}</td>
  <td>{{ a.position.title }}</td><td>{{ a.position.unit.name }}</td>
  <td><code>{{ a.sk_number }}</code></td><td class="text-nowrap">{{ a.sk_date|date:"d-m-Y" }}</td>
  <td class="text-nowrap">{{ a.starts_on|date:"d-m-Y" }}</td>{% if a.ends_on %}<td class="text-nowrap">{{ a.ends_on|date:"d-m-Y" }}</td>{% else %}<td>{% translate "sekarang" %}</td>{% endif %}
  <td class="small">{{ a.shown_note|default:"—" }}</td>
</tr>{% empty %}<tr><td colspan="8">{% translate "Belum ada riwayat jabatan." %}</td></tr>{% endfor %}""",
    "ranks": """{% load i18n %}{% for r, p in ranks %}<tr><td>{{ r.golongan }}</td><td>{{ p }}</td><td class="text-nowrap">{{ r.tmt|date:"d-m-Y" }}</td><td><code>{{ r.sk_number|default:"—" }}</code></td></tr>{% empty %}<tr><td colspan="4">{% translate "Belum ada riwayat pangkat." %}</td></tr>{% endfor %}""",
    "educations": """{% load i18n %}{% for d in educations %}<tr><td>{{ d.get_level_display }}</td><td>{{ d.field_of_study|default:"—" }}</td><td>{{ d.field_group_label }}</td><td>{{ d.institution|default:"—" }}</td><td>{{ d.graduation_year }}</td></tr>{% empty %}<tr><td colspan="5">{% translate "Belum ada riwayat pendidikan." %}</td></tr>{% endfor %}""",
    "standard": """{% load i18n %}{% for g in standard %}<tr>
  <td>{{ g.competency }}</td><td>{{ g.kind }}</td><td>{{ g.required }}</td>
  <td>{% if g.current is None %}<span class="text-body-secondary">{% translate "belum diases" %}</span>{% else %}{{ g.current }}{% endif %}</td>
  <td>{% if g.gap %}<strong>{{ g.gap }}</strong>{% else %}{% translate "memenuhi" %}{% endif %}</td>
</tr>{% endfor %}""",
    "levels": """{% for c in levels %}<tr><td>{{ c.name }}</td><td>{{ c.level }}</td></tr>{% endfor %}""",
}

HOSTILE = "<script>alert('x')</script> & \"Bagian\""


def _same(python: str, name: str, **context: object) -> None:
    template = engines["django"].from_string(TEMPLATE_LOOPS[name])
    expected = template.render(context)

    def plain(markup: str) -> str:
        return re.sub(r">\s+<", "><", str(markup)).strip()

    assert plain(python) == plain(expected)


def _assignment(kind: str, *, primary: bool, ends: dt.date | None, note: str) -> Assignment:
    unit = SimpleNamespace(name=HOSTILE)
    a = Assignment(
        kind=kind,
        is_primary=primary,
        sk_number="821/<b>12</b>",
        sk_date=dt.date(2019, 1, 2),
        starts_on=dt.date(2019, 2, 1),
        ends_on=ends,
        note=note,
    )
    # Only the title and the unit's name are shown: no database needed.
    a._state.fields_cache["position"] = SimpleNamespace(title=f"Kepala {HOSTILE}", unit=unit)
    return a


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_rows_are_the_markup_the_template_wrote(language):
    assignments = [
        _assignment(kind, primary=i % 2 == 0, ends=None if i == 0 else dt.date(2020, 3, i), note=n)
        for i, (kind, n) in enumerate(
            zip(Assignment.Kind.values, ["", HOSTILE, "catatan"] * 4, strict=False)
        )
    ]
    ranks = [
        (RankHistory(golongan="III/a", tmt=dt.date(2015, 4, 1), sk_number=""), "Penata Muda"),
        (RankHistory(golongan="III/b", tmt=dt.date(2019, 4, 1), sk_number=HOSTILE), HOSTILE),
    ]
    educations = [
        Education(
            level="S1",
            field_of_study=HOSTILE,
            field_group="hukum",
            institution="",
            graduation_year=2001,
        ),
        Education(
            level="S2", field_of_study="", field_group="", institution=HOSTILE, graduation_year=2010
        ),
    ]
    standard = [
        CompetencyGap(1, HOSTILE, "teknis", 3, None),
        CompetencyGap(2, "Manajerial", "manajerial", 2, 2),
        CompetencyGap(3, "Sosial", "sosial kultural", 4, 1),
    ]
    levels = [LatestLevel(4, HOSTILE, 3), LatestLevel(5, "Bahasa", 1)]
    with translation.override(language):
        _same(rows.assignment_rows(assignments), "assignments", assignments=assignments)
        _same(rows.assignment_rows([]), "assignments", assignments=[])
        _same(rows.rank_rows(ranks), "ranks", ranks=ranks)
        _same(rows.rank_rows([]), "ranks", ranks=[])
        _same(rows.education_rows(educations), "educations", educations=educations)
        _same(rows.education_rows([]), "educations", educations=[])
        _same(rows.standard_rows(standard), "standard", standard=standard)
        _same(rows.level_rows(levels), "levels", levels=levels)
    assert "<script>" not in rows.assignment_rows(assignments)
    # Both sides translate through the same catalogue: that it has these words in English
    # is checked apart (an untranslated word would pass the comparison above).
    with translation.override("en"):
        shown = rows.assignment_rows(assignments) + rows.standard_rows(standard)
        assert ">now<" in shown and "additional" in shown and "not assessed" in shown
        assert "Promotion" in rows.assignment_rows(assignments)
        assert "No rank history yet." in rows.rank_rows([])
