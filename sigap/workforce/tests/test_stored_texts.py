"""Texts stored by code are written in the reader's language when shown (issue 8, item
11): every roster problem code and every placement explanation code reads in English on
an English page and API call and in Indonesian on an Indonesian one; a sentence stored
before codes still shows as it is; the data migration turns the sentences it recognises
into codes."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from sigap.platform.stored_text import number, render, text
from sigap.platform.tests.english import in_english
from sigap.workforce.legacy_texts import convert_problem, convert_terms
from sigap.workforce.models import PlacementRecommendation, RosterImport
from sigap.workforce.placement import engine as placement
from sigap.workforce.placement.explanations import EXPLANATIONS, FIELD_VERDICTS
from sigap.workforce.roster.messages import PASS_THROUGH, PROBLEMS
from sigap.workforce.roster.rules import render_problem
from sigap.workforce.tests.test_placement import World
from sigap.workforce.tests.test_roster import csv_file, person, units  # noqa: F401

_PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")


def sample(template: object) -> dict:
    """Parameters for a template: each kind a reader's language changes, plus data."""
    with translation.override(None):
        source = str(template)
    params: dict[str, object] = {}
    for name, kind in _PLACEHOLDER.findall(source):
        if kind == "d":
            params[name] = 7
        elif name in ("date", "since", "adult", "service_start"):
            params[name] = {"date": "2020-03-15"}
        elif name in ("limit", "size", "years"):
            params[name] = number(1234.5, 1)
        elif name == "column":
            params[name] = {"msgid": "NIP"}
        elif name == "month":
            params[name] = {"msgid": "February"}  # Django's month name
        elif name == "reason":
            params[name] = {"msgid": "Isi berkas .xlsx tidak dapat dibaca."}
        elif name == "verdict":
            params[name] = {"msgid": "bidang studi berkaitan"}
        else:
            params[name] = f"X{name}"
    return params


def both(entry: dict, catalogue: dict) -> tuple[str, str]:
    with translation.override("id"):
        indonesian = render(entry, catalogue)
    with translation.override("en"):
        english = render(entry, catalogue)
    return indonesian, english


ROSTER_CODES = sorted(PROBLEMS)
TERM_CODES = sorted(EXPLANATIONS)


def test_every_code_has_an_english_text_that_differs():
    for catalogue in (PROBLEMS, EXPLANATIONS):
        for code, template in catalogue.items():
            indonesian, english = both(text(code, **sample(template)), catalogue)
            assert indonesian != english, code
            if template != PASS_THROUGH:
                assert "%(" not in english and "%(" not in indonesian, code


# -- roster problems -----------------------------------------------------------------------


@pytest.fixture
def report(agency, units, hr):  # noqa: F811 - the roster tests' fixture
    """An import whose stored report holds every problem code once, and one sentence
    stored before codes."""
    from sigap.workforce.roster.importer import upload_roster

    ri, _ = upload_roster(agency, file_name="asn.csv", content=csv_file([person(1)]), by=hr)
    problems = [
        {"row": i + 2, "column": "Tanggal Lahir", **text(code, **sample(PROBLEMS[code]))}
        for i, code in enumerate(ROSTER_CODES)
    ]
    problems.append({"row": 99, "column": "NIP", "message": "Kalimat lama, disimpan apa adanya."})
    RosterImport.all_objects.filter(pk=ri.pk).update(problems=problems, status="invalid")
    return ri, problems


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_import_page_shows_every_problem_in_the_readers_language(report, hr, login, language):
    ri, problems = report
    client = login(hr)
    if language == "en":
        in_english(client)
    page = client.get(reverse("workforce:roster_import_detail", args=[ri.pk])).content.decode()
    for entry in problems[:-1]:
        indonesian, english = both(entry, PROBLEMS)
        shown, other = (english, indonesian) if language == "en" else (indonesian, english)
        assert escape(shown) in page, entry["code"]
        assert escape(other) not in page, entry["code"]
    assert ("Birth date" if language == "en" else "Tanggal Lahir") in page
    assert "Kalimat lama, disimpan apa adanya." in page  # a legacy sentence, as it is
    assert ("Has problems" if language == "en" else "Ada kesalahan") in page  # the status


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_api_gives_code_params_and_the_message_in_the_requests_language(
    report, hr, login, language
):
    ri, problems = report
    client = login(hr)
    if language == "en":
        in_english(client)
    body = client.get(f"/api/v1/roster-imports/{ri.pk}/problems", {"limit": 200}).json()
    assert len(body["items"]) == len(problems)
    for entry, item in zip(problems[:-1], body["items"], strict=False):
        indonesian, english = both(entry, PROBLEMS)
        assert item["code"] == entry["code"] and item["params"] == entry["params"]
        assert item["message"] == (english if language == "en" else indonesian)
        assert item["column"] == ("Birth date" if language == "en" else "Tanggal Lahir")
    legacy = body["items"][-1]
    assert legacy["message"] == "Kalimat lama, disimpan apa adanya." and legacy["code"] == ""
    preview = client.get(f"/api/v1/roster-imports/{ri.pk}").json()["problems"]
    assert preview == body["items"]


def test_a_real_dry_run_reads_in_english(agency, units, hr, login):  # noqa: F811
    rows = [person(1, golongan="V/z", tanggal_lahir="31-02-1992"), person(2, kode_unit="NOPE")]
    client = in_english(login(hr))
    response = client.post(
        "/api/v1/roster-imports", {"file": SimpleUploadedFile("asn.csv", csv_file(rows))}
    )
    messages = {(p["row"], p["column"]): p["message"] for p in response.json()["problems"]}
    assert messages[(2, "Golongan")] == (
        "Golongan 'V/z' is unknown; use I/a to IV/e (Codes sheet)."
    )
    assert "does not exist" in messages[(2, "Birth date")]
    assert messages[(3, "Unit code")] == "There is no unit with code 'NOPE' in Sigap."


def test_a_nip_rule_message_is_stored_as_its_msgid_and_read_in_english(agency, units, hr):  # noqa: F811
    from sigap.workforce.roster.importer import upload_roster

    rows = [person(1, nip="1985031520100110O1"), person(2, tanggal_lahir="16-03-1985")]
    ri, _ = upload_roster(agency, file_name="asn.csv", content=csv_file(rows), by=hr)
    stored = {p["row"]: p for p in ri.problems}
    assert stored[2]["code"] == "nip_invalid" and "msgid" in stored[2]["params"]["reason"]
    assert stored[3]["code"] == "nip_mismatch"
    with translation.override("en"):
        english = {p["row"]: p["message"] for p in map(render_problem, ri.problems)}
    with translation.override("id"):
        indonesian = {p["row"]: p["message"] for p in map(render_problem, ri.problems)}
    assert "karakter ke-17 bukan angka" in indonesian[2]
    assert english[2] != indonesian[2] and "bukan" not in english[2]
    assert "15 Maret 1985" in indonesian[3] and "15 March 1985" in english[3]


# -- placement explanations ----------------------------------------------------------------


@pytest.fixture
def recommendation(agency, opd):
    world = World(agency, opd)
    finance = world.position("KEU", "Analis Keuangan")
    world.asn("Budi")
    run = placement.run_placement(agency, positions=[finance], by=None)
    rec = PlacementRecommendation.all_objects.get(run=run)
    terms = [
        {
            "term": placement.TERMS[i % len(placement.TERMS)],
            "value": 0.5,
            "weight": 0.2,
            "contribution": 0.1,
            "detail": text(code, **sample(EXPLANATIONS[code])),
        }
        for i, code in enumerate(TERM_CODES)
    ]
    terms.append(
        {
            "term": "rotation",
            "label": "Jatuh tempo rotasi",
            "value": 0.5,
            "weight": 0.2,
            "contribution": 0.1,
            "detail": "Keterangan lama, disimpan apa adanya.",
        }
    )
    PlacementRecommendation.all_objects.filter(pk=rec.pk).update(terms=terms)
    return rec, terms


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_run_page_and_api_explain_in_the_readers_language(recommendation, hr, login, language):
    rec, terms = recommendation
    client = login(hr)
    if language == "en":
        in_english(client)
    page = client.get(reverse("workforce:placement_run", args=[rec.run_id])).content.decode()
    body = client.get(f"/api/v1/placement-runs/{rec.run_id}").json()
    (shown_rec,) = body["recommendations"]
    for term, item in zip(terms[:-1], shown_rec["terms"], strict=False):
        indonesian, english = both(term["detail"], EXPLANATIONS)
        shown, other = (english, indonesian) if language == "en" else (indonesian, english)
        assert escape(shown) in page and escape(other) not in page, term["detail"]["code"]
        assert item["detail"] == shown and item["code"] == term["detail"]["code"]
    labels = {t["label"] for t in shown_rec["terms"]}
    assert ("Rotation due" if language == "en" else "Jatuh tempo rotasi") in labels
    assert shown_rec["terms"][-1]["detail"] == "Keterangan lama, disimpan apa adanya."
    assert "Keterangan lama, disimpan apa adanya." in page
    assert ("Awaiting decision" if language == "en" else "Menunggu keputusan") in page


# -- the data migration ---------------------------------------------------------------------


OLD_PROBLEMS = [
    # As the roster check wrote them before codes (f-strings with repr and format_date_id).
    ("Nama wajib diisi.", "required", {"column": {"msgid": "Nama"}}),
    (
        "Golongan 'V/Z' tidak dikenal; gunakan I/a sampai IV/e (lembar Kode).",
        "golongan_unknown",
        {"value": "V/Z"},
    ),
    ("Tanggal 15 Maret 2030 belum terjadi.", "date_future", {"date": {"date": "2030-03-15"}}),
    (
        "Nomor PPPK 123 sudah ada di baris 4.",
        "identifier_repeated",
        {"column": {"msgid": "Nomor PPPK"}, "value": "123", "first": "4"},
    ),
    ("Nomor 123 sudah ada di baris 4.", "number_repeated", {"value": "123", "first": "4"}),
    (
        "TMT Jabatan 2 Januari 2020 harus setelah jabatan saat ini (jabatan lain) dimulai pada 1 Februari 2021.",
        "tmt_jabatan_not_after_current",
        {
            "date": {"date": "2020-01-02"},
            "position": {"msgid": "jabatan lain"},
            "since": {"date": "2021-02-01"},
        },
    ),
    (
        "Isi berkas .xlsx tidak dapat dibaca.",
        "workbook",
        {"reason": {"msgid": "Isi berkas .xlsx tidak dapat dibaca."}},
    ),
]


@pytest.mark.parametrize(("sentence", "code", "params"), OLD_PROBLEMS)
def test_the_migration_recognises_old_problem_sentences(sentence, code, params):
    converted = convert_problem({"row": 3, "column": "X", "message": sentence})
    assert converted == {"row": 3, "column": "X", "code": code, "params": params}
    with translation.override("id"):
        assert render_problem(converted)["message"] == sentence
    with translation.override("en"):
        assert render_problem(converted)["message"] != sentence


def test_the_migration_keeps_what_it_does_not_recognise_and_numbers_unnamed_columns():
    old = {"row": 1, "column": "kolom ke-4", "message": "Sesuatu yang tidak dikenal."}
    converted = convert_problem(old)
    assert converted == {"row": 1, "column": "", "column_number": 4, "message": old["message"]}
    with translation.override("en"):
        assert render_problem(converted) | {"params": {}} == {
            "row": 1,
            "column": "column 4",
            "message": old["message"],
            "code": "",
            "params": {},
            "info": False,
        }


def test_every_problem_code_rendered_in_indonesian_is_recognised_again():
    for code in ROSTER_CODES:
        if PROBLEMS[code] == PASS_THROUGH:
            continue
        entry = text(code, **sample(PROBLEMS[code]))
        with translation.override("id"):
            sentence = render(entry, PROBLEMS)
            again = convert_problem({"row": 1, "column": "", "message": sentence})
            assert render(again, PROBLEMS) == sentence
        assert again.get("code") == code, sentence


def test_the_migration_recognises_old_explanations():
    old = [
        {
            "term": "pangkat",
            "label": "Kelayakan pangkat",
            "detail": "III/b; minimal III/c: satu tingkat di bawah.",
        },
        {
            "term": "rotation",
            "label": "Jatuh tempo rotasi",
            "detail": "2,5 tahun di jabatan sekarang; rotasi jatuh tempo setelah 5 tahun.",
        },
        {
            "term": "education",
            "label": "Relevansi pendidikan",
            "detail": "S-1 Akuntansi (Ekonomi dan Akuntansi): bidang studi relevan; jenjang memenuhi harapan S-1.",
        },
        {"term": "retirement", "label": "Jarak ke pensiun", "detail": "Sesuatu yang lain."},
    ]
    converted = convert_terms(old)
    assert [
        t["detail"].get("code") if isinstance(t["detail"], dict) else None for t in converted
    ] == [
        "pangkat_below",
        "rotation",
        "education_level_met",
        None,
    ]
    assert converted[1]["detail"]["params"]["years"] == {"number": 2.5, "decimals": 1}
    with translation.override("en"):
        details = [
            render(t["detail"], EXPLANATIONS) if isinstance(t["detail"], dict) else t["detail"]
            for t in converted
        ]
    assert details[0] == "III/b; minimum III/c: one step below."
    assert details[1] == "2.5 years in the current position; rotation is due after 5 years."
    assert str(FIELD_VERDICTS["relevant"]) in details[2] or "relevant field of study" in details[2]
    assert details[3] == "Sesuatu yang lain."


def test_the_migration_converts_stored_rows_and_goes_back(report, recommendation):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("sigap.workforce.migrations.0007_stored_texts_as_codes")
    ri, _problems = report
    rec, _terms = recommendation
    old_problem = {"row": 5, "column": "Golongan", "message": "Golongan wajib diisi untuk PNS."}
    old_term = {
        "term": "pangkat",
        "label": "Kelayakan pangkat",
        "value": 0.5,
        "weight": 0.2,
        "contribution": 0.1,
        "detail": "III/b; minimal III/c: memenuhi.",
    }
    RosterImport.all_objects.filter(pk=ri.pk).update(problems=[old_problem])
    PlacementRecommendation.all_objects.filter(pk=rec.pk).update(terms=[old_term])

    migration.to_codes(apps, None)
    (problem,) = RosterImport.all_objects.get(pk=ri.pk).problems
    assert problem == {"row": 5, "column": "Golongan", "code": "golongan_required", "params": {}}
    (term,) = PlacementRecommendation.all_objects.get(pk=rec.pk).terms
    assert term["detail"] == {
        "code": "pangkat_met",
        "params": {"current": "III/b", "minimum": "III/c"},
    }

    migration.to_sentences(apps, None)
    assert RosterImport.all_objects.get(pk=ri.pk).problems == [old_problem]
    assert PlacementRecommendation.all_objects.get(pk=rec.pk).terms == [old_term]
