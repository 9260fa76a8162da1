"""Forms defined in data: the definition is checked when saved, answers when filed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sigap.services.forms_in_data import clean_answers, django_form, validate_definition

BIRTH = [
    {"key": "nama_bayi", "label": "Nama bayi", "type": "text", "max_length": 60},
    {"key": "tanggal_lahir", "label": "Tanggal lahir", "type": "date"},
    {"key": "berat_gram", "label": "Berat lahir (gram)", "type": "number", "required": False},
    {"key": "jenis_kelamin", "label": "Jenis kelamin", "type": "choice", "choices": ["L", "P"]},
    {"key": "nik_ibu", "label": "NIK ibu", "type": "nik"},
    {"key": "surat_lahir", "label": "Surat keterangan lahir", "type": "file"},
]
GOOD = {
    "nama_bayi": " Siti Aminah ",
    "tanggal_lahir": "2026-11-30",
    "jenis_kelamin": "P",
    "nik_ibu": "1571025708900003",
}


def test_a_valid_definition_is_stored_normalised():
    stored = validate_definition(BIRTH)
    assert [f["key"] for f in stored] == [f["key"] for f in BIRTH]
    assert stored[2]["required"] is False and stored[0]["required"] is True


@pytest.mark.parametrize(
    "bad,message",
    [
        ([{"key": "Nama", "label": "Nama"}], "huruf kecil"),
        ([{"key": "a", "label": "A"}, {"key": "a", "label": "B"}], "dua kali"),
        ([{"key": "a", "label": ""}], "tidak berlabel"),
        ([{"key": "a", "label": "A", "type": "colour"}], "tidak dikenal"),
        ([{"key": "a", "label": "A", "type": "choice", "choices": ["x"]}], "minimal dua"),
        ("not a list", "daftar"),
    ],
)
def test_a_bad_definition_is_refused_with_the_reason(bad, message):
    with pytest.raises(ValidationError) as exc:
        validate_definition(bad)
    assert message in " ".join(exc.value.message_dict["form_fields"])


def test_good_answers_are_cleaned():
    cleaned = clean_answers(BIRTH, GOOD, uploaded={"surat_lahir"})
    assert cleaned == {
        "nama_bayi": "Siti Aminah",
        "tanggal_lahir": "2026-11-30",
        "jenis_kelamin": "P",
        "nik_ibu": "1571025708900003",
    }


def test_each_bad_answer_is_reported_on_its_field_in_indonesian():
    answers = {
        **GOOD,
        "nama_bayi": "x" * 61,
        "tanggal_lahir": "2026-02-31",
        "berat_gram": "tiga kilo",
        "jenis_kelamin": "X",
        "nik_ibu": "1234",
    }
    with pytest.raises(ValidationError) as exc:
        clean_answers(BIRTH, answers)
    errors = exc.value.message_dict
    assert set(errors) == {
        "nama_bayi",
        "tanggal_lahir",
        "berat_gram",
        "jenis_kelamin",
        "nik_ibu",
        "surat_lahir",
    }
    assert "60 karakter" in errors["nama_bayi"][0]
    assert "tanggal yang ada" in errors["tanggal_lahir"][0]
    assert errors["surat_lahir"] == ["Unggah dokumen ini."]


def test_a_draft_may_leave_required_fields_empty_but_not_wrong():
    assert clean_answers(BIRTH, {"nama_bayi": "Siti"}, partial=True) == {"nama_bayi": "Siti"}
    with pytest.raises(ValidationError):
        clean_answers(BIRTH, {"tanggal_lahir": "kemarin"}, partial=True)


def test_answers_the_form_does_not_ask_for_are_refused():
    with pytest.raises(ValidationError) as exc:
        clean_answers(BIRTH, {**GOOD, "agama": "x"}, uploaded={"surat_lahir"})
    assert "agama" in exc.value.message_dict["__all__"][0]


def test_the_page_form_has_the_same_fields():
    form = django_form(BIRTH)()
    assert list(form.fields) == [f["key"] for f in BIRTH]
    assert form.fields["surat_lahir"].required is False  # checked by clean_answers
