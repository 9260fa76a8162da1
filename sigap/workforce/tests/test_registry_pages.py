"""Pages and API of the ASN registry: what each shows, the unit head's subtree, the Excel
exports holding exactly the filtered rows."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from sigap.tenancy.context import activate
from sigap.workforce.registry import finder, records, totals
from sigap.workforce.registry.forms import AsnFilterForm
from sigap.workforce.tests.test_finder import hire, place, registry

HTMX = {"HTTP_HX_REQUEST": "true"}
LIST = reverse("workforce:asn_list")
EXPORT = reverse("workforce:asn_export")


@pytest.fixture
def reg(agency, opd) -> dict[str, Any]:
    return registry(agency, opd)


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def sheet_rows(response) -> list[tuple]:
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    return list(wb.worksheets[0].values)


# -------------------------------------------------------------------- the list


def test_list_shows_current_position_unit_golongan_and_retirement(login, hr, reg):
    page = html(login(hr).get(LIST))
    assert "Ani Lestari" in page and "Budi Santoso" in page and "Citra Dewi" in page
    assert "Dedi Kurniawan" not in page  # retired: not in the default (active) list
    assert reg["ani"].nip in page
    assert "Kepala Bidang Pelayanan" in page and "Bidang Pelayanan" in page
    assert "IV/a" in page
    assert "01-10-2026" in page  # Ani's retirement date (BUP 58, born Sep 1968)
    assert "<caption>" in page and 'scope="col"' in page


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"golongan": "IV/a"}, {"Ani Lestari"}),
        ({"q": "budi"}, {"Budi Santoso"}),
        ({"jabatan_type": "pelaksana"}, {"Citra Dewi"}),
        ({"field_group": "informatika"}, {"Budi Santoso"}),
        ({"status": "all"}, {"Ani Lestari", "Budi Santoso", "Citra Dewi", "Dedi Kurniawan"}),
    ],
)
def test_list_filters_from_query_parameters(login, hr, reg, params, expected):
    page = html(login(hr).get(LIST, params))
    everyone = {"Ani Lestari", "Budi Santoso", "Citra Dewi", "Dedi Kurniawan"}
    assert {n for n in everyone if n in page} == expected


def test_list_filters_by_unit_subtree_and_competency_level(login, hr, opd, reg):
    client = login(hr)
    page = html(client.get(LIST, {"unit": reg["bpkad"].pk}))
    assert "Citra Dewi" in page and "Ani Lestari" not in page
    page = html(client.get(LIST, {"unit": opd.pk}))
    assert "Ani Lestari" in page and "Budi Santoso" in page and "Citra Dewi" not in page
    page = html(client.get(LIST, {"competency": reg["a"].pk, "min_level": 3}))
    assert "Budi Santoso" in page and "Ani Lestari" not in page


def test_the_chosen_unit_comes_from_the_kept_unit_list(hr, agency, reg):
    chosen = reg["bpkad"]
    with activate(agency):
        stamp = totals.version(agency.pk)

        def form() -> AsnFilterForm:
            return AsnFilterForm(
                {"unit": str(chosen.pk)},
                units=lambda: finder.units_visible_to(hr, agency),
                stamp=stamp,
                viewer=(agency.pk, None),
            )

        form()  # the option lists kept
        bound = form()
        with CaptureQueriesContext(connection) as queries:
            assert bound.is_valid()
            unit = bound.cleaned_data["unit"]
        assert len(queries) == 0
        assert (unit.pk, unit.name, unit.path) == (chosen.pk, chosen.name, chosen.path)
        with CaptureQueriesContext(connection) as queries:
            assert unit.kind == chosen.kind  # any other field is read when first used
        assert len(queries) == 1


def test_htmx_refresh_returns_only_the_results(login, hr, reg):
    fragment = html(login(hr).get(LIST, {"golongan": "IV/a"}, **HTMX))
    assert "<html" not in fragment and "<form" not in fragment
    assert "Ani Lestari" in fragment and "Budi Santoso" not in fragment
    assert f"{EXPORT}?golongan=IV%2Fa" in fragment  # the export link follows the filters


def test_the_full_page_form_works_without_javascript(login, hr, reg):
    page = html(login(hr).get(LIST, {"golongan": "IV/a"}))
    assert 'method="get"' in page and 'type="submit"' in page
    assert '<option value="IV/a" selected>' in page


def test_next_page_link_carries_the_filters(login, hr, reg):
    for i in range(55):
        hire(reg["ani"].agency, f"Zul {i:02d}", dt.date(1990, 1, 1 + i % 28), seq=i + 10)
    client = login(hr)
    first = html(client.get(LIST, {"q": "zul"}))
    assert "Zul 00" in first and "Zul 54" not in first
    assert "Berikutnya" in first
    cursor = first.split("cursor=")[1].split('"')[0]
    second = html(client.get(LIST, {"q": "zul", "cursor": cursor}))
    assert "Zul 54" in second and "Zul 00" not in second


def test_a_forged_cursor_shows_an_error_not_a_crash(login, hr, reg):
    page = html(login(hr).get(LIST, {"cursor": "bukan-kursor"}))
    assert "Kursor halaman tidak valid." in page


def test_an_unknown_filter_value_is_a_form_error(login, hr, reg):
    page = html(login(hr).get(LIST, {"golongan": "V/z"}))
    assert "Ani Lestari" not in page
    assert 'aria-invalid="true"' in page


def test_list_queries_do_not_grow_with_the_people_shown(login, hr, reg):
    client = login(hr)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for i in range(20):
        e = hire(reg["ani"].agency, f"Staf {i:02d}", dt.date(1991, 1, 1 + i), seq=i + 30)
        records.record_rank(e, golongan="II/a", tmt=dt.date(2010, 1, 1))
        place(e, reg["staf"], dt.date(2016, 1, 1))
    client.get(LIST)  # the new total counted once, then kept as before (registry.totals)
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(many.captured_queries) == len(few.captured_queries)


# -------------------------------------------------------------------- unit heads


def test_unit_head_sees_only_their_subtree(login, unit_head, opd, reg):
    client = login(unit_head)
    page = html(client.get(LIST))
    assert "Ani Lestari" in page and "Budi Santoso" in page
    assert "Citra Dewi" not in page and "Badan Keuangan Daerah" not in page
    citra = reverse("workforce:asn_profile", args=[reg["citra"].pk])
    assert client.get(citra).status_code == 404
    assert client.get(reverse("workforce:asn_profile", args=[reg["ani"].pk])).status_code == 200
    # Another unit in the filter: refused, nothing shown.
    page = html(client.get(LIST, {"unit": reg["bpkad"].pk}))
    assert "Citra Dewi" not in page and 'aria-invalid="true"' in page
    for name in ("gaps", "continuity", "recruitment", "rotation_due"):
        url = reverse(f"workforce:{name}")
        assert client.get(url, {"unit": reg["bpkad"].pk}).status_code == 404
        assert "Badan Keuangan Daerah" not in html(client.get(url))
    rows = sheet_rows(client.get(EXPORT))
    assert {r[1] for r in rows[1:]} == {"Ani Lestari", "Budi Santoso"}


def test_unit_head_api_is_scoped_too(login, unit_head, reg):
    client = login(unit_head)
    items = client.get("/api/v1/asn").json()["items"]
    assert {i["full_name"] for i in items} == {"Ani Lestari", "Budi Santoso"}
    assert client.get(f"/api/v1/asn/{reg['citra'].pk}").status_code == 404
    assert client.get("/api/v1/asn", {"unit_id": reg["bpkad"].pk}).status_code == 404
    needs = client.get("/api/v1/recruitment-needs").json()["items"]
    assert {n["code"] for n in needs} == {"KABID", "ANALIS"}


# -------------------------------------------------------------------- export


def test_export_contains_exactly_the_filtered_rows(login, hr, opd, reg):
    client = login(hr)
    rows = sheet_rows(client.get(EXPORT, {"unit": opd.pk}))
    header, body = rows[0], rows[1:]
    assert header[:3] == ("NIP", "Nama", "Jenis Kelamin")  # the import's columns (issue 8)
    assert sorted(r[0] for r in body) == sorted([reg["ani"].nip, reg["budi"].nip])
    ani = next(r for r in body if r[1] == "Ani Lestari")
    assert ani[header.index("Golongan")] == "IV/a"
    assert ani[header.index("Jabatan")] == "Kepala Bidang Pelayanan"
    assert ani[header.index("Tanggal pensiun")] == dt.datetime(2026, 10, 1)
    rows = sheet_rows(client.get(EXPORT, {"golongan": "II/c"}))
    assert [r[1] for r in rows[1:]] == ["Citra Dewi"]
    rows = sheet_rows(client.get(EXPORT, {"status": "all"}))
    assert len(rows) == 5  # header + four people


def test_export_is_recorded_in_the_audit_trail(login, hr, agency, reg):
    login(hr).get(EXPORT, {"golongan": "IV/a"})
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("timestamp")
    assert entry.actor == hr
    assert entry.additional_data["agency_id"] == agency.pk
    assert "daftar ASN" in entry.changes_text or "daftar ASN" in str(entry.changes)


# -------------------------------------------------------------------- profile


def test_profile_shows_identity_history_education_and_gaps(login, hr, reg):
    page = html(login(hr).get(reverse("workforce:asn_profile", args=[reg["ani"].pk])))
    assert reg["ani"].nip in page
    assert "1 Oktober 2026" in page  # retirement date
    assert "Pembina" in page and "III/d" in page  # rank history with pangkat
    assert f"821/{reg['ani'].pk}/20150101" in page  # the SK of her appointment
    assert "Akuntansi" in page and "Ekonomi dan Akuntansi" in page
    # Standard A 3 vs latest 2 (gap 1); B 3 never assessed (gap 3).
    assert "Administrasi Kependudukan" in page and "belum diases" in page
    assert "Kesenjangan total 4 level" in page
    assert "jatuh tempo rotasi" in page


def test_profile_of_another_agencys_asn_is_not_found(login, other_admin, reg):
    url = reverse("workforce:asn_profile", args=[reg["ani"].pk])
    assert login(other_admin).get(url).status_code == 404


# -------------------------------------------------------------------- reports


def test_gap_report_per_unit_and_per_competency_with_drill_down(login, hr, opd, reg):
    client = login(hr)
    page = html(client.get(reverse("workforce:gaps")))
    assert "Per kompetensi" in page and "Administrasi Kependudukan" in page
    assert f"?unit={opd.pk}" in page
    drill = html(client.get(reverse("workforce:gaps"), {"unit": opd.pk}))
    assert "Bidang Pelayanan" in drill  # the sub-unit row
    assert "ASN dengan kesenjangan terbesar" in drill and "Ani Lestari" in drill


def test_rotation_page_lists_people_long_in_post(login, hr, reg):
    page = html(login(hr).get(reverse("workforce:rotation_due")))
    assert "Ani Lestari" in page and "Citra Dewi" in page  # since 2015 and 2020
    assert "Budi Santoso" not in page  # since 2024


def test_continuity_page_loads_candidates_with_htmx(login, hr, opd, reg):
    client = login(hr)
    url = reverse("workforce:continuity")
    page = html(client.get(url))
    assert "Kekosongan" in page and 'hx-trigger="load"' in page and "kandidat=1" in page
    fragment = html(client.get(url, {"kandidat": "1"}, **HTMX))
    assert "<html" not in fragment and 'hx-trigger="load"' not in fragment
    assert " / " in fragment  # without candidate / checked
    drill = html(client.get(url, {"unit": opd.pk}))
    assert "Bidang Pelayanan" in drill


def test_recruitment_page_and_export(login, hr, opd, reg):
    client = login(hr)
    page = html(client.get(reverse("workforce:recruitment"), {"unit": opd.pk}))
    assert "Analis Keuangan" in page  # formasi 3, one holder: a need
    rows = sheet_rows(client.get(reverse("workforce:recruitment_export")))
    header = rows[0]
    assert header[:2] == ("Kode jabatan", "Jabatan")
    assert {r[0] for r in rows[1:]} == {"KABID", "ANALIS", "STAF"}
    analis = next(r for r in rows[1:] if r[0] == "ANALIS")
    first_need = next(i for i, h in enumerate(header) if str(h).startswith("Kebutuhan"))
    assert analis[header.index("Formasi")] == 3 and analis[first_need] == 2


# -------------------------------------------------------------------- API


def test_api_list_filters_and_pages_by_keyset(login, hr, reg):
    client = login(hr)
    body = client.get("/api/v1/asn", {"golongan": "IV/a"}).json()
    assert [i["full_name"] for i in body["items"]] == ["Ani Lestari"]
    ani = body["items"][0]
    assert ani["unit_name"] == "Bidang Pelayanan" and ani["retirement_date"] == "2026-10-01"
    first = client.get("/api/v1/asn", {"limit": 2}).json()
    assert [i["full_name"] for i in first["items"]] == ["Ani Lestari", "Budi Santoso"]
    second = client.get("/api/v1/asn", {"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [i["full_name"] for i in second["items"]] == ["Citra Dewi"]
    assert second["next_cursor"] is None
    bad = client.get("/api/v1/asn", {"cursor": "xx"})
    assert bad.status_code == 422 and bad.json()["code"] == "validation_error"


def test_api_detail_has_history_and_gaps(login, hr, reg):
    body = login(hr).get(f"/api/v1/asn/{reg['ani'].pk}").json()
    assert body["nip"] == reg["ani"].nip and body["golongan"] == "IV/a"
    assert [r["golongan"] for r in body["ranks"]] == ["IV/a", "III/d"]
    assert body["assignments"][0]["sk_number"] == f"821/{reg['ani'].pk}/20150101"
    assert body["assignments"][0]["unit_name"] == "Bidang Pelayanan"
    gaps = {
        g["competency"]: (g["required"], g["current"], g["gap"]) for g in body["competency_gaps"]
    }
    assert gaps == {"Administrasi Kependudukan": (3, 2, 1), "Kerja Sama": (3, None, 3)}


def test_api_reports(login, hr, opd, reg):
    client = login(hr)
    body = client.get("/api/v1/competency-gaps", {"unit_id": opd.pk}).json()
    assert body["unit_id"] == opd.pk
    assert body["total"]["pairs"] == 3 and body["total"]["total_gap"] == 4
    assert [u["name"] for u in body["units"]] == ["Bidang Pelayanan"]
    body = client.get("/api/v1/continuity", {"internal_candidates": True}).json()
    by_name = {u["unit_name"]: u for u in body["units"]}
    assert by_name["Badan Keuangan Daerah"]["holders"] == 1
    assert by_name[opd.name]["vacancies"] == 2 and by_name[opd.name]["checked"] is not None
    needs = client.get("/api/v1/recruitment-needs", {"limit": 2}).json()
    assert len(needs["items"]) == 2 and needs["next_cursor"]
    analis = next(n for n in needs["items"] if n["code"] == "ANALIS")
    assert analis["years"][0]["need"] == 2 and len(analis["years"]) == 5


def test_other_agency_gets_none_of_the_data_from_the_api(login, other_admin, reg):
    client = login(other_admin)
    assert client.get("/api/v1/asn").json()["items"] == []
    assert client.get(f"/api/v1/asn/{reg['ani'].pk}").status_code == 404


def test_the_xlsx_writer_round_trips_through_openpyxl():
    from sigap.workforce.registry import XlsxColumn, write_xlsx

    rows = [
        {"name": "Siti & <Budi>", "n": 3, "x": 1.5, "d": dt.date(2026, 10, 1), "none": None},
        {"name": "Tab\there\x01", "n": 0, "x": -2.0, "d": dt.date(1968, 9, 15), "none": ""},
    ]
    columns = [
        XlsxColumn("Nama", lambda r: r["name"]),
        XlsxColumn("Angka", lambda r: r["n"]),
        XlsxColumn("Pecahan", lambda r: r["x"]),
        XlsxColumn("Tanggal", lambda r: r["d"]),
        XlsxColumn("Kosong", lambda r: r["none"]),
    ]
    out, n = write_xlsx("Data: ASN/2026", columns, rows)
    assert n == 2
    wb = load_workbook(out)
    ws = wb.active
    assert ws.title == "Data  ASN 2026"  # characters Excel forbids in sheet names replaced
    assert ws.freeze_panes == "A2"
    assert ws["A1"].value == "Nama" and ws["A1"].font.b
    assert ws["A2"].value == "Siti & <Budi>"
    assert ws["A3"].value == "Tab\there"  # the control character dropped, the tab kept
    assert (ws["B2"].value, ws["C2"].value, ws["C3"].value) == (3, 1.5, -2)
    assert ws["D2"].value == dt.datetime(2026, 10, 1) and ws["D2"].number_format == r"dd\-mm\-yyyy"
    assert ws["D3"].value == dt.datetime(1968, 9, 15)
    assert ws["E2"].value is None and ws.max_row == 3


def test_list_shows_the_total_and_goes_back_a_page(login, hr, reg, monkeypatch):
    """Issue 8, item 15: the ASN list showed neither how many matched nor a way back."""
    from sigap.workforce.registry import finder

    monkeypatch.setattr(finder.Search.page, "__kwdefaults__", {"cursor": None, "size": 1})
    client = login(hr)
    first = html(client.get(LIST))
    assert "ASN cocok dengan saringan" in first and "Halaman sebelumnya" not in first
    next_url = re.search(r'href="(\?[^"]*cursor=[^"]*)" [^>]*rel="next"', first).group(1)
    second = html(client.get(LIST + next_url.replace("&amp;", "&")))
    prev_url = re.search(r'href="(\?[^"]*)" [^>]*rel="prev"', second).group(1)
    back = html(client.get(LIST + prev_url.replace("&amp;", "&")))
    names = lambda page: re.findall(r'href="/kerja/asn/\d+/">([^<]+)<', page)  # noqa: E731
    assert names(back) == names(first) and names(second) != names(first)


def _row(page: str, employee: Any) -> str:
    match = re.search(rf'<tr data-employee="{employee.pk}">.*?</tr>', page, re.S)
    assert match, f"no row for {employee}"
    return match.group(0)


def test_rows_escape_names_and_mark_status_rotation_and_retirement(login, hr, agency, reg):
    # The rows are joined in Python (registry/rows.py): every value escaped, each badge
    # where the template put it.
    hostile = hire(agency, "Eka <b>Tebal</b> & Co", dt.date(1991, 2, 3))
    client = login(hr)
    page = html(client.get(LIST, {"status": "all"}))
    row = _row(page, hostile)
    assert "Eka &lt;b&gt;Tebal&lt;/b&gt; &amp; Co" in row and "<b>" not in row
    assert f'href="{reverse("workforce:asn_profile", args=[hostile.pk])}"' in row
    assert row.count("<td>—</td>") == 4  # no golongan, position, unit or post date yet
    dedi = _row(page, reg["dedi"])
    assert '<span class="badge text-bg-secondary">Pensiun</span>' in dedi
    ani = _row(page, reg["ani"])
    assert '<span class="badge text-bg-warning">rotasi</span>' in ani  # in post since 2015
    assert "01-10-2026" in ani and "text-bg-info" in ani  # retires within 12 months
    assert "badge" not in _row(page, reg["budi"])
    empty = html(client.get(LIST, {"golongan": "IV/e"}))
    assert '<tr><td colspan="7">Tidak ada ASN yang cocok dengan saringan ini.</td></tr>' in empty
