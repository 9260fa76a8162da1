"""Records in a given state for the generated transition-table test
(sigap/platform/tests/test_transitions.py)."""

from __future__ import annotations

from typing import Any

from sigap.accounts.models import User
from sigap.services.models import Application, ServiceStandard
from sigap.services.tests.factories import service_with_standard
from sigap.services.tracking import new_tracking_number
from sigap.tenancy import org
from sigap.tenancy.models import OrgUnit


def _unit(agency: Any) -> OrgUnit:
    return org.create_unit(
        agency, kind=OrgUnit.Kind.OPD, name="Disdukcapil", code=f"DK{OrgUnit.objects.count()}"
    )


def make_standard(agency: Any, state: str) -> ServiceStandard:
    _service, standard = service_with_standard(
        agency, _unit(agency), code=f"L{ServiceStandard.objects.count()}", publish=False
    )
    ServiceStandard.objects.filter(pk=standard.pk).update(status=state)
    standard.refresh_from_db()
    return standard


def make_application(agency: Any, state: str) -> Application:
    service, standard = service_with_standard(
        agency, _unit(agency), code=f"L{ServiceStandard.objects.count()}"
    )
    citizen = User.objects.filter(kind=User.Kind.CITIZEN).first() or User.objects.create_user(
        "warga.uji", "kata-sandi-uji-123", full_name="Warga Uji", kind=User.Kind.CITIZEN
    )
    return Application.objects.create(
        agency=agency,
        service=service,
        standard=standard,
        unit=service.unit,
        citizen=citizen,
        status=state,
        tracking_number=new_tracking_number(),
    )


FACTORIES = {ServiceStandard: make_standard, Application: make_application}
