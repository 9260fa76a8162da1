from __future__ import annotations

import pytest

from sigap.tenancy import org
from sigap.tenancy.context import NoActiveTenant, activate, unscoped
from sigap.tenancy.models import OrgUnit


def test_scoped_query_without_active_agency_fails_closed(opd):
    with pytest.raises(NoActiveTenant):
        list(OrgUnit.objects.all())


def test_each_agency_sees_only_its_own_units(agency, other_agency, opd, other_opd):
    with activate(agency):
        assert list(OrgUnit.objects.all()) == [opd]
    with activate(other_agency):
        assert list(OrgUnit.objects.all()) == [other_opd]
        assert not OrgUnit.objects.filter(pk=opd.pk).exists()


def test_unscoped_sees_every_agency_for_system_work(opd, other_opd):
    with unscoped():
        assert OrgUnit.objects.count() == 2


def test_saving_another_agencys_record_is_refused(agency, other_agency, opd):
    with activate(other_agency):
        opd.name = "Diubah oleh pemda lain"
        with pytest.raises(NoActiveTenant):
            opd.save()


def test_new_record_takes_the_active_agency(agency):
    with activate(agency):
        unit = OrgUnit(kind=OrgUnit.Kind.OPD, name="Dinas Sosial", code="DINSOS")
        unit.save()
    assert unit.agency_id == agency.pk


def test_writing_for_another_agency_inside_a_request_is_refused(agency, other_agency):
    with activate(other_agency), pytest.raises(NoActiveTenant):
        org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinas Sosial", code="DINSOS")


def test_related_managers_are_scoped_too(agency, other_agency, opd):
    with activate(agency):
        bidang = org.create_unit(
            agency, kind=OrgUnit.Kind.BIDANG, name="Bidang Pelayanan", code="B1", parent=opd
        )
        assert list(opd.children.all()) == [bidang]
    with activate(other_agency):
        assert list(opd.children.all()) == []
