"""The workforce's files in English when the reader reads English (issue 8, item 11): the
roster template (its headers read back by the import), the ASN export (re-imported as
it is) and the recruitment needs. Data (names, codes, pangkat) stays as recorded."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from sigap.platform.tests.english import assert_english, in_english, xlsx_texts
from sigap.tenancy.context import activate
from sigap.workforce.models import Employee
from sigap.workforce.roster.rules import COLUMNS
from sigap.workforce.tests.test_registry_pages import reg  # noqa: F401 - a fixture
from sigap.workforce.tests.test_roster import (  # noqa: F401 - fixtures
    csv_file,
    import_file,
    person,
    units,
)


@pytest.fixture(autouse=True)
def tasks_inline(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def english_headers() -> list[str]:
    with translation.override("en"):
        return [translation.gettext(c.header) for c in COLUMNS]


def test_the_template_in_english_has_english_headers_and_guide(agency, units, hr, login):  # noqa: F811
    content = in_english(login(hr)).get(reverse("workforce:roster_template")).content
    wb = openpyxl.load_workbook(io.BytesIO(content))
    data = wb.worksheets[0]
    assert [c.value for c in data[1]] == english_headers()
    assert english_headers()[:4] == ["NIP", "Name", "Sex", "Birth date"]
    guide = wb.worksheets[-1]
    assert_english(
        xlsx_texts(content, header_rows=1) + [v for r in guide.values for v in r],
        data=["Budi Santoso"],
    )


def test_the_english_template_filled_in_is_imported(agency, units, hr, login):  # noqa: F811
    content = in_english(login(hr)).get(reverse("workforce:roster_template")).content
    wb = openpyxl.load_workbook(io.BytesIO(content))
    wb.worksheets[0].append([person(3).get(c.key) or None for c in COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    import_file(agency, hr, out.getvalue(), "template-filled.xlsx")
    with activate(agency):
        assert list(Employee.objects.values_list("full_name", flat=True)) == ["Pegawai Nomor 3"]


def test_the_asn_export_in_english_re_imports(agency, units, hr, login):  # noqa: F811
    import_file(agency, hr, csv_file([person(1), person(2)]))
    exported = in_english(login(hr)).get(reverse("workforce:asn_export")).content
    wb = openpyxl.load_workbook(io.BytesIO(exported))
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[: len(COLUMNS)] == english_headers()
    assert_english(xlsx_texts(exported, header_rows=1))
    ws.cell(row=2, column=header.index("Name") + 1, value="Pegawai Nomor Satu")
    out = io.BytesIO()
    wb.save(out)
    import_file(agency, hr, out.getvalue(), "export.xlsx")
    with activate(agency):
        names = set(Employee.objects.values_list("full_name", flat=True))
    assert names == {"Pegawai Nomor Satu", "Pegawai Nomor 2"}


def test_the_recruitment_export_in_english(login, hr, reg):  # noqa: F811
    content = in_english(login(hr)).get(reverse("workforce:recruitment_export")).content
    texts = xlsx_texts(content, header_rows=1)
    assert texts[1:3] == ["Position code", "Position"]
    assert_english(texts)
