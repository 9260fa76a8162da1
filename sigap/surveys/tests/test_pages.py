"""The survey's pages and API, through the client as people use them."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import make_staff
from sigap.accounts.models import Role
from sigap.surveys import invitations
from sigap.surveys.models import ExtraQuestion, ImprovementAction, Response
from sigap.surveys.tests import factories
from sigap.tenancy.context import activate
from sigap.workforce.tests.factories import hire

FORM = {**{f"u{i}": "3" for i in range(1, 10)}, "gender": "P", "suggestion": "Antrean lama"}


@pytest.fixture
def svc(agency, opd):
    return factories.service(agency, opd)


@pytest.fixture
def head(agency, opd):
    return make_staff("kepala.survei", agency, Role.UNIT_HEAD, opd)


def test_citizen_answers_from_the_link_once_without_login(svc, citizen, agency, login):
    invitation = invitations.invite(factories.event(svc, citizen=citizen))
    url = invitations.path_for(invitation)
    client = login(None)
    page = client.get(url)
    assert page.status_code == 200
    assert "U1." in page.content.decode() and svc.name in page.content.decode()
    assert "<script>" not in page.content.decode()
    done = client.post(url, FORM)
    assert done.status_code == 200 and "Terima kasih" in done.content.decode()
    with activate(agency):
        assert Response.objects.get().gender == "P"
    again = client.get(url)
    assert again.status_code == 410


def test_incomplete_link_answers_are_shown_back_with_errors(svc, citizen, login):
    invitation = invitations.invite(factories.event(svc, citizen=citizen))
    response = login(None).post(invitations.path_for(invitation), {"u1": "3"})
    assert response.status_code == 422
    assert "Pilih salah satu jawaban." in response.content.decode()


def test_a_forged_link_says_so(agency, login):
    url = reverse("surveys:answer", kwargs={"agency_slug": agency.slug, "token": "palsu"})
    response = login(None).get(url)
    assert response.status_code == 410 and "tidak sah" in response.content.decode()


def test_officer_runs_the_kiosk_and_types_a_paper_form(svc, agency, opd, login):
    officer = make_staff("petugas.loket", agency, Role.OFFICER, opd)
    first, second = factories.event(svc), factories.event(svc)
    client = login(officer)
    listing = client.get(reverse("surveys:counter"))
    assert listing.status_code == 200 and svc.name in listing.content.decode()
    kiosk = client.post(reverse("surveys:kiosk", args=[first.pk]), FORM)
    assert kiosk.status_code == 200 and "kembalikan tablet" in kiosk.content.decode()
    paper = client.post(reverse("surveys:paper", args=[second.pk]), {"u1": "2", "u3": "1"})
    assert paper.status_code == 302
    with activate(agency):
        assert sorted(Response.objects.values_list("channel", flat=True)) == ["kiosk", "paper"]
        assert Response.objects.get(channel="paper").u2 is None
    # Both rated: nothing left to hand the tablet for.
    assert svc.name not in client.get(reverse("surveys:counter")).content.decode()


def test_unit_head_reads_results_and_downloads_reports(svc, head, login):
    factories.answered(svc, [4, 4, 2, 4, 4, 4, 4, 4, 4])
    factories.answered(svc, [3, 3, 1, 3, 3, 3, 3, 3, 3])
    client = login(head)
    page = client.get(reverse("surveys:results"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Prioritas perbaikan: U3" in body
    assert "<svg" in body  # the trend chart, drawn on the server
    assert "<script" not in body.split("</main>")[0].split("<main")[-1]  # CSP: no inline script
    pdf = client.get(reverse("surveys:results_pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("surveys:results_xlsx"))
    book = load_workbook(io.BytesIO(xlsx.content))
    rows = list(book["IKM"].iter_rows(values_only=True))
    assert any(r[0] == "IKM" for r in rows)


def test_one_respondent_gets_no_interval_but_says_why(svc, head, login):
    factories.answered(svc, [4] * 9)
    client = login(head)
    assert "tidak cukup data" in client.get(reverse("surveys:results")).content.decode()
    xlsx = client.get(reverse("surveys:results_xlsx"))
    rows = list(load_workbook(io.BytesIO(xlsx.content))["IKM"].iter_rows(values_only=True))
    assert ("Selang kepercayaan 95%", "tidak cukup data") in [r[:2] for r in rows]


def test_unit_head_records_and_completes_an_improvement_action(agency, opd, head, login):
    owner = hire(agency, "Sari Penanggung", dt.date(1988, 2, 2), seq=5)
    from sigap.workforce.tests.factories import place, position

    place(owner, position(agency, opd, "STAF-1", "Pengadministrasi"), dt.date(2020, 1, 1))
    client = login(head)
    form = client.get(reverse("surveys:actions") + "?unsur=U3")
    assert form.status_code == 200 and "Sari Penanggung" in form.content.decode()
    created = client.post(
        reverse("surveys:actions"),
        {
            "unit": opd.pk,
            "element": "U3",
            "description": "Tambah satu loket pada Senin",
            "owner": owner.pk,
            "due_date": (agency.today() + dt.timedelta(days=14)).isoformat(),
        },
    )
    assert created.status_code == 302
    with activate(agency):
        action = ImprovementAction.objects.get()
    done = client.post(reverse("surveys:action_done", args=[action.pk]), {"note": "Loket dibuka"})
    assert done.status_code == 302
    with activate(agency):
        action.refresh_from_db()
    assert action.status == "done" and action.result_note == "Loket dibuka"


def test_public_page_publishes_the_pemdas_ikm(svc, agency, login):
    factories.answered(svc, [4] * 9)
    response = login(None).get(reverse("surveys:public_index", args=[agency.slug]))
    assert response.status_code == 200
    assert "Indeks Kepuasan Masyarakat" in response.content.decode()


def test_public_page_withholds_a_unit_below_the_minimum_group(svc, agency, login, settings):
    settings.SIGAP_SURVEY_MIN_GROUP = 3
    period = agency.today().strftime("%Y-") + ("S1" if agency.today().month <= 6 else "S2")
    url = reverse("surveys:public_index", args=[agency.slug]) + f"?periode={period}"
    factories.answered(svc, [1] * 9)
    factories.answered(svc, [4] * 9)
    page = login(None).get(url).content.decode()
    # Neither the unit nor the pemda's headline publishes two respondents' answers.
    assert "belum diumumkan" in page.lower() and "62,50" not in page and "62.50" not in page
    factories.answered(svc, [4] * 9)  # three respondents: (25 + 100 + 100) / 3 = 75.00
    page = login(None).get(url).content.decode()
    assert "belum diumumkan" not in page.lower()
    assert "75,00" in page or "75.00" in page


def test_api_results_and_paper_entry(svc, agency, opd, head, login):
    officer = make_staff("petugas.api", agency, Role.OFFICER, opd)
    event = factories.event(svc)
    created = login(officer).post(
        f"/api/v1/surveys/events/{event.pk}/responses",
        data={"answers": {f"u{i}": 4 for i in range(1, 10)}},
        content_type="application/json",
    )
    assert created.status_code == 201
    again = login(officer).post(
        f"/api/v1/surveys/events/{event.pk}/responses",
        data={"answers": {"u1": 4}},
        content_type="application/json",
    )
    assert again.status_code == 422
    result = login(head).get("/api/v1/surveys/results").json()
    assert result["ikm"] == 100.0 and result["grade"] == "A" and result["responses"] == 1


def test_agency_admin_adds_an_extra_question_that_never_enters_the_ikm(
    svc, citizen, agency, agency_admin, login
):
    admin = login(agency_admin)
    assert (
        admin.post(
            reverse("surveys:questions"), {"text": "Apakah ruang tunggu nyaman?"}
        ).status_code
        == 302
    )
    with activate(agency):
        question = ExtraQuestion.objects.get()
    invitation = invitations.invite(factories.event(svc, citizen=citizen))
    url = invitations.path_for(invitation)
    client = login(None)
    assert "Apakah ruang tunggu nyaman?" in client.get(url).content.decode()
    client.post(url, {**FORM, f"extra_{question.pk}": "Cukup nyaman"})
    with activate(agency):
        response = Response.objects.get()
    assert response.extra_answers == {str(question.pk): "Cukup nyaman"}
    # Deactivated: no longer asked.
    admin.post(reverse("surveys:question_toggle", args=[question.pk]))
    with activate(agency):
        question.refresh_from_db()
    assert not question.is_active


def test_results_show_each_actions_before_and_after(svc, agency, opd, head, login, settings):
    import re
    import zlib

    settings.SIGAP_SURVEY_MIN_GROUP = 10
    factories.improvement_action(agency, opd, done_days_ago=10)
    factories.answers_on(svc, agency, 12, 2, 10)
    factories.answers_on(svc, agency, 3, 4, 10)
    client = login(head)
    body = client.get(reverse("surveys:results")).content.decode()
    table = body.split('data-testid="action-outcomes"')[1].split("</table>")[0]
    assert "2,000 (10)" in table and "4,000 (10)" in table and "membaik" in table
    pdf = client.get(reverse("surveys:results_pdf")).content
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S)
    text = "".join(zlib.decompress(s).decode("latin-1") for s in streams if s[:1] == b"x")
    text = text.replace("\\(", "(").replace("\\)", ")")  # PDF string escapes
    assert "6. Rencana tindak lanjut dan hasilnya" in text
    assert "NRR U3 2.000 (n=10) -> 4.000 (n=10)" in text
    xlsx = client.get(reverse("surveys:results_xlsx"))
    sheet = load_workbook(io.BytesIO(xlsx.content))["Tindak lanjut"]
    header, row = list(sheet.iter_rows(values_only=True))[:2]
    values = dict(zip(header, row, strict=True))
    assert (values["NRR sebelum"], values["n sebelum"]) == (2.0, 10)
    assert (values["NRR sesudah"], values["n sesudah"], values["Kesimpulan"]) == (
        4.0,
        10,
        "membaik",
    )
