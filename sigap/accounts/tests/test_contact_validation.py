"""Phone numbers validated and normalised with phonenumbers; a birth date in the future
is refused (issue 8, item 10, accounts parts)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from sigap.accounts.models import User
from sigap.accounts.normalize import normalize_login, normalize_phone, parse_phone
from sigap.accounts.registration import latest_plausible_today


@pytest.mark.parametrize(
    "typed", ["0812-3456-7890", "+62 812 3456 7890", "62 812 3456 7890", "(0812) 3456 7890"]
)
def test_spellings_of_one_number_become_one(typed):
    assert normalize_phone(typed) == "6281234567890"


@pytest.mark.parametrize("typed", ["12ab", "12", "0812", "abc", "0812-3456-7890x", "+999 123"])
def test_what_is_not_a_phone_number_is_refused(typed):
    with pytest.raises(ValidationError) as exc:
        normalize_phone(typed)
    assert "phone" in exc.value.message_dict


@given(st.text(max_size=20))
def test_parsing_never_raises_and_answers_digits(text):
    phone = parse_phone(text)
    assert phone is None or phone.isdigit()
    normalize_login(text)  # a typed login never raises


@pytest.mark.django_db
def test_registration_refuses_12ab_as_a_phone(client):
    response = client.post(
        reverse("accounts:register"),
        {
            "full_name": "Dewi",
            "nik": "1571015705900002",
            "phone": "12ab",
            "password1": "sangat-rahasia-2026",
            "password2": "sangat-rahasia-2026",
            "accepted_privacy_notice": "on",
        },
    )
    assert 'id="id_phone_error"' in response.content.decode()
    assert not User.objects.filter(username="12").exists()


@pytest.mark.django_db
def test_a_birth_date_in_the_future_is_refused(client, login, citizen):
    tomorrow = latest_plausible_today() + dt.timedelta(days=1)
    response = client.post(
        reverse("accounts:register"),
        {
            "full_name": "Dewi",
            "nik": "1571015705900002",
            "birth_date": tomorrow.isoformat(),
            "email": "dewi@example.id",
            "password1": "sangat-rahasia-2026",
            "password2": "sangat-rahasia-2026",
            "accepted_privacy_notice": "on",
        },
    )
    assert "Tanggal lahir tidak boleh di masa depan." in response.content.decode()
    assert not User.objects.filter(email="dewi@example.id").exists()
    page = login(citizen).post(
        reverse("accounts:my_data"),
        {"full_name": "Siti", "email": citizen.email, "birth_date": tomorrow.isoformat()},
    )
    assert "Tanggal lahir tidak boleh di masa depan." in page.content.decode()
