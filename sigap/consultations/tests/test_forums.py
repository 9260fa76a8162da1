"""Dialogue forums: registration, minutes, action items tracked to done, reminders of
overdue ones, and the handover that moves them to a successor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sigap.consultations import forums
from sigap.consultations.handover import ForumActionItemProvider
from sigap.consultations.models import ActionItem, Forum
from sigap.notifications.models import Notification
from sigap.tenancy.context import activate
from sigap.workforce.handover import open_work, providers
from sigap.workforce.tests import factories as wf


@pytest.fixture
def forum(opd, officer):
    return forums.schedule_forum(
        opd,
        topic="Dialog pelayanan KTP",
        place="Aula Disdukcapil",
        starts_at=timezone.now() + dt.timedelta(days=2),
        by=officer,
        capacity=2,
    )


@pytest.fixture
def owner(agency, officer):
    person = wf.hire(agency, "Rina Marlina", dt.date(1985, 3, 12), gender="P", seq=5)
    with activate(agency):
        person.user = officer
        person.save(update_fields=["user"])
    return person


def test_registration_is_once_and_within_capacity(forum, citizen, agency):
    from conftest import make_staff

    forums.register(forum, citizen, group="citizen", raised="Antrean KTP terlalu panjang.")
    with pytest.raises(ValidationError):
        forums.register(forum, citizen, group="citizen")
    forums.register(forum, make_staff("a.jambi", agency, None), group="asn")
    with pytest.raises(ValidationError) as e:
        forums.register(forum, make_staff("b.jambi", agency, None), group="asn")
    assert "penuh" in e.value.messages[0]


def test_minutes_mark_the_forum_held(forum, officer):
    with pytest.raises(ValidationError):
        forums.record_minutes(forum, minutes="", by=officer)
    held = forums.record_minutes(forum, minutes="Disepakati layanan jemput bola.", by=officer)
    assert held.status == Forum.Status.HELD and held.held_at is not None


def test_an_action_item_is_tracked_to_done_and_the_participant_told(forum, citizen, owner, officer):
    reg = forums.register(forum, citizen, group="citizen", raised="Antrean KTP terlalu panjang.")
    item = forums.add_action_item(
        forum,
        title="Tambah loket KTP",
        owner=owner,
        due_on=dt.date(2026, 12, 31),
        by=officer,
        raised_by=reg,
    )
    with pytest.raises(ValidationError):
        forums.complete_action_item(item, by=officer, outcome="")
    done = forums.complete_action_item(item, by=officer, outcome="Loket ketiga dibuka.")
    assert done.status == ActionItem.Status.DONE and done.done_at is not None
    note = Notification.objects.get(recipient=citizen, template="consultations/action_done")
    assert "Loket ketiga dibuka." in note.body


def test_overdue_items_remind_their_owner_once_a_day(forum, owner, officer, agency):
    today = agency.today()
    late = forums.add_action_item(
        forum,
        title="Evaluasi antrean",
        owner=owner,
        due_on=today - dt.timedelta(days=3),
        by=officer,
    )
    forums.add_action_item(
        forum,
        title="Belum jatuh tempo",
        owner=owner,
        due_on=today + dt.timedelta(days=3),
        by=officer,
    )
    assert forums.remind_overdue(agency) == 1
    assert forums.remind_overdue(agency) == 0  # once a day
    note = Notification.objects.get(recipient=officer, template="consultations/action_overdue")
    assert "Evaluasi antrean" in note.subject and "3 hari" in note.body
    with activate(agency):
        assert ActionItem.objects.get(pk=late.pk).reminded_on == today


def test_an_owner_without_a_login_has_the_unit_heads_reminded(forum, agency, unit_head, officer):
    no_login = wf.hire(agency, "Dewi Lestari", dt.date(1984, 4, 4), seq=8)
    forums.add_action_item(
        forum,
        title="Perbaiki papan informasi",
        owner=no_login,
        due_on=agency.today() - dt.timedelta(days=2),
        by=officer,
    )
    assert forums.remind_overdue(agency) == 1
    note = Notification.objects.get(recipient=unit_head, template="consultations/action_overdue")
    assert "Perbaiki papan informasi" in note.subject
    assert "Dewi Lestari" in note.body and "kepala unit" in note.body


def test_action_items_move_in_a_handover(forum, owner, officer, agency):
    successor = wf.hire(agency, "Budi Santoso", dt.date(1980, 1, 1), seq=6)
    item = forums.add_action_item(
        forum, title="Tambah loket", owner=owner, due_on=dt.date(2026, 12, 31), by=officer
    )
    assert any(isinstance(p, ForumActionItemProvider) for p in providers())
    with activate(agency):
        kinds = {i.kind for _label, group in open_work(owner, None) for i in group}
        assert "forum_action_item" in kinds
        provider = ForumActionItemProvider()
        items = provider.open_items(owner, None)
        moved = provider.transfer(items, from_employee=owner, to_employee=successor, position=None)
        assert [m["id"] for m in moved] == [item.pk]
        assert ActionItem.objects.get(pk=item.pk).owner_id == successor.pk
        assert provider.open_items(owner, None) == []


def test_an_owner_of_another_agency_is_refused(forum, other_agency, officer):
    stranger = wf.hire(other_agency, "Orang Lain", dt.date(1980, 1, 1), seq=7)
    with pytest.raises(ValidationError) as e:
        forums.add_action_item(
            forum, title="x", owner=stranger, due_on=dt.date(2026, 1, 1), by=officer
        )
    assert "owner" in e.value.message_dict
