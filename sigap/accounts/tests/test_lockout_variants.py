"""The lock-out counts failures per account, whatever spelling of the login is typed
(issue 8, item 1): case, spacing, email, and the phone in any of its spellings."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from sigap.accounts.login_identity import canonical_login
from sigap.accounts.models import User

PHONE = "6281234567890"


@pytest.fixture
def phone_citizen(db) -> User:
    return User.objects.create_user(
        "warga.hp",
        PASSWORD,
        full_name="Warga Ber-HP",
        email="Warga.HP@Example.id",
        phone=PHONE,
        kind=User.Kind.CITIZEN,
    )


def attempt(client: Client, login: str, password: str, address: str = "10.0.0.1") -> int:
    response = client.post(
        reverse("accounts:login"), {"username": login, "password": password}, REMOTE_ADDR=address
    )
    return response.status_code


def fail_with(client: Client, spellings: list[str], times: int) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    for i in range(times):
        # The attempt that reaches the limit is itself answered with the lock-out page.
        expected = 429 if i == limit - 1 else 200
        assert attempt(client, spellings[i % len(spellings)], "salah") == expected


@pytest.mark.parametrize(
    "failing, succeeding",
    [
        (["petugas.jambi"], "PETUGAS.JAMBI"),
        (["PETUGAS.JAMBI"], "petugas.jambi"),
        (["petugas.jambi", "Petugas.Jambi", "  PETUGAS.jambi  "], "petugas.jambi"),
        (["  petugas.jambi\t"], "Petugas.JAMBI"),
    ],
    ids=["lower-then-upper", "upper-then-lower", "mixed-case-and-spaces", "spaces"],
)
def test_case_and_spacing_variants_share_one_counter(client, officer, failing, succeeding):
    fail_with(client, failing, settings.AXES_FAILURE_LIMIT)
    # The right password with another spelling is refused: the account is locked ...
    assert attempt(client, succeeding, PASSWORD) == 429
    # ... and that refused success did not clear the lock for the spelling that failed.
    assert attempt(client, failing[0], PASSWORD) == 429
    assert AccessAttempt.objects.filter(username=officer.username).exists()


@pytest.mark.parametrize(
    "succeeding",
    ["0812-3456-7890", "+62 812 3456 7890", "6281234567890", "WARGA.HP@EXAMPLE.ID", "warga.hp"],
)
def test_phone_email_and_username_spellings_lock_the_same_account(
    client, phone_citizen, succeeding
):
    spellings = ["081234567890", "+6281234567890", "62 812-3456-7890", "warga.hp@example.id"]
    fail_with(client, spellings, settings.AXES_FAILURE_LIMIT)
    assert attempt(client, succeeding, PASSWORD) == 429
    assert attempt(client, "081234567890", PASSWORD) == 429
    # All failures were counted under the one account, not per spelling.
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["warga.hp"]


def test_every_spelling_maps_to_the_accounts_username(phone_citizen):
    for spelling in [
        "0812 3456 7890",
        "+62-812-3456-7890",
        "6281234567890",
        " Warga.Hp@example.ID ",
    ]:
        assert canonical_login(spelling) == "warga.hp"
    # No such account: still one key per login, whatever the case or phone spelling.
    assert canonical_login("Tidak.Ada") == canonical_login("tidak.ada ")
    assert canonical_login("0899-1111-2222") == canonical_login("+62 899 1111 2222")


def test_the_lock_is_per_address_too(client, officer):
    fail_with(client, ["PETUGAS.JAMBI"], settings.AXES_FAILURE_LIMIT)
    assert attempt(client, "petugas.jambi", PASSWORD) == 429
    # The same account from another address is not locked out by someone else's guesses.
    assert attempt(Client(), "petugas.jambi", PASSWORD, address="10.0.0.2") == 302


def test_a_success_before_the_limit_resets_the_accounts_count(client, officer):
    fail_with(client, ["PETUGAS.JAMBI"], settings.AXES_FAILURE_LIMIT - 1)
    assert attempt(Client(), "petugas.jambi", PASSWORD) == 302
    assert not AccessAttempt.objects.exists()
