"""BKPSDM edits how a form converts to JP, through ``jp.set_rule``, and resets it."""

from __future__ import annotations

from decimal import Decimal

from auditlog.models import LogEntry
from django.urls import reverse

from sigap.learning import jp
from sigap.learning.models import JpRule
from sigap.tenancy.context import activate


def test_hr_lists_edits_and_resets_a_rule(agency, hr, login):
    client = login(hr)
    listing = client.get(reverse("learning:jp_rules"))
    body = listing.content.decode()
    assert listing.status_code == 200 and "Seminar" in body and "bawaan" in body
    url = reverse("learning:jp_rule_edit") + "?bentuk=seminar"
    page = client.get(url)
    assert page.status_code == 200 and 'id="jp-default"' in page.content.decode()
    saved = client.post(
        url, {"method": "per_day", "value": "6", "confirmed": "on", "note": "Perkada 12/2026"}
    )
    assert saved.status_code == 302
    rule = jp.rule_for(agency, "seminar")
    assert (rule.value, rule.confirmed, rule.note) == (Decimal("6"), True, "Perkada 12/2026")
    assert "aturan pemda" in client.get(reverse("learning:jp_rules")).content.decode()
    client.post(url, {"action": "reset"})
    assert jp.rule_for(agency, "seminar") == jp.default_rules()["seminar"]
    with activate(agency):
        assert not JpRule.objects.exists()
    events = LogEntry.objects.filter(additional_data__event__startswith="aturan JP")
    assert sorted(e.additional_data["event"] for e in events) == [
        "aturan JP dikembalikan",
        "aturan JP diubah",
    ]


def test_bad_values_are_refused_with_the_reason(agency, hr, login):
    url = reverse("learning:jp_rule_edit") + "?bentuk=seminar"
    response = login(hr).post(url, {"method": "per_day", "value": "5", "monthly_cap": "2"})
    assert response.status_code == 422
    assert "Batas sesi per bulan hanya untuk hitungan per sesi." in response.content.decode()
    response = login(hr).post(url, {"method": "per_day", "value": "0"})
    assert response.status_code == 422


def test_only_bkpsdm_edits_rules_and_an_unknown_form_is_not_found(
    agency, hr, officer, unit_head, login
):
    for user in (officer, unit_head):
        assert login(user).get(reverse("learning:jp_rules")).status_code == 403
    assert login(hr).get(reverse("learning:jp_rule_edit") + "?bentuk=gossip").status_code == 404
