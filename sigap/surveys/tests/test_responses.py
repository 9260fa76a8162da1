"""Storing responses: one per event, pseudonymous, validated, audited, counted."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from sigap.surveys import responses
from sigap.surveys.models import Channel, DailyCount, MonthlyCount, Response
from sigap.surveys.tests import factories
from sigap.tenancy.context import activate


@pytest.fixture
def svc(agency, opd):
    return factories.service(agency, opd)


def test_a_response_copies_what_it_rates_and_not_who_answered(svc, citizen, agency):
    event = factories.event(svc, citizen=citizen)
    response = responses.submit(
        event, channel=Channel.LINK, answers={f"u{i}": 3 for i in range(1, 10)}, suggestion="Bagus"
    )
    with activate(agency):
        stored = Response.objects.get(pk=response.pk)
    assert (stored.service_id, stored.unit_id, stored.day) == (svc.pk, svc.unit_id, event.day)
    field_names = {f.name for f in Response._meta.get_fields()}
    assert not field_names & {"event", "citizen", "user"}
    assert len(stored.event_digest) == 64  # a keyed digest, not the event's id
    assert stored.event_digest == responses.event_digest(event)


def test_second_response_for_the_same_event_is_refused(svc, agency):
    event = factories.event(svc)
    answers = {f"u{i}": 4 for i in range(1, 10)}
    responses.submit(event, channel=Channel.KIOSK, answers=answers)
    with pytest.raises(ValidationError, match="sudah dinilai"):
        responses.submit(event, channel=Channel.PAPER, answers=answers)
    with activate(agency):
        assert Response.objects.count() == 1
        assert DailyCount.objects.get().responses == 1


def test_answers_off_the_scale_are_refused_with_the_field_named(svc):
    event = factories.event(svc)
    with pytest.raises(ValidationError) as exc:
        responses.submit(event, channel=Channel.PAPER, answers={"u1": 5, "u2": 3})
    assert "u1" in exc.value.message_dict


def test_an_empty_form_is_refused(svc):
    with pytest.raises(ValidationError):
        responses.submit(factories.event(svc), channel=Channel.PAPER, answers={})


def test_unknown_profile_value_is_refused(svc):
    with pytest.raises(ValidationError) as exc:
        responses.submit(
            factories.event(svc), channel=Channel.PAPER, answers={"u1": 3}, profile={"gender": "X"}
        )
    assert "gender" in exc.value.message_dict


def test_response_is_audited_by_name_with_the_officer_as_actor(svc, officer, agency):
    event = factories.event(svc)
    response = responses.submit(event, channel=Channel.PAPER, answers={"u1": 2}, by=officer)
    entry = LogEntry.objects.filter(additional_data__event="survei dijawab").get()
    assert entry.object_pk == str(response.pk)
    assert entry.actor_id == officer.pk


def test_counts_are_kept_per_day_and_month(svc, agency):
    factories.answered(svc, [4, 4, 4, 4, 4, 4, 4, 4, 4])
    factories.answered(svc, [1, 2, 3, 4, 1, 2, 3, 4, None])
    with activate(agency):
        daily = DailyCount.objects.get()
        monthly = MonthlyCount.objects.get()
    for row in (daily, monthly):
        assert row.responses == 2
        assert (row.u1_a4, row.u1_a1, row.u9_a4) == (1, 1, 1)
        assert (row.full_n, row.full_sum, row.full_sq) == (1, 36, 1296)
