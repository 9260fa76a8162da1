"""URL arguments of the consultation pages and API for the generated access test: an open
consultation of agency A in the world's unit (whose name is the secret) with a comment
and an organisation's claim behind another, and a forum with an action item owned by an ASN, all through the domain functions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from sigap.accounts.models import User
from sigap.consultations import comments, forums
from sigap.consultations.models import ActionItem, Comment, Consultation, Forum, Stakeholder
from sigap.consultations.tests.factories import consultation, section
from sigap.tenancy.context import activate
from sigap.workforce.tests import factories as wf

TITLE = "Rancangan Akses Konsultasi"


def _consultation(world: dict[str, Any]) -> Consultation:
    with activate(world["agency"]):
        found = Consultation.objects.filter(title=TITLE).first()
    return found or consultation(world["unit"], None, title=TITLE)


def _comment(world: dict[str, Any]) -> Comment:
    c = _consultation(world)
    with activate(c.agency):
        found = Comment.objects.filter(consultation=c).first()
    if found:
        return found
    author = User.objects.filter(username="warga.konsultasi@example.id").first() or (
        User.objects.create_user(
            "warga.konsultasi@example.id",
            "kata-sandi-uji-123",
            full_name="Warga Konsultasi",
            kind=User.Kind.CITIZEN,
        )
    )
    return comments.post_comment(
        c, section(c, "pasal-1"), author, body="Masukan akses.", group="citizen"
    )


def _claim(world: dict[str, Any]) -> Stakeholder:
    """A declared organisation's claim, from a comment on the secret unit's draft."""
    c = _consultation(world)
    with activate(c.agency):
        found = Stakeholder.objects.filter(organisation=TITLE).first()
    if found:
        return found
    author = User.objects.filter(username="wakil.organisasi@example.id").first() or (
        User.objects.create_user(
            "wakil.organisasi@example.id",
            "kata-sandi-uji-123",
            full_name="Wakil Organisasi",
            kind=User.Kind.CITIZEN,
        )
    )
    comment = comments.post_comment(
        c,
        section(c, "pasal-2"),
        author,
        body="Masukan organisasi.",
        group="community",
        organisation=TITLE,
    )
    with activate(c.agency):
        return Stakeholder.objects.get(pk=comment.stakeholder_id)


def _forum(world: dict[str, Any]) -> Forum:
    with activate(world["agency"]):
        found = Forum.objects.filter(topic=TITLE).first()
    return found or forums.schedule_forum(
        world["unit"],
        topic=TITLE,
        starts_at=timezone.now() + dt.timedelta(days=3),
        place="Aula",
        by=None,
    )


def _item(world: dict[str, Any]) -> ActionItem:
    forum = _forum(world)
    with activate(forum.agency):
        found = ActionItem.objects.filter(forum=forum).first()
    if found:
        return found
    owner = wf.hire(forum.agency, "Pemilik Tindak Lanjut", dt.date(1985, 3, 12), seq=77)
    return forums.add_action_item(
        forum, title="Tindak lanjut akses", owner=owner, due_on=forum.agency.today(), by=None
    )


PROVIDERS = {
    "consultation_id": lambda world: _consultation(world).pk,
    "comment_id": lambda world: _comment(world).pk,
    "forum_id": lambda world: _forum(world).pk,
    "item_id": lambda world: _item(world).pk,
    "stakeholder_id": lambda world: _claim(world).pk,
}
