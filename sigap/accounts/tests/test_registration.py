from __future__ import annotations

import json

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from sigap.accounts.models import CitizenProfile, User

# A woman born 17 May 1990 in Kota Jambi (15.71): day 17 + 40 = 57.
VALID_NIK = "1571015705900002"


def _form(**overrides) -> dict:
    data = {
        "full_name": "Dewi Lestari",
        "nik": VALID_NIK,
        "birth_date": "1990-05-17",
        "email": "dewi@example.id",
        "phone": "",
        "password1": "sangat-rahasia-2026",
        "password2": "sangat-rahasia-2026",
        "accepted_privacy_notice": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_citizen_registers_and_is_logged_in(client):
    response = client.post(reverse("accounts:register"), _form())
    assert response.status_code == 302 and response["Location"] == reverse("accounts:my_data")
    user = User.objects.get(email="dewi@example.id")
    assert user.is_citizen and user.citizen_profile.nik == VALID_NIK
    assert user.citizen_profile.consent_given_at is not None
    page = client.get(reverse("accounts:my_data")).content.decode()
    assert "1571************" in page and VALID_NIK not in page


@pytest.mark.django_db
def test_registration_without_privacy_consent_creates_nothing(client):
    response = client.post(reverse("accounts:register"), _form(accepted_privacy_notice=""))
    assert response.status_code == 200
    assert "menyetujui pemberitahuan privasi" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_bad_nik_is_explained_in_indonesian_next_to_the_field(client):
    response = client.post(reverse("accounts:register"), _form(nik="15710157059000AB"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_nik_error"' in body and 'aria-invalid="true"' in body
    assert not User.objects.exists()


@pytest.mark.django_db
def test_registration_needs_email_or_phone(client):
    response = client.post(reverse("accounts:register"), _form(email="", phone=""))
    assert "Isi email atau nomor HP" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_nik_registers_only_once_without_confirming_it(client, citizen, mailoutbox):
    response = client.post(reverse("accounts:register"), _form(nik=citizen.citizen_profile.nik))
    body = response.content.decode()
    assert "NIK ini sudah terdaftar" not in body
    assert "Pendaftaran tidak dapat diselesaikan dengan data ini" in body
    assert reverse("accounts:recover") in body  # the promised "pulihkan akun" link
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_citizen_logs_in_with_phone_in_any_format(client):
    client.post(reverse("accounts:register"), _form(email="", phone="0812-3456-7890"))
    client.post(reverse("accounts:logout"))
    response = client.post(
        reverse("accounts:login"),
        {"username": "+62 812 3456 7890", "password": "sangat-rahasia-2026"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:my_data")


def test_download_contains_everything_held_and_is_logged(login, citizen):
    response = login(citizen).post(reverse("accounts:download_my_data"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["profile"]["nik"] == citizen.citizen_profile.nik
    assert data["account"]["email"] == "warga@example.id"
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == 1


def test_citizen_corrects_their_data_and_the_change_is_audited(login, citizen):
    client = login(citizen)
    response = client.post(
        reverse("accounts:my_data"),
        {
            "full_name": "Siti Rahma",
            "email": "siti@example.id",
            "phone": "",
            "birth_date": "1990-05-17",
            "address": "Jl. Gatot Subroto 5",
        },
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert (
        citizen.full_name == "Siti Rahma"
        and citizen.citizen_profile.address == "Jl. Gatot Subroto 5"
    )
    entry = LogEntry.objects.get_for_object(citizen).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes_dict["full_name"] == ["Siti Rahmawati", "Siti Rahma"]
    assert entry.actor == citizen and entry.additional_data["channel"] == "page"


def test_withdrawing_consent_deactivates_the_account(login, citizen):
    client = login(citizen)
    client.post(reverse("accounts:withdraw_consent"), {"confirm": "yes"})
    citizen.refresh_from_db()
    assert not citizen.is_active
    assert CitizenProfile.objects.get(user=citizen).consent_withdrawn_at is not None
    assert client.get(reverse("accounts:my_data")).status_code == 302


def test_nik_is_masked_in_the_audit_trail(citizen):
    entry = LogEntry.objects.get_for_object(citizen.citizen_profile).get()
    assert citizen.citizen_profile.nik not in json.dumps(entry.changes)


def test_correction_form_keeps_the_stored_birth_date(login, citizen):
    body = login(citizen).get(reverse("accounts:my_data")).content.decode()
    assert (
        'value="1990-05-17"' in body
    )  # an <input type=date> needs ISO, or the date is lost on save
