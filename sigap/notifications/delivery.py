"""Sending deliveries: the task worker's side of notifications.

Life of a delivery (``Delivery.status``, ``DELIVERY_FLOW`` in ``models.py``)::

    PENDING ──claim──> SENDING ──ok──> SENT
       │                  ├──error, attempts left──> PENDING (next_attempt_at = back-off)
       │                  └──error, no attempts left──> FAILED
       └──channel switched off / address gone──> SKIPPED

* ``deliver`` (a task, one per delivery) claims PENDING → SENDING with
  ``try_transition``, which locks the row: of two workers holding the same delivery
  (a retried enqueue, the sweep) one claims it, the other finds it taken and stops. No
  transaction is open while the message is on the wire, and a delivery in SENDING or
  SENT is never sent again by ``deliver``.
* A failure records ``attempts`` and ``last_error`` and queues the next try after an
  exponential back-off (``SIGAP_NOTIFICATION_RETRY_SECONDS`` × 2^(attempts-1), capped at
  a day), until ``SIGAP_NOTIFICATION_MAX_ATTEMPTS``; then the delivery is FAILED.
* ``sweep_deliveries`` (periodic, self-rescheduling) re-queues pending deliveries whose
  task was lost (enqueued after commit by a process that died in between, or a
  backend that cannot defer) and takes back claims abandoned by a worker that died
  mid-send (SENDING for longer than ``SENDING_LEASE``). A message whose sending was
  cut short may therefore go out twice; one that was sent is never re-claimed.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from sigap.identifiers.logging import scrub
from sigap.notifications.channels import ChannelUnavailable, adapter_for
from sigap.notifications.models import Delivery
from sigap.notifications.preferences import is_available, is_enabled
from sigap.platform.effects import after_commit
from sigap.platform.periodic import schedule_next
from sigap.platform.stored_text import text
from sigap.platform.transitions import try_transition

logger = logging.getLogger(__name__)

Status = Delivery.Status
MAX_DELAY = dt.timedelta(days=1)
# A worker still "sending" after this long has died (SMTP and gateway calls time out
# well before): the sweep takes the delivery back.
SENDING_LEASE = dt.timedelta(minutes=30)
# Fresh deliveries have their own task on the way; the sweep leaves them this long.
SWEEP_GRACE = dt.timedelta(minutes=5)
SWEEP_EVERY = dt.timedelta(minutes=5)
SWEEP_BATCH = 500
ERROR_MAX = 500


def backoff(attempts: int) -> dt.timedelta:
    """Wait before try ``attempts + 1``: base, 2×base, 4×base, … capped at a day."""
    base = dt.timedelta(seconds=settings.SIGAP_NOTIFICATION_RETRY_SECONDS)
    return min(base * (2 ** max(attempts - 1, 0)), MAX_DELAY)


def _error_text(exc: BaseException) -> str:
    # Gateways echo the destination in their errors: keep no phone number, email
    # address or NIK in the row (inspectors and admins read it).
    text = scrub(f"{type(exc).__name__}: {exc}")
    text = re.sub(r"\+?\d[\d\s-]{7,}\d", "[nomor]", text)
    text = re.sub(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", "[email]", text)
    return text[:ERROR_MAX]


def _schedule(delivery_id: int, run_after: dt.datetime | None = None) -> None:
    """Queue ``deliver`` (after ``run_after``). A backend that cannot defer (the immediate
    backend some tests use) gets nothing: the sweep sends the delivery when it is due,
    rather than the retry running at once, inside the failed attempt."""
    if run_after is None:
        deliver.enqueue(delivery_id=delivery_id)
    elif deliver.get_backend().supports_defer:
        deliver.using(run_after=run_after).enqueue(delivery_id=delivery_id)


def _skip_reason(delivery: Delivery) -> str:
    """Why not to send, as a code of ``DELIVERY_NOTES``; "" to send."""
    user = delivery.notification.recipient
    if not user.is_active:
        return "account_inactive"
    if not is_available(user, delivery.channel):
        return "no_address"
    if not is_enabled(user, delivery.channel):
        return "channel_off"
    return ""


def send_delivery(delivery_id: int) -> str:
    """Send one delivery if it is pending and due; its status afterwards."""
    delivery = (
        Delivery.objects.select_related("notification__recipient").filter(pk=delivery_id).first()
    )
    if delivery is None:
        return "missing"
    if delivery.status != Status.PENDING:
        return delivery.status  # sent, given up, or another worker is on it
    if delivery.next_attempt_at and delivery.next_attempt_at > timezone.now():
        return delivery.status  # an early duplicate: the scheduled run will come
    reason = _skip_reason(delivery)
    if reason:
        try_transition(
            delivery, Status.SKIPPED, details={"reason": reason}, last_error_text=text(reason)
        )
        return delivery.status
    if not try_transition(delivery, Status.SENDING):
        return delivery.status
    # The row is ours now (SENDING): nothing else changes it until we move it on.
    delivery.refresh_from_db(fields=["attempts"])
    attempts = delivery.attempts + 1
    try:
        adapter_for(delivery.channel).send(delivery)
    except Exception as exc:  # any failure of a gateway is retried (or given up on)
        _failed(delivery, attempts, exc)
    else:
        _settle(
            delivery,
            Status.SENT,
            details={"channel": delivery.channel, "attempts": attempts},
            attempts=attempts,
            last_error="",
            last_error_text=None,
            next_attempt_at=None,
        )
    return delivery.status


def _settle(delivery: Delivery, target: str, **kwargs: Any) -> None:
    """Record the outcome of our claim. Only the sweep can have moved the row meanwhile
    (we outlived ``SENDING_LEASE``); then its retry stands and this outcome is dropped."""
    if not try_transition(delivery, target, **kwargs):
        logger.warning(
            "Notifikasi %s via %s: hasil '%s' tidak dicatat, pengiriman sudah diambil alih",
            delivery.notification_id,
            delivery.channel,
            target,
        )


def _failed(delivery: Delivery, attempts: int, exc: Exception) -> None:
    error = _error_text(exc)
    details = {"channel": delivery.channel, "attempts": attempts, "error": error}
    give_up = isinstance(exc, ChannelUnavailable)
    if give_up or attempts >= settings.SIGAP_NOTIFICATION_MAX_ATTEMPTS:
        logger.warning(
            "Notifikasi %s via %s gagal setelah %d percobaan: %s",
            delivery.notification_id,
            delivery.channel,
            attempts,
            error,
        )
        _settle(
            delivery,
            Status.FAILED,
            details=details,
            attempts=attempts,
            last_error=error,
            last_error_text=None,
            next_attempt_at=None,
        )
        return
    run_after = timezone.now() + backoff(attempts)
    logger.info(
        "Notifikasi %s via %s gagal (percobaan %d), diulang %s: %s",
        delivery.notification_id,
        delivery.channel,
        attempts,
        run_after.isoformat(),
        error,
    )
    _settle(
        delivery,
        Status.PENDING,
        details=details,
        effects=[lambda: _schedule(delivery.pk, run_after)],
        attempts=attempts,
        last_error=error,
        last_error_text=None,
        next_attempt_at=run_after,
    )


@task()
def deliver(delivery_id: int) -> str:
    """The worker's entry point for one delivery (``manage.py db_worker``)."""
    return send_delivery(delivery_id)


# -- the sweep ------------------------------------------------------------------------


def sweep(now: dt.datetime | None = None) -> dict[str, int]:
    """Re-queue lost pending deliveries and take back abandoned claims."""
    now = now or timezone.now()
    counts = {"requeued": 0, "reclaimed": 0}
    due: list[int] = []
    stuck = Delivery.objects.filter(
        status=Status.SENDING, sending_since__lt=now - SENDING_LEASE
    ).select_related("notification")[:SWEEP_BATCH]
    for delivery in stuck:
        attempts = delivery.attempts + 1
        details = {"reason": "abandoned", "attempts": attempts}
        if attempts >= settings.SIGAP_NOTIFICATION_MAX_ATTEMPTS:
            try_transition(
                delivery,
                Status.FAILED,
                details=details,
                attempts=attempts,
                last_error="",
                last_error_text=text("interrupted"),
            )
        elif try_transition(
            delivery,
            Status.PENDING,
            details=details,
            attempts=attempts,
            last_error="",
            last_error_text=text("interrupted_retried"),
            next_attempt_at=now,
        ):
            due.append(delivery.pk)
        counts["reclaimed"] += 1
    due += (
        Delivery.objects.filter(status=Status.PENDING)
        .filter(
            Q(next_attempt_at__isnull=True, created_at__lt=now - SWEEP_GRACE)
            | Q(next_attempt_at__lt=now - SWEEP_GRACE)
        )
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for delivery_id in due:
        after_commit(lambda delivery_id=delivery_id: _schedule(delivery_id))
    counts["requeued"] = len(due)
    return counts


@task()
def sweep_deliveries() -> dict[str, int]:
    """Periodic (``SigapAppConfig.periodic_tasks``): the sweep, then its next run."""
    counts = sweep()
    schedule_next(sweep_deliveries, SWEEP_EVERY)
    return counts
