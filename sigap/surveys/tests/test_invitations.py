"""The survey link: sent after a service event, signed, single use, expiring."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from sigap.notifications.models import Notification
from sigap.services.models import ServiceEvent
from sigap.surveys import invitations
from sigap.surveys.models import Invitation, Response
from sigap.surveys.tasks import send_invitation
from sigap.surveys.tests import factories
from sigap.tenancy.context import activate

ANSWERS = {f"u{i}": 3 for i in range(1, 10)}


@pytest.fixture
def svc(agency, opd):
    return factories.service(agency, opd)


@pytest.fixture
def invitation(svc, citizen):
    return invitations.invite(factories.event(svc, citizen=citizen))


def test_a_recorded_service_event_queues_the_invitation_after_commit(
    svc, citizen, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        event = factories.event(svc, citizen=citizen)
    queued = DBTaskResult.objects.filter(task_path="sigap.surveys.tasks.send_invitation")
    assert queued.count() == 1
    assert queued.get().args_kwargs["kwargs"] == {"event_id": event.pk}


def test_the_task_invites_the_citizen_with_a_link_inside_sigap(svc, citizen, agency):
    event = factories.event(svc, citizen=citizen)
    assert send_invitation.call(event_id=event.pk) is True
    note = Notification.objects.get(recipient=citizen)
    assert note.url.startswith(f"/p/{agency.slug}/survei/")
    # Once only.
    assert send_invitation.call(event_id=event.pk) is False


def test_no_invitation_without_a_citizen(svc):
    assert invitations.invite(factories.event(svc)) is None


def test_the_token_opens_once(invitation, agency):
    token = invitations.token_for(invitation)
    invitations.answer(token, agency, answers=ANSWERS)
    with activate(agency):
        assert Response.objects.count() == 1
        assert Invitation.objects.get().status == Invitation.Status.ANSWERED
    with pytest.raises(ValidationError) as exc:
        invitations.answer(token, agency, answers=ANSWERS)
    assert exc.value.code == "used"


def test_a_tampered_token_is_refused(invitation, agency):
    token = invitations.token_for(invitation)
    forged = signing.dumps({"i": invitation.pk, "n": "0" * 16}, salt="another.salt")
    for bad in (token[:-2] + "xx", forged, "abc"):
        with pytest.raises(ValidationError) as exc:
            invitations.open_invitation(bad, agency)
        assert exc.value.code == "invalid"


def test_a_token_of_the_right_shape_with_a_wrong_nonce_is_refused(invitation, agency):
    forged = signing.dumps(
        {"i": invitation.pk, "n": "f" * 16}, salt=invitations.SALT, compress=True
    )
    with pytest.raises(ValidationError):
        invitations.open_invitation(forged, agency)


def test_an_old_token_has_expired(invitation, agency, settings):
    token = invitations.token_for(invitation)
    settings.SIGAP_SURVEY_LINK_DAYS = 0
    with pytest.raises(ValidationError) as exc:
        invitations.open_invitation(token, agency)
    assert exc.value.code == "expired"


def test_expired_invitations_are_closed_by_the_sweep(invitation, agency):
    with activate(agency):
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - dt.timedelta(minutes=1)
        )
    assert invitations.expire_due(agency) == 1
    with pytest.raises(ValidationError) as exc:
        invitations.open_invitation(invitations.token_for(invitation), agency)
    assert exc.value.code == "expired"


def test_another_pemdas_url_does_not_open_the_token(invitation, other_agency):
    with pytest.raises(ValidationError):
        invitations.open_invitation(invitations.token_for(invitation), other_agency)


def test_a_rejected_service_sends_no_invitation(svc, citizen):
    event = factories.event(svc, citizen=citizen)
    ServiceEvent.all_objects.filter(pk=event.pk).update(outcome=ServiceEvent.Outcome.REJECTED)
    event.refresh_from_db()
    invitations.on_service_event(None, event=event)
