"""notify(): rendering in the recipient's language, one delivery per enabled channel,
and nothing leaving before the caller's transaction commits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.template import TemplateDoesNotExist

from sigap.notifications import notify
from sigap.notifications.models import Channel, Delivery, Notification
from sigap.notifications.preferences import set_channels
from sigap.tenancy.context import activate

JOINED = {"joined_on": dt.date(2026, 8, 17)}


def test_renders_in_indonesian_by_default(citizen, agency):
    n = notify(citizen, "welcome", JOINED, agency=agency)
    assert n.language == "id"
    assert n.subject == "Selamat datang di Sigap, Siti Rahmawati"
    assert "17 Agustus 2026" in n.body
    assert "Pemerintah Provinsi Jambi" in n.body


def test_renders_in_english_when_the_user_chose_it(citizen, agency):
    citizen.preferred_language = "en"
    citizen.save(update_fields=["preferred_language"])
    n = notify(citizen, "welcome", JOINED, agency=agency)
    assert n.language == "en"
    assert n.subject == "Welcome to Sigap, Siti Rahmawati"
    assert "17 August 2026" in n.body


def test_a_language_sigap_does_not_offer_falls_back_to_indonesian(citizen):
    citizen.preferred_language = "fr"
    n = notify(citizen, "welcome", JOINED)
    assert n.language == "id" and n.subject.startswith("Selamat datang")


def test_plain_text_is_not_html_escaped(citizen):
    citizen.full_name = "Nur'aini <Siregar>"
    n = notify(citizen, "welcome", JOINED)
    assert n.subject == "Selamat datang di Sigap, Nur'aini <Siregar>"


def test_a_missing_template_fails_before_anything_is_written(citizen):
    with pytest.raises(TemplateDoesNotExist):
        notify(citizen, "tidak_ada", {})
    assert Notification.objects.count() == 0


@pytest.mark.parametrize("url", ["https://contoh.example/", "//contoh.example/", "akun/"])
def test_links_point_inside_sigap_only(citizen, url):
    with pytest.raises(ValueError):
        notify(citizen, "welcome", JOINED, url=url)


def test_one_delivery_per_enabled_channel(
    phone_citizen, queued, django_capture_on_commit_callbacks
):
    set_channels(phone_citizen, {Channel.SMS: True})
    with django_capture_on_commit_callbacks(execute=True):
        n = notify(phone_citizen, "welcome", JOINED)
    assert sorted(n.deliveries.values_list("channel", flat=True)) == ["email", "sms"]
    assert set(n.deliveries.values_list("status", flat=True)) == {"pending"}
    enqueued = [(r.task.name, r.kwargs["delivery_id"]) for r in queued.results]
    assert sorted(enqueued) == sorted(("deliver", d.pk) for d in n.deliveries.all())


def test_a_user_without_email_or_choices_gets_the_inbox_only(db, queued):
    from sigap.accounts.models import User

    user = User.objects.create_user("warga.hp", None, full_name="Warga HP", phone="6281300000002")
    n = notify(user, "welcome", JOINED)
    assert n.deliveries.count() == 0
    assert Notification.objects.filter(recipient=user).count() == 1


def test_a_deactivated_account_keeps_its_inbox_but_is_not_contacted(citizen, queued):
    citizen.is_active = False
    citizen.save(update_fields=["is_active"])
    n = notify(citizen, "welcome", JOINED)
    assert n.deliveries.count() == 0


def test_the_agency_defaults_to_the_active_one(citizen, agency):
    with activate(agency):
        n = notify(citizen, "welcome", JOINED)
    assert n.agency == agency


def test_nothing_is_sent_before_the_commit(citizen, immediate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            n = notify(citizen, "welcome", JOINED)
            assert mail.outbox == []
            assert n.deliveries.get().status == Delivery.Status.PENDING
        assert mail.outbox == []  # the outer (test) transaction has not committed yet
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [["warga@example.id"]]
    assert mail.outbox[0].subject == "Selamat datang di Sigap, Siti Rahmawati"
    assert n.deliveries.get().status == Delivery.Status.SENT


def test_nothing_is_sent_when_the_transaction_rolls_back(
    citizen, immediate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(citizen, "welcome", JOINED)
            raise RuntimeError("the caller's write failed")
    assert callbacks == []
    assert mail.outbox == []
    assert Notification.objects.count() == 0 and Delivery.objects.count() == 0


def test_the_email_links_to_sigap_at_its_public_address(
    citizen, immediate, settings, django_capture_on_commit_callbacks
):
    settings.SIGAP_PUBLIC_URL = "https://sigap.jambiprov.go.id"
    with django_capture_on_commit_callbacks(execute=True):
        notify(citizen, "welcome", JOINED, url="/akun/notifikasi/")
    assert mail.outbox[0].body.endswith("https://sigap.jambiprov.go.id/akun/notifikasi/")
