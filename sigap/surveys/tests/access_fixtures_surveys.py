"""URL arguments of the survey pages and API for the generated access test: a service
event of agency A in the world's unit (whose name is the secret), its invitation token,
a response and an improvement action, all through the domain functions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sigap.services import event_links
from sigap.services.tests.access_fixtures_officer import make_citizen
from sigap.surveys import actions, invitations, questions
from sigap.surveys.models import ExtraQuestion, ImprovementAction, Invitation
from sigap.surveys.tests import factories
from sigap.tenancy.context import activate
from sigap.workforce.tests.factories import hire


def _event(world: dict[str, Any]) -> Any:
    if "survey_event" not in world:
        svc = factories.service(world["agency"], world["unit"], code="SKM-AKSES")
        world["survey_event"] = factories.event(svc, citizen=make_citizen())
        # A rated event too, so result pages and exports have agency A's data.
        factories.answered(svc, [3] * 9)
    return world["survey_event"]


def _event_id(world: dict[str, Any]) -> int:
    return _event(world).pk


def _token(world: dict[str, Any]) -> str:
    event = _event(world)
    with activate(world["agency"]):
        invitation = Invitation.objects.filter(event=event).first()
    if invitation is None:
        invitation = invitations.invite(event)
    return invitations.token_for(invitation)


def _action_id(world: dict[str, Any]) -> int:
    agency = world["agency"]
    with activate(agency):
        existing = ImprovementAction.objects.first()
        if existing is not None:
            return existing.pk
    owner = hire(agency, "Pemilik Tindak Lanjut", dt.date(1980, 1, 1), seq=77)
    return actions.record_action(
        agency,
        unit=world["unit"],
        element="U3",
        period_start=dt.date(2026, 7, 1),
        description="Tambah loket",
        owner=owner,
        due_date=agency.today() + dt.timedelta(days=10),
        by=None,
    ).pk


def _question_id(world: dict[str, Any]) -> int:
    agency = world["agency"]
    with activate(agency):
        existing = ExtraQuestion.objects.first()
    if existing is not None:
        return existing.pk
    return questions.add_question(agency, text="Apakah ruang tunggu nyaman?", by=None).pk


PROVIDERS = {
    "question_id": _question_id,
    "event_id": _event_id,
    "token": _token,
    # The walk-in's rating link (``services.event_links.survey_link``).
    "rating_token": lambda world: event_links.about_token(
        _event(world), kind="ticket", salt=event_links.RATE_SALT
    ),
    "action_id": _action_id,
}
