"""The API token page answers bad revoke requests with a 4xx, not a server error
(issue 8, item 5)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sigap.accounts.models import ApiToken
from sigap.accounts.tokens import issue_token


@pytest.mark.parametrize("value", ["abc", "", "1.5", "-1", "٣", "9" * 40, "0"])
def test_a_revoke_value_that_is_not_a_token_id_is_a_400(login, officer, value):
    token, _ = issue_token(officer, "kios")
    response = login(officer).post(reverse("accounts:api_tokens"), {"revoke": value})
    assert response.status_code == 400
    assert "Token yang akan dicabut tidak dikenali." in response.content.decode()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_revoking_someone_elses_token_changes_nothing_and_says_so(login, officer, hr):
    token, _ = issue_token(hr, "milik orang lain")
    response = login(officer).post(
        reverse("accounts:api_tokens"), {"revoke": str(token.pk)}, follow=True
    )
    assert response.status_code == 200
    assert "Token tidak ditemukan atau sudah dicabut." in response.content.decode()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_revoking_ones_own_token(login, officer):
    token, _ = issue_token(officer, "kios")
    response = login(officer).post(
        reverse("accounts:api_tokens"), {"revoke": str(token.pk)}, follow=True
    )
    assert "Token dicabut." in response.content.decode()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_the_token_messages_are_in_the_readers_language(login, officer):
    from sigap.platform.tests.english import in_english

    token, _ = issue_token(officer, "kios")
    client = in_english(login(officer))
    url = reverse("accounts:api_tokens")
    assert (
        "The token to revoke was not recognised."
        in client.post(url, {"revoke": "x"}).content.decode()
    )
    body = client.post(url, {"revoke": str(token.pk)}, follow=True).content.decode()
    assert "Token revoked." in body
    body = client.post(url, {"revoke": str(token.pk)}, follow=True).content.decode()
    assert "Token not found or already revoked." in body
