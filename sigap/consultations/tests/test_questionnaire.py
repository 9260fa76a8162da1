"""The optional questionnaire: written by the unit on the draft form, answered once per
person, and shown aggregated (per choice and stakeholder group, nobody named) in the
public response report, its PDF and Excel exports and the API."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from sigap.consultations import drafts, questionnaire, reports
from sigap.consultations.forms import ConsultationForm
from sigap.consultations.models import Consultation
from sigap.consultations.tests.factories import TEXT_V1, consultation
from sigap.consultations.tests.test_moderation import participant
from sigap.tenancy.context import activate


@pytest.fixture
def draft(opd, officer):
    return consultation(opd, officer)


@pytest.fixture
def answered(draft):
    for n, (group, value) in enumerate(
        [("citizen", "Ya"), ("citizen", "Ya"), ("academic", "Tidak"), ("business", "Ya")]
    ):
        questionnaire.submit(draft, participant(60 + n), group=group, answers={"setuju": value})
    return draft


def test_answers_are_counted_per_choice_and_group(answered):
    with activate(answered.agency):
        tallies, respondents, groups = reports.questionnaire(answered)
    assert respondents == 4
    assert [g for g, _label in groups] == ["citizen", "academic", "business"]
    (q,) = tallies
    assert (q.label, q.respondents) == ("Apakah Anda setuju?", 4)
    yes, no = q.choices
    assert (yes.choice, yes.count, yes.share, yes.by_group) == (
        "Ya",
        3,
        75,
        {"citizen": 2, "business": 1},
    )
    assert (no.choice, no.count, no.share, no.by_group) == ("Tidak", 1, 25, {"academic": 1})


def test_the_public_report_shows_the_questionnaire(login, answered, agency):
    page = login(None).get(reverse("consultations:report", args=[agency.slug, answered.pk]))
    html = page.content.decode()
    assert "Kuesioner" in html
    assert "Apakah Anda setuju?" in html
    assert "4 orang mengisi kuesioner." in html
    assert "75%" in html
    # Aggregated only: no respondent is named.
    assert "Peserta 60" not in html


def test_the_exports_and_the_api_carry_the_questionnaire(login, answered, agency):
    with activate(agency):
        report = reports.build(answered)
        pdf = reports.pdf_bytes(report)
    book = load_workbook(io.BytesIO(reports.xlsx_bytes(report)))
    rows = list(book["Kuesioner"].values)
    assert rows[1][:4] == ("Apakah Anda setuju?", "Ya", 3, 75)
    assert pdf.startswith(b"%PDF")
    data = login(None).get(f"/api/v1/publik/{agency.slug}/konsultasi/{answered.pk}/laporan").json()
    assert data["questionnaire"][0]["choices"][0] == {
        "choice": "Ya",
        "count": 3,
        "by_group": {"citizen": 2, "business": 1},
    }


def test_no_questionnaire_no_section(login, opd, officer, agency):
    c = drafts.create_consultation(
        opd,
        title="Tanpa kuesioner",
        summary="Ringkas.",
        opens_on=agency.today(),
        closes_on=agency.today(),
        text=TEXT_V1,
        by=officer,
    )
    drafts.open_consultation(c, by=officer)
    with activate(agency):
        assert reports.build(c).questions == []
    page = login(None).get(reverse("consultations:report", args=[agency.slug, c.pk]))
    assert "orang mengisi kuesioner" not in page.content.decode()


def test_the_unit_writes_the_questionnaire_on_the_draft_form(login, officer, opd, agency):
    today = agency.today().isoformat()
    response = login(officer).post(
        reverse("consultations:staff_list"),
        {
            "unit": opd.pk,
            "title": "Rancangan dengan kuesioner",
            "summary": "Ringkas.",
            "opens_on": today,
            "closes_on": today,
            "text": TEXT_V1,
            "questions": "Apakah Anda setuju? | Setuju | Tidak setuju\n\n"
            "Perlu forum tatap muka? | Ya | Tidak | Tidak tahu",
        },
    )
    assert response.status_code == 302
    with activate(agency):
        c = Consultation.objects.get(title="Rancangan dengan kuesioner")
    assert [(q["key"], q["choices"]) for q in c.questions] == [
        ("apakah-anda-setuju", ["Setuju", "Tidak setuju"]),
        ("perlu-forum-tatap-muka", ["Ya", "Tidak", "Tidak tahu"]),
    ]


def test_a_question_without_two_choices_is_refused(officer, opd, agency):
    form = ConsultationForm(
        {
            "title": "x",
            "summary": "x",
            "opens_on": agency.today().isoformat(),
            "closes_on": agency.today().isoformat(),
            "text": TEXT_V1,
            "questions": "Setuju?",
        }
    )
    assert form.is_valid()
    with pytest.raises(ValidationError) as e:
        drafts.create_consultation(opd, by=officer, **form.cleaned_data)
    assert "questions" in e.value.message_dict
