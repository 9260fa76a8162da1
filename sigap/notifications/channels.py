"""Channel adapters: one interface, one adapter per channel, chosen by settings.

An adapter has ``send(delivery) -> None`` and raises on failure (any exception: the
task records it and tries again later). Email goes through Django's mail backends
(``EMAIL_BACKEND``); SMS and WhatsApp go through the classes named by
``SIGAP_SMS_ADAPTER`` and ``SIGAP_WHATSAPP_ADAPTER``. The demo's default adapters only
log that a message went out, to a masked number: a gateway contract (an SMS
aggregator, the WhatsApp Business API) is the pemda's, and plugs in here.

Logs never carry a full phone number, an email address or the message text: the
message may name the citizen and their application.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Protocol
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

from sigap.notifications.models import Channel, Delivery, Notification

logger = logging.getLogger(__name__)

SMS_MAX = 320  # two concatenated SMS segments


class ChannelAdapter(Protocol):
    def send(self, delivery: Delivery) -> None:
        """Send ``delivery`` or raise."""


class ChannelUnavailable(Exception):
    """The recipient has no address for this channel any more: nothing to retry."""


def mask_phone(phone: str | None) -> str:
    """``081234567890`` → ``0812*****890``: the operator prefix and the last digits,
    enough to tell numbers apart in a log, too little to call anyone."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) < 10:
        return "*" * max(len(digits) - 2, 0) + digits[-2:]
    return f"{digits[:4]}{'*' * (len(digits) - 7)}{digits[-3:]}"


def mask_email(email: str | None) -> str:
    local, _, domain = (email or "").partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def absolute_url(notification: Notification) -> str:
    """The notification's link outside Sigap (an email or SMS has no current host)."""
    if not notification.url:
        return ""
    return urljoin(settings.SIGAP_PUBLIC_URL.rstrip("/") + "/", notification.url.lstrip("/"))


def plain_text(notification: Notification) -> str:
    link = absolute_url(notification)
    return f"{notification.body}\n\n{link}".strip() if link else notification.body


def short_text(notification: Notification) -> str:
    """Subject and link: an SMS is no place for a letter."""
    link = absolute_url(notification)
    text = f"Sigap: {notification.subject}"
    room = SMS_MAX - len(link) - 1 if link else SMS_MAX
    if len(text) > room:
        text = text[: max(room - 1, 0)] + "…"
    return f"{text} {link}" if link else text


def _phone(delivery: Delivery) -> str:
    phone = delivery.notification.recipient.phone
    if not phone:
        raise ChannelUnavailable("Akun tidak memiliki nomor HP.")
    return phone


class EmailAdapter:
    """Through Django's configured mail backend (SMTP in production, console in the demo)."""

    def send(self, delivery: Delivery) -> None:
        notification = delivery.notification
        address = notification.recipient.email
        if not address:
            raise ChannelUnavailable("Akun tidak memiliki alamat email.")
        EmailMessage(
            subject=notification.subject,
            body=plain_text(notification),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
        ).send(fail_silently=False)


class LoggingSmsAdapter:
    """The demo's SMS gateway: records that a message would have gone out."""

    def send(self, delivery: Delivery) -> None:
        phone = _phone(delivery)
        text = short_text(delivery.notification)
        logger.info(
            "SMS notifikasi %s dikirim ke %s (%d karakter)",
            delivery.notification_id,
            mask_phone(phone),
            len(text),
        )


class LoggingWhatsAppAdapter:
    """The demo's WhatsApp gateway: records that a message would have gone out."""

    def send(self, delivery: Delivery) -> None:
        phone = _phone(delivery)
        text = f"*{delivery.notification.subject}*\n{plain_text(delivery.notification)}"
        logger.info(
            "WhatsApp notifikasi %s dikirim ke %s (%d karakter)",
            delivery.notification_id,
            mask_phone(phone),
            len(text),
        )


def adapter_path(channel: str) -> str:
    if channel == Channel.EMAIL:
        return "sigap.notifications.channels.EmailAdapter"
    if channel == Channel.SMS:
        return settings.SIGAP_SMS_ADAPTER
    if channel == Channel.WHATSAPP:
        return settings.SIGAP_WHATSAPP_ADAPTER
    raise ValueError(f"Unknown channel {channel!r}")


def adapter_for(channel: str) -> ChannelAdapter:
    adapter: Any = import_string(adapter_path(channel))()
    return adapter
