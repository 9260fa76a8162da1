"""A transition's entry in the audit trail reads in the reader's language (issue 8, item
11): the states are stored as codes and Sigap's own reasons as text codes, both written
in the language of whoever reads the trail, on the page and in the Excel export; an
older entry holding a sentence shows it as it is. A refused move says so in the
reader's language."""

from __future__ import annotations

import datetime as dt
import importlib
import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from sigap.notifications import notify
from sigap.notifications.delivery import send_delivery
from sigap.notifications.models import Channel, Delivery
from sigap.notifications.preferences import set_channels
from sigap.platform.transitions import TransitionRefused, transition
from sigap.trail import display

SKIPPED = "pengiriman notifikasi dilewati"
REASON_ID = "Penerima menonaktifkan saluran ini."
REASON_EN = "The recipient switched this channel off."


@pytest.fixture
def skipped(citizen, agency) -> Delivery:
    """An email switched off between the notification and its sending."""
    set_channels(citizen, {Channel.EMAIL: True})
    delivery = notify(
        citizen, "welcome", {"joined_on": dt.date(2026, 8, 17)}, agency=agency
    ).deliveries.get()
    set_channels(citizen, {Channel.EMAIL: False})
    assert send_delivery(delivery.pk) == Delivery.Status.SKIPPED
    delivery.refresh_from_db()
    return delivery


def _labels(language: str) -> tuple[str, str]:
    with translation.override(language):
        return str(Delivery.Status.PENDING.label), str(Delivery.Status.SKIPPED.label)


def test_the_entry_stores_codes_and_reads_in_either_language(skipped):
    entry = LogEntry.objects.get(additional_data__event=SKIPPED)
    assert entry.changes_dict["status"] == ["pending", "skipped"]
    assert entry.additional_data["details"] == {"reason": "channel_off"}
    assert entry.object_repr == f"Email #{skipped.notification_id}"  # no state label
    assert skipped.last_error == ""
    for language, reason in (("id", REASON_ID), ("en", REASON_EN)):
        pending, skipped_label = _labels(language)
        with translation.override(language):
            shown = {c.label: (c.before, c.after) for c in display.changes(entry)}
            assert skipped.shown_error == reason
        assert (pending, skipped_label) in shown.values()
        assert ("—", reason) in shown.values()
    assert _labels("en") != _labels("id")


@pytest.mark.parametrize(
    ("language", "reason", "other"), [("id", REASON_ID, REASON_EN), ("en", REASON_EN, REASON_ID)]
)
def test_the_trail_page_and_export_read_in_the_readers_language(
    skipped, login, inspector, language, reason, other
):
    client = login(inspector)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("audit:search"), {"event": SKIPPED}).content.decode()
    assert reason in page and other not in page
    _pending, skipped_label = _labels(language)
    assert skipped_label in page
    response = client.get(reverse("audit:export"), {"event": SKIPPED})
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    cells = {v for row in rows[1:] for v in row}
    assert reason in cells and skipped_label in cells and other not in cells


def test_an_older_entry_with_a_sentence_shows_it_as_it_is(skipped):
    entry = LogEntry.objects.get(additional_data__event=SKIPPED)
    entry.changes = {"status": ["pending", "skipped"], "last_error": ["", "Akun tidak aktif."]}
    entry.object_repr = "Email #1 (Dilewati)"
    with translation.override("en"):
        shown = {c.after for c in display.changes(entry)}
        assert "Akun tidak aktif." in shown and _labels("en")[1] in shown
        assert display.object_label(entry) == "Email #1 (Dilewati)"


def test_a_refused_move_says_so_in_the_readers_language(skipped):
    with pytest.raises(TransitionRefused) as refused:
        transition(skipped, Delivery.Status.SENT)
    for language, says in (
        ("id", "Status tidak dapat diubah dari “Dilewati” menjadi “Terkirim”."),
        ("en", "The status cannot be changed from “Skipped” to “Sent”."),
    ):
        with translation.override(language):
            assert refused.value.messages == [says]


def test_the_migration_turns_sigaps_sentences_into_codes_and_back(skipped):
    migration = importlib.import_module(
        "sigap.notifications.migrations.0005_delivery_notes_as_codes"
    )
    other = Delivery.objects.create(notification=skipped.notification, channel=Channel.SMS)
    Delivery.objects.filter(pk=skipped.pk).update(
        last_error="Pengiriman terputus; diulang.", last_error_text=None
    )
    Delivery.objects.filter(pk=other.pk).update(last_error="SMTPError: 550 ditolak")
    migration.to_codes(apps, None)
    skipped.refresh_from_db()
    other.refresh_from_db()
    assert skipped.last_error == "" and skipped.last_error_text == {
        "code": "interrupted_retried",
        "params": {},
    }
    assert other.last_error == "SMTPError: 550 ditolak" and other.last_error_text is None
    with translation.override("en"):
        assert skipped.shown_error == "Sending was interrupted; it will be retried."
    migration.to_sentences(apps, None)
    skipped.refresh_from_db()
    assert skipped.last_error == "Pengiriman terputus; diulang."
    assert skipped.last_error_text is None


def test_a_channel_choice_is_named_without_its_state(citizen):
    set_channels(citizen, {Channel.EMAIL: False})  # a departure from the default: stored
    entry = LogEntry.objects.filter(content_type__model="channelpreference").latest("pk")
    assert entry.object_repr == f"{citizen} — Email"  # "nonaktif" was Indonesian in any language
    with translation.override("en"):
        assert ("—", "no") in {(c.before, c.after) for c in display.changes(entry)}
