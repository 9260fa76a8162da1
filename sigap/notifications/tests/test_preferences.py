"""Channel preferences: defaults, the user's choice, and notify() respecting it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polib
import pytest
from django.core.exceptions import ValidationError

from sigap.notifications import notify
from sigap.notifications.models import Channel, ChannelPreference
from sigap.notifications.preferences import channel_states, enabled_channels, set_channels

JOINED = {"joined_on": dt.date(2026, 8, 17)}
PAGE = "/akun/notifikasi/saluran/"
APP = Path(__file__).resolve().parents[1]


def _states(user) -> dict[str, tuple[bool, bool]]:
    return {s.channel: (s.available, s.enabled) for s in channel_states(user)}


def test_defaults_email_on_sms_and_whatsapp_off(phone_citizen):
    assert _states(phone_citizen) == {
        "email": (True, True),
        "sms": (True, False),
        "whatsapp": (True, False),
    }


def test_phone_channels_are_unavailable_without_a_phone(citizen):
    assert _states(citizen)["sms"] == (False, False)
    with pytest.raises(ValidationError) as refused:
        set_channels(citizen, {Channel.SMS: True})
    assert "nomor HP" in refused.value.message_dict["sms"][0]
    assert not ChannelPreference.objects.exists()


def test_preferences_are_respected_by_notify(phone_citizen, queued):
    set_channels(phone_citizen, {Channel.EMAIL: False, Channel.WHATSAPP: True})
    assert enabled_channels(phone_citizen) == ["whatsapp"]
    n = notify(phone_citizen, "welcome", JOINED)
    assert list(n.deliveries.values_list("channel", flat=True)) == ["whatsapp"]


def test_only_departures_from_the_default_are_stored(phone_citizen):
    set_channels(phone_citizen, {Channel.EMAIL: True, Channel.SMS: False, Channel.WHATSAPP: True})
    assert list(ChannelPreference.objects.values_list("channel", "enabled")) == [("whatsapp", True)]
    set_channels(phone_citizen, {Channel.WHATSAPP: False})
    assert _states(phone_citizen)["whatsapp"] == (True, False)


def test_the_channels_page_saves_the_choice(phone_citizen, login):
    client = login(phone_citizen)
    page = client.get(PAGE).content.decode()
    assert 'name="email"' in page and "checked" in page
    response = client.post(PAGE, {"sms": "on"})
    assert response.status_code == 302
    assert enabled_channels(phone_citizen) == ["sms"]


def test_the_channels_page_ignores_a_channel_the_account_cannot_use(citizen, login):
    client = login(citizen)
    page = client.get(PAGE).content.decode()
    assert "belum memiliki nomor HP" in page
    client.post(PAGE, {"email": "on", "sms": "on", "whatsapp": "on"})
    assert enabled_channels(citizen) == ["email"]


def test_every_page_string_has_an_english_translation():
    """The pages are Indonesian with English via gettext: every string the app's pages
    and Python code mark for translation is in its catalogue."""
    catalogue = {e.msgid for e in polib.pofile(str(APP / "locale/en/LC_MESSAGES/django.po"))}
    marked: set[str] = set()
    for template in (APP / "templates/notifications").glob("*.html"):
        marked |= set(re.findall(r'{% translate "([^"]+)"', template.read_text()))
        marked |= set(re.findall(r"{% translate '([^']+)'", template.read_text()))
    for module in APP.glob("*.py"):
        marked |= set(re.findall(r'\b_\(\s*"([^"]+)"', module.read_text()))
    missing = sorted(
        m for m in marked if m not in catalogue and m not in {"Email", "SMS", "WhatsApp"}
    )
    assert missing == []
