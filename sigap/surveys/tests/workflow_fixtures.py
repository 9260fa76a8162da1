"""Records in a given state for the generated transition-table test
(sigap/platform/tests/test_transitions.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sigap.surveys.models import ImprovementAction, Invitation
from sigap.surveys.tests import factories
from sigap.tenancy import org
from sigap.tenancy.models import OrgUnit
from sigap.workforce.tests.factories import hire


def _unit(agency: Any) -> OrgUnit:
    return org.create_unit(
        agency, kind=OrgUnit.Kind.OPD, name="Disdukcapil", code=f"SV{OrgUnit.objects.count()}"
    )


def make_invitation(agency: Any, state: str) -> Invitation:
    svc = factories.service(agency, _unit(agency), code=f"SV-{Invitation.objects.count()}")
    invitation = Invitation.objects.create(
        agency=agency,
        event=factories.event(svc),
        nonce="0" * 16,
        status=state,
        expires_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
    )
    return invitation


def make_action(agency: Any, state: str) -> ImprovementAction:
    owner = hire(agency, "Pemilik", dt.date(1980, 1, 1), seq=ImprovementAction.objects.count() + 1)
    return ImprovementAction.objects.create(
        agency=agency,
        unit=_unit(agency),
        element="U3",
        period_start=dt.date(2026, 7, 1),
        description="Tambah loket",
        owner=owner,
        due_date=dt.date(2030, 1, 1),
        status=state,
    )


FACTORIES = {Invitation: make_invitation, ImprovementAction: make_action}
