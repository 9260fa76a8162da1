"""Issue 8, item 13: HR corrects one ASN's data and records competency assessments on a
page and through the API, through the domain functions (before, only a re-import could
change an ASN, and assessments had no entry path at all)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from sigap.tenancy.context import activate
from sigap.workforce.models import CompetencyAssessment, Employee
from sigap.workforce.registry import records
from sigap.workforce.tests import factories as f


@pytest.fixture
def rina(agency):
    return f.hire(agency, "Rina Marlina", dt.date(1988, 4, 2), gender="P")


@pytest.fixture
def komunikasi(agency):
    return f.competency(agency, "KOM", "Komunikasi", "manajerial")


def test_hr_corrects_a_name_on_the_page_and_the_trail_names_it(login, hr, agency, rina):
    client = login(hr)
    url = reverse("workforce:asn_correct", args=[rina.pk])
    assert "Rina Marlina" in client.get(url).content.decode()
    data = {
        "full_name": "Rina Marlina, S.Kom.",
        "gender": "P",
        "birth_date": "1988-04-02",
        "service_start": rina.service_start.isoformat(),
        "nip": rina.nip,
        "pppk_number": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    with activate(agency):
        assert Employee.objects.get(pk=rina.pk).full_name == "Rina Marlina, S.Kom."
    assert LogEntry.objects.filter(additional_data__event="koreksi data ASN").exists()


def test_a_correction_breaking_the_nip_is_refused_on_its_field(login, hr, agency, rina):
    url = reverse("workforce:asn_correct", args=[rina.pk])
    data = {
        "full_name": "Rina Marlina",
        "gender": "P",
        "birth_date": "1990-04-02",  # no longer agrees with the NIP
        "service_start": rina.service_start.isoformat(),
        "nip": rina.nip,
        "pppk_number": "",
    }
    response = login(hr).post(url, data)
    assert response.status_code == 200
    with activate(agency):
        assert Employee.objects.get(pk=rina.pk).birth_date == dt.date(1988, 4, 2)


def test_hr_records_an_assessment_on_the_page(login, hr, agency, rina, komunikasi):
    response = login(hr).post(
        reverse("workforce:asn_assess", args=[rina.pk]),
        {
            "competency": komunikasi.pk,
            "level": "4",
            "assessed_on": "2026-03-02",
            "method": "assessment_center",
            "assessor": "UPT Penilaian Kompetensi BKN",
        },
    )
    assert response.status_code == 302
    with activate(agency):
        a = CompetencyAssessment.objects.get(employee=rina)
    assert (a.level, a.method, a.assessor) == (
        4,
        "assessment_center",
        "UPT Penilaian Kompetensi BKN",
    )
    assert LogEntry.objects.filter(additional_data__event="asesmen kompetensi").exists()


def test_officers_and_unit_heads_cannot_open_the_correction_pages(login, officer, unit_head, rina):
    for user in (officer, unit_head):
        client = login(user)
        assert client.get(reverse("workforce:asn_correct", args=[rina.pk])).status_code in (
            403,
            404,
        )
        assert client.get(reverse("workforce:asn_assess", args=[rina.pk])).status_code in (403, 404)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"level": 6}, "level"),
        ({"method": "tebakan"}, "method"),
        ({"assessed_on": dt.date(2099, 1, 1)}, "assessed_on"),
        ({"assessor": " "}, "assessor"),
    ],
)
def test_domain_refuses_a_bad_assessment(rina, komunikasi, changes, field):
    args = {
        "competency": komunikasi,
        "level": 3,
        "assessed_on": dt.date(2026, 3, 2),
        "method": "penilaian_atasan",
        "assessor": "Kepala Bidang",
        **changes,
    }
    with pytest.raises(ValidationError) as caught:
        records.record_assessment(rina, strict=True, **args)
    assert field in caught.value.message_dict


def test_api_corrects_and_records_an_assessment(login, hr, agency, rina, komunikasi):
    client = login(hr)
    patched = client.patch(
        f"/api/v1/asn/{rina.pk}",
        data=json.dumps({"full_name": "Rina M."}),
        content_type="application/json",
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["full_name"] == "Rina M."
    created = client.post(
        f"/api/v1/asn/{rina.pk}/assessments",
        data=json.dumps(
            {
                "competency_id": komunikasi.pk,
                "level": 3,
                "assessed_on": "2026-03-02",
                "method": "uji_kompetensi",
                "assessor": "Tim Uji Kompetensi",
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    bad = client.post(
        f"/api/v1/asn/{rina.pk}/assessments",
        data=json.dumps(
            {
                "competency_id": komunikasi.pk,
                "level": 3,
                "assessed_on": "2026-03-02",
                "method": "tebakan",
                "assessor": "X",
            }
        ),
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "method"


def test_api_refuses_another_agencys_asn(login, other_admin, rina):
    response = login(other_admin).patch(
        f"/api/v1/asn/{rina.pk}",
        data=json.dumps({"full_name": "X"}),
        content_type="application/json",
    )
    assert response.status_code in (403, 404)
