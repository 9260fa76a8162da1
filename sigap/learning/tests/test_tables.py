"""The needs table's body, joined in Python, is the HTML the template loop wrote."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import engines
from django.utils import translation

from sigap.learning import tables
from sigap.learning.needs import Need, Standing

# The loop the page had before the rows were joined in Python.
LOOP = (
    "{% for n in rows %}<tr><td>{{ n.name }}</td><td>{{ n.unit_name }}</td><td>{{ n.total_gap }}"
    "</td><td>{% for c, name, g in n.gaps %}{{ name }} (−{{ g }}){% if not forloop.last %}, "
    '{% endif %}{% endfor %}</td><td>{{ n.jp|floatformat:"-2" }}</td></tr>{% endfor %}'
)

ROWS = [
    Need(
        1,
        'Siti <Aminah> & "Rekan"',
        "Bidang 'A'",
        Decimal("16.50"),
        1234,
        [(7, "Komunikasi & publik", 3), (8, "TIK <dasar>", 1231)],
    ),
    Need(2, "Budi", "Bidang B", Decimal("0"), 0, [], None),
    Need(3, "Candra", "Bidang B", Decimal("2.25"), 2, [(8, "TIK <dasar>", 2)]),
    Need(4, "Dewi", "Bidang 'A'", Decimal("20.00"), 1, [(9, "Analisis", 1)]),
]


@pytest.mark.parametrize("language", ["id", "en"])
def test_joined_rows_equal_the_template_loop(language, settings):
    settings.USE_THOUSAND_SEPARATOR = True  # the strictest: 1.234 vs 1,234
    with translation.override(language):
        expected = engines["django"].from_string(LOOP).render({"rows": ROWS})
        assert str(tables.need_rows(ROWS)) == expected
        assert str(tables.need_rows([])) == ""


# The "below 20 JP" list's loop before its rows were joined in Python.
BELOW_LOOP = (
    "{% for s in rows %}<tr><td>{{ s.name }}</td><td>{{ s.identifier }}</td>"
    '<td>{{ s.unit_name }}</td><td>{{ s.jp|floatformat:"-2" }}</td>'
    '<td>{{ s.target|floatformat:"-2" }}</td><td>{{ s.owed|floatformat:"-2" }}</td></tr>'
    "{% endfor %}"
)

STANDINGS = [
    Standing(
        1, 'Siti <Aminah> & "Rekan"', "19850312 201001 2 001", "Bidang 'A'", "/1/", Decimal("16.50")
    ),
    Standing(2, "Budi", "PPPK-2023-0001", "Bidang B", "/2/", Decimal("0"), None),
    Standing(3, "Candra", "", "Bidang 'A'", "/1/", Decimal("2.25"), Decimal("1234.5")),
    Standing(4, "Dewi", "1", "Bidang B", "/2/", Decimal("19.99")),
]


@pytest.mark.parametrize("language", ["id", "en"])
def test_joined_standings_equal_the_template_loop(language, settings):
    settings.USE_THOUSAND_SEPARATOR = True
    with translation.override(language):
        expected = engines["django"].from_string(BELOW_LOOP).render({"rows": STANDINGS})
        assert str(tables.standing_rows(STANDINGS)) == expected
        assert str(tables.standing_rows([])) == ""
