"""The demo seeder: one consultation per pemda with comments from every stakeholder
group across two versions (some re-anchored, some orphaned), answers, two waiting; forums
with minutes and action items open, overdue and done."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import make_staff
from sigap.accounts.models import Role, User
from sigap.consultations import demo, drafts, reports
from sigap.consultations.models import (
    ActionItem,
    Comment,
    CommentPlacement,
    Consultation,
    Forum,
    Stakeholder,
    StakeholderGroup,
)
from sigap.platform.demo import DemoContext
from sigap.tenancy.context import activate
from sigap.workforce.tests import factories as wf


@pytest.fixture
def seeded(agency, opd):
    officer = make_staff(f"officer.{agency.slug}", agency, Role.OFFICER, unit=opd)
    make_staff(f"unit_head.{agency.slug}", agency, Role.UNIT_HEAD, unit=opd)
    for i in range(6):
        User.objects.create_user(
            f"w{i}@demo.id", None, full_name=f"Warga {i}", kind=User.Kind.CITIZEN
        )
    hired = [wf.hire(agency, f"ASN {i}", dt.date(1980, 1, 1), seq=20 + i) for i in range(3)]
    # As the workforce demo does: the officer's login belongs to an ASN record.
    with activate(agency):
        hired[0].user = officer
        hired[0].save(update_fields=["user"])
    ctx = DemoContext("small", 7)
    demo.seed(ctx)
    return ctx


def test_the_demo_covers_every_part(seeded, agency):
    with activate(agency):
        c = Consultation.objects.get()
        all_comments = list(Comment.objects.filter(consultation=c).select_related("stakeholder"))
        assert {x.group for x in all_comments} == set(StakeholderGroup.values)
        anchors = {x.anchor for x in all_comments}
        assert {"moved", "edited", "orphaned", "anchored", "section"} <= anchors
        assert drafts.unanswered(c) == 2
        assert any(x.status == Comment.Status.HIDDEN and x.moderation_reason for x in all_comments)
        report = reports.build(c)
        assert report.answers and report.version_changes
        assert report.respondents >= 2 and report.questions[0].respondents == report.respondents
        # The questionnaire after publication: one wording revised, one replaced.
        assert report.questions[0].revised
        assert [(q.retired, bool(q.replaces)) for q in report.questions[1:]] == [
            (True, False),
            (False, True),
        ]
        # Every badge shows: verified (registry and unit), declared, and a refusal.
        claims = {x.organisation or x.group: x.status for x in Stakeholder.objects.all()}
        assert claims["asn"] == "verified"
        assert claims["Ikatan Ahli Kepegawaian Indonesia"] == "verified"
        assert claims["Kadin Kabupaten"] == "rejected"
        assert claims["Forum Warga Peduli Pelayanan"] == "declared"
        assert {x.identity for x in all_comments} == {"verified", "declared", None}
        assert CommentPlacement.objects.filter(comment__consultation=c).count() > len(all_comments)
        held, scheduled = (Forum.objects.get(status=s) for s in ("held", "scheduled"))
        assert held.minutes
        today = agency.today()
        items = list(ActionItem.objects.filter(forum=held))
        assert {i.status for i in items} == {"open", "done"}
        assert any(i.status == "open" and i.due_on < today for i in items)
        assert any(i.status == "open" and i.due_on >= today for i in items)
    assert seeded.counts["konsultasi publik"] == 1
