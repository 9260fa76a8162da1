"""The survey link sent to a citizen after a service event.

When a service event with a citizen is recorded (``services.events
.service_event_recorded``, sent after commit), a task creates the ``Invitation`` and
notifies the citizen with a link ``/p/<pemda>/survei/<token>/``. The token is signed
(``django.core.signing``, salted for this purpose) and carries the invitation's id and
a random nonce; it is refused when tampered with, older than ``SIGAP_SURVEY_LINK_DAYS``
(default 14), or once the invitation has been answered or expired: single use. No login
is needed, and the page never shows who is answering.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.platform.transitions import transition, try_transition
from sigap.services.models import ServiceEvent
from sigap.surveys import responses
from sigap.surveys.models import Channel, Invitation, Response
from sigap.tenancy.context import acting_for, unscoped

log = logging.getLogger(__name__)
SALT = "sigap.surveys.invitation"


def link_days() -> int:
    return int(getattr(settings, "SIGAP_SURVEY_LINK_DAYS", 14))


def on_service_event(sender: Any, event: ServiceEvent, **kwargs: Any) -> None:
    """Receiver of ``service_event_recorded``: queue the invitation (never fail the
    caller: the event is already committed)."""
    if event.citizen_id is None or event.outcome != ServiceEvent.Outcome.DONE:
        return
    from sigap.surveys.tasks import send_invitation

    try:
        send_invitation.enqueue(event_id=event.pk)
    except Exception:  # noqa: BLE001 - the service event must stand regardless
        log.exception("could not queue the survey invitation for event %s", event.pk)


def token_for(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=SALT, compress=True)


def path_for(invitation: Invitation) -> str:
    return reverse(
        "surveys:answer",
        kwargs={"agency_slug": invitation.agency.slug, "token": token_for(invitation)},
    )


@transaction.atomic
def invite(event: ServiceEvent) -> Invitation | None:
    """Create the invitation for ``event`` and notify its citizen; ``None`` when the
    event has no citizen, was already invited or already rated."""
    from sigap.notifications.inbox import notify

    if event.citizen_id is None:
        return None
    with acting_for(event.agency):
        if Invitation.objects.filter(event=event).exists() or responses.already_answered(event):
            return None
        invitation = Invitation.objects.create(
            agency=event.agency,
            event=event,
            nonce=secrets.token_hex(8),
            expires_at=timezone.now() + dt.timedelta(days=link_days()),
        )
        notify(
            event.citizen,
            "surveys/invitation",
            {"service": event.service, "days": link_days()},
            agency=event.agency,
            url=path_for(invitation),
        )
        return invitation


def open_invitation(token: str, agency: Any) -> Invitation:
    """The invitation behind ``token`` if it may still be answered; a ``ValidationError``
    saying why not otherwise (tampered, expired, used, another pemda's)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=dt.timedelta(days=link_days()))
    except signing.SignatureExpired as exc:
        raise ValidationError(_("Tautan survei ini sudah kedaluwarsa."), code="expired") from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("Tautan survei ini tidak sah."), code="invalid") from exc
    with unscoped():
        invitation = (
            Invitation.objects.select_related("event", "event__service", "agency")
            .filter(pk=data.get("i"), nonce=data.get("n"))
            .first()
        )
    if invitation is None or agency is None or invitation.agency_id != agency.pk:
        raise ValidationError(_("Tautan survei ini tidak sah."), code="invalid")
    if invitation.status == Invitation.Status.ANSWERED:
        raise ValidationError(_("Survei untuk layanan ini sudah diisi. Terima kasih."), code="used")
    if invitation.status == Invitation.Status.EXPIRED or invitation.expires_at <= timezone.now():
        raise ValidationError(_("Tautan survei ini sudah kedaluwarsa."), code="expired")
    return invitation


@transaction.atomic
def answer(token: str, agency: Any, **fields: Any) -> Response:
    """The citizen's answer through the link: checks the token, stores the response and
    closes the invitation in one transaction (a second use finds it answered)."""
    invitation = open_invitation(token, agency)
    with acting_for(invitation.agency):
        response = responses.submit(invitation.event, channel=Channel.LINK, **fields)
        transition(invitation, Invitation.Status.ANSWERED)
        return response


def expire_due(agency: Any) -> int:
    """Close the invitations past their expiry (periodic)."""
    done = 0
    with acting_for(agency):
        due = list(
            Invitation.objects.filter(
                status=Invitation.Status.SENT, expires_at__lte=timezone.now()
            ).values_list("pk", flat=True)[:1000]
        )
        for invitation in Invitation.objects.filter(pk__in=due):
            # An invitation answered meanwhile stays answered.
            done += try_transition(invitation, Invitation.Status.EXPIRED)
    return done
