"""PATCH /api/v1/units/{id}: null is refused with a 422 in the one error shape, never a
500 from the NOT NULL column (issue 8, item 5)."""

from __future__ import annotations

import json

import pytest

from sigap.tenancy.context import activate
from sigap.tenancy.models import OrgUnit


def patch(client, unit: OrgUnit, body: dict):
    return client.patch(
        f"/api/v1/units/{unit.pk}", data=json.dumps(body), content_type="application/json"
    )


@pytest.mark.parametrize("field", ["short_name", "name", "is_active"])
def test_null_is_refused_with_an_indonesian_422(login, agency_admin, agency, opd, field):
    response = patch(login(agency_admin), opd, {field: None})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["errors"] == [
        {
            "field": field,
            "message": "Kolom ini tidak boleh null; lewati kolom ini bila tidak diubah.",
        }
    ]
    with activate(agency):
        assert OrgUnit.objects.get(pk=opd.pk).short_name == opd.short_name


def test_fields_not_sent_are_left_alone_and_an_empty_short_name_clears_it(
    login, agency_admin, agency, opd
):
    response = patch(login(agency_admin), opd, {"short_name": ""})
    assert response.status_code == 200
    assert response.json()["short_name"] == "" and response.json()["name"] == opd.name
    response = patch(login(agency_admin), opd, {"name": "Dinas Baru"})
    assert response.status_code == 200 and response.json()["name"] == "Dinas Baru"


def test_the_openapi_document_does_not_offer_null(client):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["UnitPatch"]
    for prop in schema["properties"].values():
        assert "anyOf" not in prop and prop.get("type") != "null"
