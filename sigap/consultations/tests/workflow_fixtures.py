"""Records of the consultations' stateful models in a given state, for the generated
transitions test (``sigap/platform/tests/test_transitions.py``)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from sigap.accounts.models import User
from sigap.consultations import comments, forums
from sigap.consultations.models import ActionItem, Comment, Consultation, Forum, Stakeholder
from sigap.consultations.tests.factories import consultation, section
from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workforce.tests import factories as wf

_seq = itertools.count(1)


def _unit(agency: Agency) -> OrgUnit:
    n = next(_seq)
    with activate(agency):
        return org.create_unit(
            agency, kind=OrgUnit.Kind.OPD, name=f"Dinas Alur {n}", code=f"ALUR{n}"
        )


def _set(model: type, pk: int, agency: Agency, state: str) -> Any:
    # Set-up only: the state is what the test starts from, not a move it checks.
    with activate(agency):
        model.objects.filter(pk=pk).update(status=state)
        return model.objects.get(pk=pk)


def consultation_in(agency: Agency, state: str) -> Consultation:
    c = consultation(_unit(agency), None, open_it=False)
    return _set(Consultation, c.pk, agency, state)


def comment_in(agency: Agency, state: str) -> Comment:
    c = consultation(_unit(agency), None)
    n = next(_seq)
    author = User.objects.create_user(
        f"alur{n}@example.id", "kata-sandi-uji-123", full_name="Warga Alur", kind=User.Kind.CITIZEN
    )
    cm = comments.post_comment(c, section(c, "pasal-1"), author, body="x", group="citizen")
    return _set(Comment, cm.pk, agency, state)


def stakeholder_in(agency: Agency, state: str) -> Stakeholder:
    cm = comment_in(agency, Comment.Status.VISIBLE)
    with activate(agency):
        claim = Stakeholder.objects.create(
            agency=agency, user=cm.author, group="community", organisation=f"Lembaga {cm.pk}"
        )
    return _set(Stakeholder, claim.pk, agency, state)


def forum_in(agency: Agency, state: str) -> Forum:
    f = forums.schedule_forum(
        _unit(agency), topic="Forum alur", place="Aula", by=None, starts_at=timezone.now()
    )
    return _set(Forum, f.pk, agency, state)


def item_in(agency: Agency, state: str) -> ActionItem:
    f = forum_in(agency, Forum.Status.SCHEDULED)
    n = next(_seq)
    owner = wf.hire(agency, f"Pemilik Alur {n}", dt.date(1985, 3, 12), seq=100 + n)
    item = forums.add_action_item(f, title="Alur", owner=owner, due_on=dt.date(2026, 1, 5), by=None)
    return _set(ActionItem, item.pk, agency, state)


FACTORIES: dict[type, Any] = {
    Consultation: consultation_in,
    Comment: comment_in,
    Stakeholder: stakeholder_in,
    Forum: forum_in,
    ActionItem: item_in,
}
