"""The catalogue API: public reads, staff writes through the domain functions, and the
Open311 GeoReport v2 ``services`` operations checked field by field."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from conftest import make_staff
from sigap.accounts.models import Role
from sigap.services import catalogue
from sigap.services.tests.factories import service_with_standard
from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import OrgUnit

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _xml(body: bytes) -> ET.Element:
    return ET.fromstring(body)  # noqa: S314 - Sigap's own response, not untrusted input


FORM = [
    {"key": "nama_bayi", "label": "Nama bayi", "type": "text", "help": "Sesuai surat lahir"},
    {"key": "uraian", "label": "Uraian", "type": "textarea", "required": False},
    {"key": "berat", "label": "Berat (gram)", "type": "number", "required": False},
    {"key": "tanggal_lahir", "label": "Tanggal lahir", "type": "date"},
    {"key": "jenis_kelamin", "label": "Jenis kelamin", "type": "choice", "choices": ["L", "P"]},
    {"key": "nik_ibu", "label": "NIK ibu", "type": "nik"},
    {"key": "surat_lahir", "label": "Surat keterangan lahir", "type": "file"},
]


@pytest.fixture
def akta(agency, opd):
    service, _ = service_with_standard(
        agency, opd, code="AKTA", name="Akta kelahiran", form_fields=FORM
    )
    with activate(agency):
        catalogue.update_service(service, summary="Akta untuk bayi yang baru lahir.")
    return service


# ------------------------------------------------------------------ public reads


def test_public_list_and_detail_need_no_sign_in(agency, other_agency, akta, login):
    client = login(None)
    rows = client.get(f"{API}/publik/jambi/layanan").json()
    assert [r["code"] for r in rows] == ["AKTA"]
    assert rows[0]["time_limit"] == 3 and rows[0]["time_unit"] == "days" and rows[0]["fee"] == 0
    assert rows[0]["measured"]["finished"] == 0
    assert client.get(f"{API}/publik/jambi/layanan", {"q": "paspor"}).json() == []
    detail = client.get(f"{API}/publik/jambi/layanan/akta").json()
    assert detail["standard"]["version"] == 1
    assert detail["standard"]["requirements"][0] == "Surat keterangan lahir"
    assert [f["key"] for f in detail["standard"]["form_fields"]][:2] == ["nama_bayi", "uraian"]
    assert "facilities" not in detail["standard"]  # internal components stay internal
    missing = client.get(f"{API}/publik/jambi/layanan/TIDAK-ADA")
    assert missing.status_code == 404 and set(missing.json()) == {"code", "message", "errors"}
    assert client.get(f"{API}/publik/tebo/layanan").json() == []
    assert client.get(f"{API}/publik/tebo/layanan/AKTA").status_code == 404


# ------------------------------------------------------------------ staff writes


def test_staff_create_draft_and_publish_through_the_api(agency, opd, login, agency_admin):
    client = login(agency_admin)
    created = client.post(
        f"{API}/katalog/layanan",
        {"unit_id": opd.pk, "code": "kk", "name": "Kartu keluarga", "category": "adminduk"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    service_id = created.json()["id"]
    assert created.json()["code"] == "KK" and created.json()["versions"] == []

    draft_url = f"{API}/katalog/layanan/{service_id}/konsep"
    bad = client.put(
        draft_url,
        {"requirements": ["KK lama"], "fee": 5000, "time_limit": 1},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "fee"

    bad_form = client.put(
        draft_url,
        {"form_fields": [{"key": "x", "label": "X", "type": "choice", "choices": ["a"]}]},
        content_type="application/json",
    )
    assert bad_form.status_code == 422
    assert bad_form.json()["errors"][0]["field"] == "form_fields"

    body = {
        "requirements": ["KK lama", "Surat pindah"],
        "procedure": ["Isi formulir", "Verifikasi", "KK terbit"],
        "time_limit": 1,
        "time_unit": "days",
        "fee": 0,
        "product": "Kartu keluarga",
        "complaint_handling": "SP4N-LAPOR!",
        "form_fields": [{"key": "alasan", "label": "Alasan", "type": "textarea"}],
    }
    draft = client.put(draft_url, body, content_type="application/json")
    assert draft.status_code == 200, draft.json()
    assert draft.json()["version"] == 1 and draft.json()["status"] == "draft"
    again = client.put(draft_url, {"time_limit": 2}, content_type="application/json").json()
    assert (
        again["version"] == 1 and again["time_limit"] == 2 and again["product"] == "Kartu keluarga"
    )

    published = client.post(f"{API}/katalog/layanan/{service_id}/terbitkan")
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert client.post(f"{API}/katalog/layanan/{service_id}/terbitkan").status_code == 422

    client.put(draft_url, {"time_limit": 3}, content_type="application/json")
    client.post(f"{API}/katalog/layanan/{service_id}/terbitkan")
    v1 = client.get(f"{API}/katalog/layanan/{service_id}/standar/1").json()
    assert v1["status"] == "retired" and v1["time_limit"] == 2
    detail = client.get(f"{API}/katalog/layanan/{service_id}").json()
    assert detail["in_force_version"] == 2 and detail["versions"] == [2, 1]

    patched = client.patch(
        f"{API}/katalog/layanan/{service_id}",
        {"summary": "KK baru atau perubahan", "accepts_online": False},
        content_type="application/json",
    )
    assert patched.json()["summary"] == "KK baru atau perubahan"
    assert patched.json()["accepts_online"] is False
    listing = client.get(f"{API}/katalog/layanan").json()
    assert [s["code"] for s in listing["items"]] == ["KK"]


def test_unit_head_api_is_confined_to_their_subtree(agency, opd, akta, login):
    capil = org.create_unit(
        agency, kind=OrgUnit.Kind.BIDANG, name="Bidang Capil", code="CAPIL", parent=opd
    )
    head = make_staff("kabid.capil", agency, Role.UNIT_HEAD, unit=capil)
    client = login(head)
    assert client.get(f"{API}/katalog/layanan").json()["items"] == []
    assert client.get(f"{API}/katalog/layanan/{akta.pk}").status_code == 404
    refused = client.post(
        f"{API}/katalog/layanan",
        {"unit_id": opd.pk, "code": "X", "name": "X", "category": "lainnya"},
        content_type="application/json",
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "unit_id"
    ok = client.post(
        f"{API}/katalog/layanan",
        {"unit_id": capil.pk, "code": "X", "name": "X", "category": "lainnya"},
        content_type="application/json",
    )
    assert ok.status_code == 201


def test_it_checks_access(agency, akta, login, officer, other_admin):
    url = f"{API}/katalog/layanan/{akta.pk}"
    assert login(None).get(url).status_code == 401
    assert login(officer).get(url).status_code == 403
    assert login(other_admin).get(url).status_code == 404
    put = login(other_admin).put(
        f"{url}/konsep", {"time_limit": 9}, content_type="application/json"
    )
    assert put.status_code == 404


# ------------------------------------------------------------------ Open311


def test_open311_service_list_json_field_by_field(agency, akta, opd, login):
    service_with_standard(agency, opd, code="SKL", name="Surat keterangan", form_fields=[])
    offline, _ = service_with_standard(agency, opd, code="LOKET", name="Hanya di loket")
    with activate(agency):
        catalogue.update_service(offline, accepts_online=False)
    response = login(None).get(f"{API}/open311/v2/services.json", {"jurisdiction_id": "jambi"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    services = {s["service_code"]: s for s in response.json()}
    assert set(services) == {"AKTA", "SKL"}  # not the counter-only service
    assert services["AKTA"] == {
        "service_code": "AKTA",
        "service_name": "Akta kelahiran",
        "description": "Akta untuk bayi yang baru lahir.",
        "metadata": True,
        "type": "realtime",
        "keywords": f"Administrasi kependudukan, {opd.name}",
        "group": "Administrasi kependudukan",
    }
    assert services["SKL"]["metadata"] is False


def test_open311_service_list_xml_field_by_field(agency, akta, login):
    response = login(None).get(f"{API}/open311/v2/services.xml", {"jurisdiction_id": "jambi"})
    assert response["Content-Type"].startswith("application/xml")
    root = _xml(response.content)
    assert root.tag == "services"
    (service,) = root.findall("service")
    assert [child.tag for child in service] == [
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    ]
    assert service.findtext("service_code") == "AKTA"
    assert service.findtext("metadata") == "true" and service.findtext("type") == "realtime"


def test_open311_service_definition_json_field_by_field(agency, akta, login):
    response = login(None).get(f"{API}/open311/v2/services/AKTA.json", {"jurisdiction_id": "jambi"})
    doc = response.json()
    assert doc["service_code"] == "AKTA"
    attributes = doc["attributes"]
    assert [a["order"] for a in attributes] == [1, 2, 3, 4, 5, 6, 7]
    assert [a["datatype"] for a in attributes] == [
        "string",
        "text",
        "number",
        "datetime",
        "singlevaluelist",
        "string",
        "string",
    ]
    assert attributes[0] == {
        "variable": True,
        "code": "nama_bayi",
        "datatype": "string",
        "required": True,
        "datatype_description": "Sesuai surat lahir",
        "order": 1,
        "description": "Nama bayi",
    }
    assert attributes[1]["required"] is False
    assert attributes[4]["values"] == [{"key": "L", "name": "L"}, {"key": "P", "name": "P"}]
    assert "values" not in attributes[0]
    upload = attributes[6]
    assert upload["variable"] is False and upload["required"] is False
    assert "portal" in upload["datatype_description"]


def test_open311_service_definition_xml_field_by_field(agency, akta, login):
    response = login(None).get(f"{API}/open311/v2/services/AKTA.xml", {"jurisdiction_id": "jambi"})
    root = _xml(response.content)
    assert root.tag == "service_definition" and root.findtext("service_code") == "AKTA"
    attributes = root.find("attributes").findall("attribute")
    assert len(attributes) == 7
    first = attributes[0]
    assert [child.tag for child in first] == [
        "variable",
        "code",
        "datatype",
        "required",
        "datatype_description",
        "order",
        "description",
    ]
    assert first.findtext("variable") == "true" and first.findtext("order") == "1"
    choice = attributes[4]
    values = choice.find("values").findall("value")
    assert [(v.findtext("key"), v.findtext("name")) for v in values] == [("L", "L"), ("P", "P")]


def test_open311_errors(agency, akta, login):
    client = login(None)
    missing = client.get(f"{API}/open311/v2/services.json")
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "jurisdiction_id"
    unknown = client.get(f"{API}/open311/v2/services.xml", {"jurisdiction_id": "atlantis"})
    assert unknown.status_code == 404
    error = _xml(unknown.content).find("error")
    assert error.findtext("code") == "404" and "atlantis" in error.findtext("description")
    assert (
        client.get(f"{API}/open311/v2/services.csv", {"jurisdiction_id": "jambi"}).status_code
        == 400
    )
    other = client.get(f"{API}/open311/v2/services/AKTA.json", {"jurisdiction_id": "tebo"})
    assert other.status_code == 404  # tebo does not exist here; nor would AKTA be its service
