"""Tenant and row scope of the new reads: another pemda sees none of this pemda's claims,
placements or questionnaire pages, through the pages or the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sigap.consultations import comments, drafts, passages, queries
from sigap.consultations.models import CommentPlacement, Stakeholder
from sigap.consultations.tests.factories import TEXT_V2, consultation, section
from sigap.tenancy.context import activate

ORG = "Perkumpulan Rahasia Jambi"


@pytest.fixture
def draft(opd, officer, citizen):
    c = consultation(opd, officer)
    comments.post_comment(
        c,
        section(c, "pasal-2"),
        citizen,
        body="Masukan.",
        group="community",
        organisation=ORG,
        quote="didengar pendapatnya.",
    )
    drafts.publish_version(c, text=TEXT_V2, change_note="v2", by=officer)
    return c


def test_another_pemda_reads_none_of_the_claims(login, draft, other_admin, other_agency):
    client = login(other_admin)
    page = client.get(reverse("consultations:staff_stakeholders"))
    assert ORG not in page.content.decode()
    listed = client.get("/api/v1/consultations/stakeholders")
    assert ORG not in listed.content.decode()
    with activate(other_agency):
        assert not queries.visible_stakeholders(other_admin, other_agency).exists()
        assert not Stakeholder.objects.exists()
        assert not CommentPlacement.objects.exists()


def test_another_pemdas_address_does_not_open_this_draft(login, draft, other_agency):
    client = login(None)
    for name in ("consultations:compare", "consultations:report", "consultations:draft"):
        url = reverse(name, args=[other_agency.slug, draft.pk])
        assert client.get(url).status_code == 404, name


def test_passages_stay_in_their_pemda(draft, agency, other_agency):
    with activate(agency):
        v1, v2 = draft.versions.order_by("number")
        assert passages.passages_between(v1, v2)["pasal-2"][0].comments == 1
    with activate(other_agency):
        assert passages.passages_between(v1, v2) == {}


def test_the_questionnaire_page_is_closed_to_another_pemda(login, draft, other_admin):
    url = reverse("consultations:staff_questionnaire", args=[draft.pk])
    assert login(other_admin).get(url).status_code in (403, 404)
    response = login(other_admin).post(url, {"what": "retire", "key": "setuju"})
    assert response.status_code in (403, 404)
    with activate(draft.agency):
        draft.refresh_from_db()
    assert not draft.questions[0].get("retired_at")
