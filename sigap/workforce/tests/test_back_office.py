"""The back office writes workforce data through ``records`` only."""

from __future__ import annotations

import datetime as dt

from sigap.tenancy.context import activate
from sigap.workforce.models import Employee, Position, PositionRequirement
from sigap.workforce.tests import factories as f


def test_a_position_and_its_standard_are_saved_through_records(login, agency_admin, agency, opd):
    keu = f.competency(agency, "TK-KEU", "Pengelolaan Keuangan")
    client = login(agency_admin)
    data = {
        "unit": opd.pk,
        "code": "KEU-1",
        "title": "Analis Keuangan",
        "jabatan_type": "fungsional",
        "min_golongan": "",
        "relevant_fields": '["ekonomi"]',
        "formasi": 2,
        "is_active": "on",
        "standard": "TK-KEU=3",
    }
    assert client.post("/admin/workforce/position/add/", data).status_code == 302
    with activate(agency):
        post = Position.objects.get(code="KEU-1")
        assert PositionRequirement.objects.get(position=post).level == 3
    bad = client.post(f"/admin/workforce/position/{post.pk}/change/", {**data, "standard": "X=9"})
    assert bad.status_code == 200 and "KODE=level" in bad.content.decode()
    changed = {**data, "title": "Analis Keuangan Daerah", "standard": ""}
    response = client.post(f"/admin/workforce/position/{post.pk}/change/", changed)
    assert response.status_code == 302
    with activate(agency):
        post.refresh_from_db()
        assert post.title == "Analis Keuangan Daerah" and post.unit_id == opd.pk
        assert not PositionRequirement.objects.filter(position=post).exists()
    assert keu.pk


def test_an_identity_correction_must_agree_with_the_nip(login, agency_admin, agency):
    ani = f.hire(agency, "Ani", dt.date(1985, 3, 12), gender="P")
    url = f"/admin/workforce/employee/{ani.pk}/change/"
    data = {
        "full_name": "Ani Lestari",
        "gender": "P",
        "birth_date": "1985-03-12",
        "service_start": "2010-01-01",
        "user": "",
    }
    client = login(agency_admin)
    wrong = client.post(url, {**data, "birth_date": "1985-03-13"})
    assert wrong.status_code == 200
    assert client.post(url, data).status_code == 302
    with activate(agency):
        assert Employee.objects.get(pk=ani.pk).full_name == "Ani Lestari"
