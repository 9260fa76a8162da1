from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from sigap.identifiers.fields import NIKField, NIPField
from sigap.identifiers.forms import NIKFormField, NIPFormField
from sigap.identifiers.schemas import NIK, NIP

VALID_NIK = "1571015705900002"
VALID_NIP = "198503152010012001"


class IdentityForm(forms.Form):
    nik = NIKFormField()
    nip = NIPFormField(required=False)


# --- form fields --------------------------------------------------------------------------


def test_the_nik_form_field_strips_spaces_and_accepts_a_valid_nik() -> None:
    form = IdentityForm({"nik": " 1571 0157 0590 0002 ", "nip": "19850315 201001 2 001"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"nik": VALID_NIK, "nip": VALID_NIP}


def test_the_nik_form_field_shows_only_the_precise_indonesian_error() -> None:
    form = IdentityForm({"nik": "15710157059000021"})
    assert not form.is_valid()
    # One message: no generic "at most 16 characters" next to it.
    assert form.errors["nik"] == ["NIK harus 16 digit; yang diisi 17 digit."]
    assert form.errors.as_data()["nik"][0].code == "nik_length"


def test_the_nip_form_field_reports_the_digit_group() -> None:
    form = IdentityForm({"nik": VALID_NIK, "nip": "198503152010013001"})
    assert not form.is_valid()
    assert form.errors["nip"] == [
        "Digit 15 NIP (jenis kelamin) bernilai 3: harus 1 (laki-laki) atau 2 (perempuan)."
    ]


def test_an_empty_optional_nip_is_accepted_and_an_empty_nik_is_required() -> None:
    form = IdentityForm({"nik": "  ", "nip": ""})
    assert not form.is_valid()
    assert list(form.errors) == ["nik"]
    assert form.errors.as_data()["nik"][0].code == "required"


def test_the_form_widget_invites_a_numeric_keyboard_and_allows_spaced_input() -> None:
    html = str(IdentityForm()["nik"])
    assert 'inputmode="numeric"' in html and 'autocomplete="off"' in html
    assert "maxlength" not in html


def test_form_field_defaults_can_be_overridden() -> None:
    field = NIKFormField(label="NIK pemohon", help_text="Lihat KTP-el.")
    assert field.label == "NIK pemohon" and field.help_text == "Lihat KTP-el."
    assert NIKFormField().help_text.startswith("16 digit")


# --- model fields -------------------------------------------------------------------------


def test_the_model_field_validates_with_the_nik_rules_only() -> None:
    field = NIKField()
    with pytest.raises(ValidationError) as caught:
        field.run_validators("15710157059000021")
    assert caught.value.messages == ["NIK harus 16 digit; yang diisi 17 digit."]


def test_the_model_field_uses_the_identifier_form_field() -> None:
    assert isinstance(NIKField().formfield(), NIKFormField)
    assert isinstance(NIPField().formfield(), NIPFormField)
    assert NIKField(help_text="Bantuan").formfield().help_text == "Bantuan"


def test_deconstruct_omits_defaults_but_keeps_a_changed_length() -> None:
    assert NIKField(unique=True).deconstruct()[3] == {"unique": True}
    assert NIPField().deconstruct()[3] == {}
    assert NIKField(max_length=20).deconstruct()[3] == {"max_length": 20}


def test_extra_validators_are_added_to_the_identifier_rules_not_instead_of_them() -> None:
    def no_test_province(value: str) -> None:
        if value.startswith("15"):
            raise ValidationError("bukan untuk uji", code="test")

    field = NIKField(validators=[no_test_province])
    with pytest.raises(ValidationError) as caught:
        field.run_validators("9971015705900002")
    assert caught.value.error_list[0].code == "nik_province"


# --- pydantic / django-ninja types --------------------------------------------------------


class Applicant(BaseModel):
    nik: NIK
    nip: NIP | None = None


def test_the_schema_type_accepts_and_normalises_a_valid_nik_and_nip() -> None:
    data = Applicant(nik="1571 0157 0590 0002", nip="19850315 201001 2 001")
    assert data.nik == VALID_NIK and data.nip == VALID_NIP


def test_the_schema_type_gives_the_same_indonesian_message_and_code() -> None:
    with pytest.raises(PydanticValidationError) as caught:
        Applicant(nik="9971015705900002", nip="198503152010012000")
    errors = {e["loc"][0]: e for e in caught.value.errors()}
    assert errors["nik"]["type"] == "nik_province"
    assert errors["nik"]["msg"] == (
        "Digit 1–2 NIK (kode provinsi) bernilai 99, bukan kode provinsi Kemendagri."
    )
    assert errors["nip"]["type"] == "nip_sequence"
    assert errors["nip"]["msg"].startswith("Digit 16–18 NIP (nomor urut)")


def test_the_schema_type_rejects_non_strings_with_pydantics_own_type_error() -> None:
    with pytest.raises(PydanticValidationError) as caught:
        Applicant(nik=1571015705900002)  # type: ignore[arg-type]
    assert caught.value.errors()[0]["type"] == "string_type"


def test_the_schema_type_documents_itself_in_openapi() -> None:
    schema = Applicant.model_json_schema()["properties"]["nik"]
    assert schema["type"] == "string" and "16 digit" in schema["description"]
