"""The sending task: retries with back-off, giving up, no double send, the sweep."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.utils import timezone

from sigap.notifications import notify
from sigap.notifications.channels import mask_phone
from sigap.notifications.delivery import backoff, send_delivery, sweep
from sigap.notifications.models import Channel, Delivery
from sigap.notifications.preferences import set_channels
from sigap.platform.transitions import try_transition

Status = Delivery.Status
JOINED = {"joined_on": dt.date(2026, 8, 17)}


def _sms_delivery(user, agency=None) -> Delivery:
    set_channels(user, {Channel.EMAIL: False, Channel.SMS: True})
    return notify(user, "welcome", JOINED, agency=agency).deliveries.get()


def _time_passes(delivery: Delivery) -> None:
    # Set-up only: the back-off has elapsed.
    Delivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
    )


def test_an_email_is_sent_once_and_marked_sent(citizen, queued):
    delivery = notify(citizen, "welcome", JOINED).deliveries.get()
    assert send_delivery(delivery.pk) == Status.SENT
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.sent_at is not None and delivery.last_error == ""
    assert len(mail.outbox) == 1


def test_a_sent_delivery_is_not_sent_twice(citizen, queued):
    delivery = notify(citizen, "welcome", JOINED).deliveries.get()
    send_delivery(delivery.pk)
    assert send_delivery(delivery.pk) == Status.SENT  # a duplicate task, a retried enqueue
    assert len(mail.outbox) == 1


def test_a_delivery_another_worker_claimed_is_left_alone(citizen, queued):
    delivery = notify(citizen, "welcome", JOINED).deliveries.get()
    assert try_transition(delivery, Status.SENDING)  # the other worker
    assert send_delivery(delivery.pk) == Status.SENDING
    assert mail.outbox == []
    assert not try_transition(delivery, Status.SENDING)  # and no second claim


def test_a_failing_gateway_is_retried_with_back_off_then_succeeds(
    phone_citizen, agency, sms_gateway, queued, django_capture_on_commit_callbacks
):
    sms_gateway.reset(failures=2)
    delivery = _sms_delivery(phone_citizen, agency)
    queued.clear()

    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_delivery(delivery.pk) == Status.PENDING
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and "gateway timeout" in delivery.last_error
    assert before + dt.timedelta(seconds=60) <= delivery.next_attempt_at
    assert delivery.next_attempt_at <= timezone.now() + dt.timedelta(seconds=60)
    [retry] = queued.results
    assert retry.task.name == "deliver" and retry.kwargs == {"delivery_id": delivery.pk}
    assert retry.task.run_after == delivery.next_attempt_at

    # Run early (a duplicate): not due yet, nothing happens.
    assert send_delivery(delivery.pk) == Status.PENDING
    assert Delivery.objects.get(pk=delivery.pk).attempts == 1

    _time_passes(delivery)
    with django_capture_on_commit_callbacks(execute=True):
        send_delivery(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert queued.results[-1].task.run_after == delivery.next_attempt_at
    # The second wait is twice the first.
    assert delivery.next_attempt_at >= timezone.now() + dt.timedelta(seconds=110)

    _time_passes(delivery)
    assert send_delivery(delivery.pk) == Status.SENT
    delivery.refresh_from_db()
    assert delivery.attempts == 3 and delivery.last_error == "" and delivery.next_attempt_at is None
    assert sms_gateway.sent == [delivery.pk]
    events = [
        e.additional_data["event"]
        for e in LogEntry.objects.filter(object_pk=str(delivery.pk)).order_by("pk")
        if "event" in (e.additional_data or {}) and e.content_type.model == "delivery"
    ]
    assert events == [
        "notifikasi mulai dikirim",
        "pengiriman notifikasi diulang",
        "notifikasi mulai dikirim",
        "pengiriman notifikasi diulang",
        "notifikasi mulai dikirim",
        "notifikasi terkirim",
    ]
    # Filed under the notification's pemda, for its inspectors.
    assert LogEntry.objects.filter(
        object_pk=str(delivery.pk), additional_data__agency_id=agency.pk
    ).exists()


def test_it_gives_up_after_the_maximum_attempts(
    phone_citizen, sms_gateway, queued, settings, django_capture_on_commit_callbacks
):
    settings.SIGAP_NOTIFICATION_MAX_ATTEMPTS = 3
    sms_gateway.reset(failures=99)
    delivery = _sms_delivery(phone_citizen)
    for _ in range(3):
        _time_passes(delivery)
        with django_capture_on_commit_callbacks(execute=True):
            send_delivery(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED
    assert delivery.attempts == 3 and delivery.next_attempt_at is None
    assert "gateway timeout" in delivery.last_error
    retries = [r for r in queued.results if r.task.run_after is not None]
    assert len(retries) == 2  # after the 1st and 2nd failures, none after the last

    sms_gateway.reset()
    assert send_delivery(delivery.pk) == Status.FAILED
    assert sms_gateway.sent == []


def test_back_off_doubles_and_is_capped(settings):
    settings.SIGAP_NOTIFICATION_RETRY_SECONDS = 60
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert backoff(30) == dt.timedelta(days=1)


def test_the_error_kept_names_no_phone_number_or_address(phone_citizen, sms_gateway, queued):
    sms_gateway.reset(failures=1, message="nomor 6281234567001 / warga@example.id ditolak")
    delivery = _sms_delivery(phone_citizen)
    send_delivery(delivery.pk)
    delivery.refresh_from_db()
    assert "6281234567001" not in delivery.last_error
    assert "warga@example.id" not in delivery.last_error
    assert "ditolak" in delivery.last_error


def test_a_channel_switched_off_before_sending_is_skipped(citizen, queued):
    delivery = notify(citizen, "welcome", JOINED).deliveries.get()
    set_channels(citizen, {Channel.EMAIL: False})
    assert send_delivery(delivery.pk) == Status.SKIPPED
    assert mail.outbox == []


def test_the_demo_sms_adapter_logs_a_masked_number_only(phone_citizen, queued, caplog):
    delivery = _sms_delivery(phone_citizen)
    with caplog.at_level(logging.INFO, logger="sigap.notifications.channels"):
        assert send_delivery(delivery.pk) == Status.SENT
    assert mask_phone("6281234567001") in caplog.text
    assert "6281234567001" not in caplog.text
    assert "Siti" not in caplog.text  # nor the message, which names the citizen


def test_mask_phone_keeps_too_little_to_call():
    assert mask_phone("0812-3456-7890") == "0812*****890"
    assert mask_phone("12345") == "***45"
    assert mask_phone(None) == ""


def test_the_sweep_requeues_lost_deliveries_and_takes_back_abandoned_claims(
    citizen, other_citizen, queued, django_capture_on_commit_callbacks
):
    lost = notify(citizen, "welcome", JOINED).deliveries.get()
    abandoned = notify(other_citizen, "welcome", JOINED).deliveries.get()
    fresh = notify(citizen, "welcome", JOINED).deliveries.get()
    try_transition(abandoned, Status.SENDING)
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    # Set-up only: time has passed for two of them.
    Delivery.objects.filter(pk=lost.pk).update(created_at=an_hour_ago)
    Delivery.objects.filter(pk=abandoned.pk).update(sending_since=an_hour_ago)
    queued.clear()

    with django_capture_on_commit_callbacks(execute=True):
        counts = sweep()
    assert counts == {"requeued": 2, "reclaimed": 1}
    assert sorted(r.kwargs["delivery_id"] for r in queued.results) == sorted(
        [lost.pk, abandoned.pk]
    )
    abandoned.refresh_from_db()
    assert abandoned.status == Status.PENDING and abandoned.attempts == 1
    assert Delivery.objects.get(pk=fresh.pk).status == Status.PENDING
    assert send_delivery(abandoned.pk) == Status.SENT


@pytest.mark.parametrize("path", ["no.such.Adapter", "sigap.notifications.models.Channel"])
def test_a_misspelt_adapter_fails_the_start_up_check(settings, path):
    from sigap.notifications.checks import check_notification_settings

    settings.SIGAP_SMS_ADAPTER = path
    assert [e.id for e in check_notification_settings()] in (
        ["notifications.E001"],
        ["notifications.E002"],
    )
