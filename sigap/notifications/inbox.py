"""Notifying a user, and their inbox: the write API every app calls.

``notify(recipient, template, context, agency=..., url=...)`` renders the message in
the recipient's language (what the other channels send), stores it in their inbox with
what its templates read of ``context`` (the inbox writes it again in the reader's
language) and one ``Delivery`` per external channel they switched on, all in the
caller's transaction, and queues the sending for after the commit. The request that called it never waits for a mail server or
an SMS gateway, and a rolled-back change notifies nobody.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from sigap.notifications.delivery import deliver
from sigap.notifications.models import Delivery, Notification
from sigap.notifications.preferences import enabled_channels
from sigap.notifications.rendering import language_of, render_recorded
from sigap.platform.effects import enqueue_after_commit
from sigap.tenancy.context import current_agency


def _check_url(url: str) -> None:
    # A link inside Sigap only: messages go out by email and SMS under the pemda's
    # name, so they must never carry a link to another site (phishing).
    if url and (not url.startswith("/") or url.startswith("//") or "\\" in url):
        raise ValueError(f"Notification links are paths inside Sigap, got {url!r}")


def notify(
    recipient: Any,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    agency: Any = None,
    url: str = "",
) -> Notification:
    """Tell ``recipient`` something: an inbox entry now, the other channels by the task
    worker once the caller's transaction commits.

    ``template`` names ``notifications/<template>/subject.txt`` and ``body.txt`` (with
    ``en/`` variants); ``context`` fills them, with ``recipient`` and ``agency`` added.
    ``agency`` defaults to the active one (the pemda whose domain function is running).
    ``url`` is a path inside Sigap the message links to.
    """
    _check_url(url)
    if agency is None:
        agency = current_agency()
    language = language_of(recipient)
    # Rendered before anything is written: a broken template fails the caller loudly
    # instead of leaving a half-made notification.
    (subject, body), stored = render_recorded(
        template, {**(context or {}), "recipient": recipient, "agency": agency}, language
    )
    with transaction.atomic():
        notification = Notification.objects.create(
            recipient=recipient,
            agency=agency,
            template=template,
            language=language,
            subject=subject,
            body=body,
            context=stored,
            url=url,
        )
        # A deactivated account (consent withdrawn) keeps its inbox but is not
        # contacted outside Sigap any more.
        channels = enabled_channels(recipient) if recipient.is_active else []
        for channel in channels:
            delivery = Delivery.objects.create(notification=notification, channel=channel)
            enqueue_after_commit(deliver, delivery_id=delivery.pk)
    return notification


# -- the inbox ------------------------------------------------------------------------


def inbox_for(user: Any) -> QuerySet[Notification]:
    """The user's own notifications, newest first. Every read goes through here, so
    another user's notification is simply not found."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def get_notification_for(user: Any, notification_id: int) -> Notification:
    """Raises ``Notification.DoesNotExist`` for another user's notification too."""
    return inbox_for(user).get(pk=notification_id)


def unread_count(user: Any) -> int:
    """The user's unread notifications, counted now (after a write in this request too)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


# The unread count read with the signed-in user (``accounts.backends``), registered in
# ``NotificationsConfig.ready``: the header badge on every page costs no statement.
UNREAD_ON_USER = "sigap_unread_notifications"


def unread_on_user() -> Coalesce:
    """The unread count as an expression correlated with the user row."""
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(unread), Value(0))


def header_unread_count(user: Any) -> int:
    """For the header badge: the count read with the user at the request's start when it
    was (a page that marks notifications read redraws the badge with ``unread_count``),
    else counted now."""
    found = getattr(user, UNREAD_ON_USER, None)
    return found if found is not None else unread_count(user)


def mark_read(user: Any, notification_id: int) -> Notification:
    """Mark one of the user's notifications read (again: no change)."""
    notification = get_notification_for(user, notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_unread(user: Any, notification_id: int) -> Notification:
    notification = get_notification_for(user, notification_id)
    if notification.read_at is not None:
        notification.read_at = None
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user: Any) -> int:
    """Mark every unread notification of the user read; how many were."""
    now = timezone.now()
    count = 0
    with transaction.atomic():
        # One save each rather than one UPDATE: each read is audited like any change
        # (it can matter that a citizen was shown a deadline), and an inbox holds few
        # unread notifications.
        for notification in inbox_for(user).filter(read_at__isnull=True).select_for_update():
            notification.read_at = now
            notification.save(update_fields=["read_at"])
            count += 1
    return count
