"""``IdIn``: a filter on a list of ids sent as one parameter (``platform.idlist``)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sigap.platform.idlist import IdIn
from sigap.tenancy import org
from sigap.tenancy.models import Agency, OrgUnit


def test_the_rows_whose_column_is_one_of_the_ids(agency, other_agency, opd):
    bidang = org.create_unit(agency, kind=OrgUnit.Kind.BIDANG, name="Bidang", code="B1", parent=opd)
    wanted = [agency.pk, other_agency.pk + 1_000, other_agency.pk]
    assert set(Agency.objects.filter(IdIn("pk", wanted))) == {agency, other_agency}
    assert list(Agency.objects.filter(IdIn("pk", []))) == []
    # Through a relation, combined with other conditions.
    units = OrgUnit.all_objects.filter(IdIn("parent__agency_id", [agency.pk]), code="B1")
    assert list(units) == [bidang]
    assert list(OrgUnit.all_objects.exclude(IdIn("pk", [opd.pk])).filter(agency=agency)) == [bidang]


def test_the_ids_are_one_parameter(agency, other_agency):
    ids = [agency.pk, other_agency.pk, *range(10_000_000, 10_040_000)]  # beyond SQLite's 32,766
    with CaptureQueriesContext(connection) as queries:
        assert Agency.objects.filter(IdIn("pk", ids)).count() == 2
    (query,) = queries.captured_queries
    assert query["sql"].count("10000001") == 1
