"""The inbox in the reader's language (issue 8, item 11): a notification keeps its
template and what the template read, and is written again in whatever language its
reader has chosen since; what email, SMS and WhatsApp carried stays as it was sent."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from collections.abc import Mapping

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from sigap.accounts.models import User
from sigap.consultations.models import Stakeholder, StakeholderGroup
from sigap.notifications import notify
from sigap.notifications.models import Notification
from sigap.notifications.rendering import render_recorded, render_stored

INBOX = "/akun/notifikasi/"
JOINED = {"joined_on": dt.date(2026, 8, 17)}
SUBJECT_ID = "Selamat datang di Sigap, Siti Rahmawati"
SUBJECT_EN = "Welcome to Sigap, Siti Rahmawati"


def _in(language: str, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_a_notification_sent_in_indonesian_reads_in_english_after_a_switch(citizen, login):
    n = notify(citizen, "welcome", JOINED)
    # What went out by email/SMS/WhatsApp is kept as it was sent.
    assert n.language == "id" and n.subject == SUBJECT_ID and "17 Agustus 2026" in n.body
    page = _in("en", login(citizen)).get(INBOX).content.decode()
    assert SUBJECT_EN in page and "active since 17 August 2026" in page
    assert SUBJECT_ID not in page and "Agustus" not in page
    page = _in("id", login(citizen)).get(INBOX).content.decode()
    assert SUBJECT_ID in page and "aktif sejak 17 Agustus 2026" in page


def test_a_notification_sent_in_english_reads_in_indonesian(citizen, login):
    citizen.preferred_language = "en"
    citizen.save(update_fields=["preferred_language"])
    n = notify(citizen, "welcome", JOINED)
    assert n.subject == SUBJECT_EN
    page = _in("id", login(citizen)).get(INBOX).content.decode()
    assert SUBJECT_ID in page and SUBJECT_EN not in page


def test_the_api_reads_in_the_requests_language(citizen, login):
    notify(citizen, "welcome", JOINED)
    rows = _in("en", login(citizen)).get("/api/v1/notifications").json()["items"]
    assert rows[0]["subject"] == SUBJECT_EN and "17 August 2026" in rows[0]["body"]
    rows = _in("id", login(citizen)).get("/api/v1/notifications").json()["items"]
    assert rows[0]["subject"] == SUBJECT_ID


def test_an_older_notification_without_a_context_shows_what_was_sent(citizen):
    n = notify(citizen, "welcome", JOINED)
    Notification.objects.filter(pk=n.pk).update(context=None)  # as stored before
    n = Notification.objects.get(pk=n.pk)
    for language in ("id", "en"):
        with translation.override(language):
            assert n.shown_subject == SUBJECT_ID and "17 Agustus 2026" in n.shown_body


def test_a_removed_template_shows_what_was_sent(citizen):
    n = notify(citizen, "welcome", JOINED)
    Notification.objects.filter(pk=n.pk).update(template="gone")
    n = Notification.objects.get(pk=n.pk)
    with translation.override("en"):
        assert n.shown_subject == SUBJECT_ID


def test_the_stored_context_is_json_with_only_what_the_templates_read(citizen):
    citizen.full_name = "Siti 1571011705900001"  # a NIK where a name should be
    citizen.save(update_fields=["full_name"])
    n = notify(citizen, "welcome", JOINED)
    n.refresh_from_db()
    text = json.dumps(n.context)
    assert "1571011705900001" not in text and "1571************" in text
    assert n.context["recipient"] == {"object": {"full_name": "Siti 1571************"}}
    assert n.context["joined_on"] == {"date": "2026-08-17"}
    assert "email" not in text and "warga@example.id" not in text  # never read: not kept


def test_choice_labels_and_times_are_written_in_the_readers_language():
    # No database: the context's objects are only read.
    claim = Stakeholder(
        group=StakeholderGroup.choices[0][0],
        organisation="Forum Warga",
        status=Stakeholder.Status.VERIFIED,
    )
    context = {"claim": claim, "reason": "", "recipient": User(full_name="Siti"), "agency": None}
    (subject, _body), stored = render_recorded("consultations/stakeholder", context, "id")
    assert subject == "Identitas pemangku kepentingan Anda: Terverifikasi"
    json.dumps(stored)
    with translation.override("en"):
        verified = str(Stakeholder.Status.VERIFIED.label)
    assert verified != "Terverifikasi"
    subject_en, body_en = render_stored("consultations/stakeholder", stored, "en")
    assert subject_en.endswith(f": {verified}") and verified in body_en
    assert render_stored("consultations/stakeholder", stored, "id")[0] == subject

    # A deadline keeps the wall clock it was written with (the pemda's zone), 09:30 WIT.
    due = dt.datetime(2026, 3, 2, 0, 30, tzinfo=dt.UTC)
    context = {"number": "ADU-1", "category": "Jalan", "due_at": due, "agency": None}
    context["recipient"] = User(full_name="Siti")
    with timezone.override(zoneinfo.ZoneInfo("Asia/Jayapura")):
        (_s, body_id), stored = render_recorded("complaints/routed", context, "id")
    assert "2 Maret 2026 09:30" in body_id
    assert "2 March 2026 09:30" in render_stored("complaints/routed", stored, "en")[1]


def test_the_inbox_page_reads_no_more_per_notification(citizen, login):
    client = _in("en", login(citizen))
    notify(citizen, "welcome", JOINED)
    client.get(INBOX)
    with CaptureQueriesContext(connection) as one:
        client.get(INBOX)
    for _ in range(5):
        notify(citizen, "welcome", JOINED)
    with CaptureQueriesContext(connection) as six:
        page = client.get(INBOX).content.decode()
    assert page.count(SUBJECT_EN) >= 6
    assert len(six.captured_queries) == len(one.captured_queries)


class _Person(Mapping):
    """A context value the templates read by key: the recorder cannot stand in for it."""

    def __init__(self, **values: str) -> None:
        self.values = values

    def __getitem__(self, key: str) -> str:
        return self.values[key]

    def __iter__(self):
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)


def test_a_context_that_cannot_be_stored_leaves_the_message_as_sent():
    context = {"recipient": _Person(full_name="Siti"), "agency": None, **JOINED}
    (subject, body), stored = render_recorded("welcome", context, "id")
    assert subject == "Selamat datang di Sigap, Siti" and "17 Agustus 2026" in body
    assert stored is None  # the inbox shows it as sent rather than a different text
