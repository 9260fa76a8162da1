"""The pages through the test client: HR builds a programme, the unit head approves
within budget and is refused beyond it, the ASN sees the JP bar, the certificate
verifies publicly."""

from __future__ import annotations

import pytest

from sigap.learning import enrolment
from sigap.learning.models import Certificate, Enrolment, Programme
from sigap.learning.tests import factories as f
from sigap.tenancy.context import activate


@pytest.fixture
def world(agency, opd):
    return f.build(agency, opd, planned=1_500_000, people=3)


def test_hr_creates_a_programme_with_sessions(world, hr, login):
    client = login(hr)
    response = client.post(
        "/kerja/pembelajaran/program/baru/",
        {
            "code": "kom-1",
            "title": "Komunikasi publik",
            "form": "workshop",
            "provider_kind": "internal",
            "year": 2026,
            "capacity": 5,
            "cost_per_participant": 0,
        },
    )
    with activate(world.agency):
        p = Programme.objects.get(code="KOM-1")
    assert response.status_code == 302
    for day in ("2026-04-06", "2026-04-07"):
        r = client.post(
            f"/kerja/pembelajaran/program/{p.pk}/sesi/",
            {"starts_at": f"{day}T08:00", "ends_at": f"{day}T15:00", "place": "Aula"},
        )
        assert r.status_code == 302
    p.refresh_from_db()
    assert p.jp == 10  # workshop: 5 JP a day, two days
    page = client.get(f"/kerja/pembelajaran/program/{p.pk}/")
    assert "10 JP" in page.content.decode()
    # Both sessions on the month grid (Monday-first: 6 April 2026 is a Monday) and in the
    # phone agenda.
    month = client.get("/kerja/pembelajaran/?bulan=2026-04").content.decode()
    grid = month.split('id="month-grid"')[1].split("</table>")[0]
    rows = grid.split("<tbody>")[1].split("</tr>")
    second_week = [row for row in rows if "Komunikasi publik" in row]
    assert len(second_week) == 1 and second_week[0].count("Komunikasi publik") == 2
    assert second_week[0].split("<td")[1].count("Komunikasi publik") == 1  # Monday cell
    assert month.count("Komunikasi publik") >= 4  # grid twice, agenda twice


def test_unit_head_is_refused_beyond_budget_with_figures(world, login):
    p = f.programme(world, cost=1_000_000)
    rows = [enrolment.nominate(p, e, by=world.head_user) for e in world.staff[:2]]
    client = login(world.head_user)
    client.post(f"/kerja/pembelajaran/peserta/{rows[0].pk}/approve/")
    response = client.post(f"/kerja/pembelajaran/peserta/{rows[1].pk}/approve/", follow=True)
    text = response.content.decode()
    assert "tidak cukup" in text and "Rp500.000" in text
    with activate(world.agency):
        assert [e.status for e in Enrolment.objects.order_by("pk")] == ["approved", "nominated"]


def test_api_approval_refusal_is_a_422_with_figures(world, login):
    p = f.programme(world, cost=1_000_000)
    rows = [enrolment.nominate(p, e, by=world.head_user) for e in world.staff[:2]]
    client = login(world.head_user)
    ok = client.post(
        f"/api/v1/learning/enrolments/{rows[0].pk}/approve", {}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    refused = client.post(
        f"/api/v1/learning/enrolments/{rows[1].pk}/approve", {}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "budget"


def test_asn_sees_progress_and_certificate_verifies(world, hr, login):
    user = f.link_login(world.staff[0], "pegawai.bar", unit=world.bidang)
    p = f.programme(world)
    e = enrolment.nominate(p, world.staff[0], by=world.head_user)
    enrolment.approve(e, by=world.head_user)
    with activate(world.agency):
        for s in p.sessions.all():
            enrolment.record_attendance(s, {e.pk: True}, by=hr)
    cert = enrolment.complete(e, by=hr)
    mine = login(user).get("/kerja/pembelajaran/saya/").content.decode()
    assert 'value="80"' in mine  # 16 of 20 JP
    public = login(None).get(f"/sertifikat/{cert.number}/")
    assert public.status_code == 200 and "Sertifikat sah" in public.content.decode()
    assert world.staff[0].nip not in public.content.decode()  # masked
    assert login(None).get("/sertifikat/TIDAK-ADA/").status_code == 404
    pdf = login(user).get(f"/kerja/pembelajaran/peserta/{e.pk}/sertifikat.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    with activate(world.agency):
        assert Certificate.objects.count() == 1


def test_oversight_pages_render(world, hr, login):
    f.programme(world)
    client = login(hr)
    for url in (
        "/kerja/pembelajaran/",
        "/kerja/pembelajaran/capaian-jp/",
        f"/kerja/pembelajaran/kebutuhan/?unit={world.opd.pk}&year=2026",
        "/kerja/pembelajaran/anggaran/?year=2026",
        "/kerja/pembelajaran/mentoring/",
        "/kerja/pembelajaran/sosialisasi/",
    ):
        assert client.get(url).status_code == 200, url
    xlsx = client.get(f"/kerja/pembelajaran/rencana.xlsx?unit={world.opd.pk}&year=2026")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    register = client.get("/kerja/pembelajaran/register-sertifikat.pdf?year=2026")
    assert register.content.startswith(b"%PDF")
