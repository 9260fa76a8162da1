"""Moderation with stated reasons, the report threshold, rate limits, and stakeholder
identity as declared."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import make_staff
from sigap.accounts.models import User
from sigap.consultations import comments, questionnaire
from sigap.consultations.models import Comment
from sigap.consultations.tests.factories import consultation, section
from sigap.notifications.models import Notification
from sigap.tenancy.context import activate

M = Comment.Status


@pytest.fixture
def draft(opd, officer):
    return consultation(opd, officer)


def participant(n: int) -> User:
    return User.objects.create_user(
        f"peserta{n}@example.id",
        "kata-sandi-uji-123",
        full_name=f"Peserta {n}",
        kind=User.Kind.CITIZEN,
    )


def _state(c):
    with activate(c.agency):
        return Comment.objects.get(pk=c.pk)


def test_a_hidden_comment_tells_its_author_why(draft, citizen, officer):
    c = comments.post_comment(draft, section(draft, "pasal-1"), citizen, body="x", group="citizen")
    with pytest.raises(ValidationError) as e:
        comments.hide_comment(c, by=officer, reason=" ")
    assert "reason" in e.value.message_dict
    comments.hide_comment(c, by=officer, reason="Menyerang pribadi.")
    c = _state(c)
    assert c.status == M.HIDDEN and c.moderation_reason == "Menyerang pribadi."
    note = Notification.objects.get(recipient=citizen, template="consultations/hidden")
    assert "Menyerang pribadi." in note.body
    comments.restore_comment(c, by=officer)
    assert _state(c).status == M.VISIBLE and _state(c).moderation_reason == ""


def test_reports_from_three_people_hold_a_comment_for_review(draft, citizen):
    c = comments.post_comment(draft, section(draft, "pasal-1"), citizen, body="x", group="citizen")
    reporters = [participant(i) for i in range(3)]
    comments.report_comment(c, reporters[0], reason="Kasar")
    comments.report_comment(c, reporters[1], reason="Kasar")
    assert _state(c).status == M.VISIBLE
    with pytest.raises(ValidationError):
        comments.report_comment(c, reporters[1], reason="Lagi")  # once per person
    comments.report_comment(c, reporters[2], reason="Kasar")
    assert _state(c).status == M.REVIEW and _state(c).report_count == 3


def test_authors_cannot_report_themselves(draft, citizen):
    c = comments.post_comment(draft, section(draft, "pasal-1"), citizen, body="x", group="citizen")
    with pytest.raises(ValidationError):
        comments.report_comment(c, citizen, reason="x")


def test_posting_is_rate_limited(draft, citizen):
    s = section(draft, "pasal-1")
    start = timezone.now()
    for i in range(comments.RATE_LIMIT):
        comments.post_comment(
            draft, s, citizen, body=f"k{i}", group="citizen", at=start + dt.timedelta(seconds=i)
        )
    with pytest.raises(ValidationError) as e:
        comments.post_comment(
            draft, s, citizen, body="satu lagi", group="citizen", at=start + dt.timedelta(minutes=1)
        )
    assert e.value.code == "rate_limited"
    later = start + comments.RATE_WINDOW + dt.timedelta(minutes=1)
    assert comments.post_comment(draft, s, citizen, body="nanti", group="citizen", at=later)


def test_organisations_must_be_named(draft, citizen):
    s = section(draft, "pasal-1")
    with pytest.raises(ValidationError) as e:
        comments.post_comment(draft, s, citizen, body="x", group="academic")
    assert "organisation" in e.value.message_dict
    c = comments.post_comment(
        draft, s, citizen, body="x", group="academic", organisation="Universitas Jambi"
    )
    assert (c.get_group_display(), c.organisation) == ("Akademisi", "Universitas Jambi")


def test_an_asn_declares_themselves_as_asn(draft, agency):
    asn = make_staff("asn.jambi", agency, None)
    c = comments.post_comment(draft, section(draft, "pasal-2"), asn, body="x", group="asn")
    assert c.group == "asn"


def test_a_citizen_account_cannot_speak_as_asn(draft, citizen):
    with pytest.raises(ValidationError) as e:
        comments.post_comment(draft, section(draft, "pasal-2"), citizen, body="x", group="asn")
    assert "group" in e.value.message_dict
    with pytest.raises(ValidationError):
        questionnaire.submit(draft, citizen, group="asn", answers={"setuju": "Ya"})


def test_questionnaire_once_per_person(draft, citizen):
    questionnaire.submit(draft, citizen, group="citizen", answers={"setuju": "Ya"})
    with pytest.raises(ValidationError):
        questionnaire.submit(draft, citizen, group="citizen", answers={"setuju": "Ya"})
    with pytest.raises(ValidationError) as e:
        questionnaire.submit(draft, participant(9), group="citizen", answers={"setuju": "Mungkin"})
    assert "setuju" in e.value.message_dict
