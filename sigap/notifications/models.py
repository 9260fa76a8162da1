"""The in-app inbox, the deliveries by email/SMS/WhatsApp, and each user's channel choice.

A ``Notification`` is what the recipient reads in Sigap (always). Each external channel
the recipient has switched on gets one ``Delivery``, which the task worker sends after
the caller's transaction commits (``delivery.py``), moving it through ``DELIVERY_FLOW``.

Notifications are not tenant rows: a citizen's inbox holds messages from every pemda
that served them, so the inbox is scoped by recipient, not by the active agency.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import models
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.audit.context import additional_data as audit_data
from sigap.notifications.delivery_notes import DELIVERY_NOTES
from sigap.notifications.rendering import reader_language, render_stored
from sigap.platform.stored_text import StoredTextField, shown
from sigap.platform.transitions import Workflow

logger = logging.getLogger(__name__)


class Channel(models.TextChoices):
    """External channels. The in-app inbox is not one of them: it is always on."""

    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penerima"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # The pemda the message is about; empty for installation-wide messages. SET_NULL so
    # that a citizen's inbox survives whatever happens to one agency's record.
    agency = models.ForeignKey(
        "tenancy.Agency",
        verbose_name=_("pemda"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    template = models.CharField(_("templat"), max_length=100)
    language = models.CharField(_("bahasa"), max_length=5, default="id")
    # As sent, in ``language``: what email, SMS and WhatsApp carried.
    subject = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"))
    # What the templates read, as JSON (``rendering.render_recorded``): the inbox writes
    # subject and body again in the reader's language. Null for notifications stored
    # before, which show their subject and body as sent.
    context = models.JSONField(_("isi templat"), null=True, blank=True)
    url = models.CharField(_("tautan"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        indexes = [
            # The inbox page and the API list (keyset on created_at, pk).
            models.Index(fields=["recipient", "-created_at", "-id"], name="notif_inbox"),
            # The unread badge in the header, on every page of a signed-in user.
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notif_unread",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    def shown(self) -> tuple[str, str]:
        """(subject, body) in the reader's language: rendered again from the stored
        template and context, else (an older notification, a template since removed)
        as sent."""
        language = reader_language()
        cache = self.__dict__.setdefault("_shown", {})
        if language not in cache:
            cache[language] = (self.subject, self.body)
            if self.context is not None:
                try:
                    cache[language] = render_stored(self.template, self.context, language)
                except (TemplateDoesNotExist, TemplateSyntaxError, NoReverseMatch, ValueError):
                    logger.warning("Notifikasi %s: templat %s gagal", self.pk, self.template)
        return cache[language]

    @property
    def shown_subject(self) -> str:
        return self.shown()[0]

    @property
    def shown_body(self) -> str:
        return self.shown()[1]

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def get_additional_data(self) -> dict:
        return audit_data(self.agency_id)


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        # Claimed by one worker: no transaction stays open while the message is on the
        # wire, and a second worker finds the row taken instead of sending it again.
        SENDING = "sending", _("Sedang dikirim")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal")
        SKIPPED = "skipped", _("Dilewati")

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("notifikasi"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    # A gateway's error as it wrote it; Sigap's own reasons (skipped, taken back) are
    # stored as a code in ``last_error_text``, shown in the reader's language.
    last_error = models.TextField(_("galat terakhir"), blank=True)
    last_error_text = StoredTextField(_("keterangan pengiriman"), catalogue=DELIVERY_NOTES)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), null=True, blank=True)
    sending_since = models.DateTimeField(_("mulai dikirim"), null=True, blank=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)

    class Meta:
        verbose_name = _("pengiriman notifikasi")
        verbose_name_plural = _("pengiriman notifikasi")
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once"),
        ]
        indexes = [
            # The sweep: pending deliveries that are due, and stuck "sending" ones.
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due"),
        ]

    def __str__(self) -> str:
        # No status: the audit trail keeps this text, and shows the status (a code) in
        # the reader's language beside it.
        return f"{self.get_channel_display()} #{self.notification_id}"

    @property
    def shown_error(self) -> str:
        """Why it failed or was skipped, in the reader's language when Sigap said it."""
        return shown(self.last_error_text, self.last_error, DELIVERY_NOTES)

    @property
    def agency_id(self) -> int | None:
        # Lets the audit write API file a delivery's events under the notification's
        # agency (``audit.events._agency_id_of``) without storing it twice.
        return self.notification.agency_id

    def get_additional_data(self) -> dict:
        return audit_data(self.agency_id)


_S = Delivery.Status

DELIVERY_FLOW = Workflow(
    Delivery,
    transitions={
        (_S.PENDING, _S.SENDING): "notifikasi mulai dikirim",
        (_S.SENDING, _S.SENT): "notifikasi terkirim",
        # A failed attempt with another to come, or a claim abandoned by a worker that
        # died mid-send (the sweep takes it back).
        (_S.SENDING, _S.PENDING): "pengiriman notifikasi diulang",
        (_S.SENDING, _S.FAILED): "pengiriman notifikasi gagal",
        # The recipient switched the channel off, or removed the address, before it went.
        (_S.PENDING, _S.SKIPPED): "pengiriman notifikasi dilewati",
    },
    stamps={_S.SENDING: "sending_since", _S.SENT: "sent_at"},
)


class ChannelPreference(models.Model):
    """A user's explicit choice for one channel. No row means the default: email on when
    the user has an address, SMS and WhatsApp off (``preferences.py``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        on_delete=models.CASCADE,
        related_name="channel_preferences",
    )
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    enabled = models.BooleanField(_("aktif"))
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("pilihan saluran notifikasi")
        verbose_name_plural = _("pilihan saluran notifikasi")
        constraints = [
            models.UniqueConstraint(fields=["user", "channel"], name="channel_preference_once"),
        ]

    def __str__(self) -> str:
        # Without on/off: the audit trail keeps this text in one language, and shows
        # ``enabled`` beside it in the reader's.
        return f"{self.user} — {self.get_channel_display()}"

    def get_additional_data(self) -> dict:
        return audit_data(None)
