"""The pages end to end through the test client: a participant comments on a passage,
the unit answers, a new version re-anchors it, the public report shows the answer;
stakeholder identity as declared; row scope; NIK never on screen."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import make_staff
from sigap.accounts.models import Role
from sigap.consultations.models import Comment
from sigap.consultations.tests.factories import TEXT_V2, consultation, section
from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import OrgUnit


@pytest.fixture
def draft(opd, officer):
    return consultation(opd, officer)


def test_the_whole_loop_through_the_pages(login, draft, citizen, officer, agency):
    slug = agency.slug
    s = section(draft, "pasal-1")
    me = login(citizen)
    response = me.post(
        reverse("consultations:post_comment", args=[slug, draft.pk]),
        {
            "section": s.pk,
            "group": "professional",
            "organisation": "PGRI Jambi",
            "quote": "wajib membuka konsultasi publik",
            "body": "Tambahkan batas waktu.",
        },
    )
    assert response.status_code == 302
    with activate(agency):
        comment = Comment.objects.get()
    assert comment.anchor == Comment.Anchor.ANCHORED
    page = me.get(reverse("consultations:draft", args=[slug, draft.pk])).content.decode()
    assert "PGRI Jambi" in page and "Asosiasi profesi" in page
    assert f'<mark data-comment="{comment.pk}">wajib membuka konsultasi publik</mark>' in page

    unit = login(officer)
    response = unit.post(
        reverse("consultations:staff_answer", args=[draft.pk]),
        {
            "comments": [comment.pk],
            "verdict": "accepted",
            "reason": "Batas waktu 30 hari ditambahkan.",
        },
    )
    assert response.status_code == 302
    response = unit.post(
        reverse("consultations:staff_publish", args=[draft.pk]),
        {
            "text": TEXT_V2,
            "change_note": "Menampung masukan.",
        },
    )
    assert response.status_code == 302
    page = me.get(reverse("consultations:draft", args=[slug, draft.pk])).content.decode()
    assert f'<mark data-comment="{comment.pk}">wajib membuka konsultasi publik</mark>' in page
    assert "Kutipan berpindah" in page

    report = me.get(reverse("consultations:report", args=[slug, draft.pk])).content.decode()
    assert "Batas waktu 30 hari ditambahkan." in report and "Diterima" in report
    assert "diubah" in report  # what happened to the section in the next version
    pdf = me.get(reverse("consultations:report_pdf", args=[slug, draft.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = me.get(reverse("consultations:report_xlsx", args=[slug, draft.pk]))
    assert xlsx.content[:2] == b"PK"
    mine = me.get(reverse("consultations:mine")).content.decode()
    assert "Batas waktu 30 hari ditambahkan." in mine
    assert "1571025705900001" not in page + report + mine  # the citizen's NIK never shows

    compare = me.get(reverse("consultations:compare", args=[slug, draft.pk])).content.decode()
    assert "<ins>" in compare and "bagian dihapus" in compare


def test_closing_through_the_page_is_refused_with_unanswered_comments(
    login, draft, citizen, officer
):
    from sigap.consultations import comments

    comments.post_comment(draft, section(draft, "pasal-1"), citizen, body="x", group="citizen")
    response = login(officer).post(
        reverse("consultations:staff_move", args=[draft.pk]), {"to": "closed"}, follow=True
    )
    assert "belum dijawab" in response.content.decode()


def test_a_unit_officer_sees_only_their_subtree(login, draft, agency, opd):
    with activate(agency):
        other = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinas Pendidikan", code="DIK")
    outsider = make_staff("petugas.dik", agency, Role.OFFICER, unit=other)
    client = login(outsider)
    assert client.get(reverse("consultations:staff_detail", args=[draft.pk])).status_code == 404
    assert draft.title not in client.get(reverse("consultations:staff_list")).content.decode()


def test_the_draft_page_reads_in_a_fixed_number_of_queries(
    login, draft, citizen, agency, django_assert_max_num_queries
):
    from sigap.consultations import comments

    for key in ("pasal-1", "pasal-2", "pasal-3"):
        comments.post_comment(
            draft, section(draft, key), citizen, body="x", group="citizen", rate_limited=False
        )
    client = login(None)
    url = reverse("consultations:draft", args=[agency.slug, draft.pk])
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_the_app_speaks_english_from_its_own_catalogue():
    from django.utils import translation

    with translation.override("en"):
        assert translation.gettext("Komentari kutipan ini") == "Comment on this passage"
        assert translation.gettext("Tidak lagi tertaut") == "No longer anchored"


def test_a_comment_held_for_review_leaves_the_public_report(login, draft, citizen, agency):
    from sigap.consultations import comments
    from sigap.consultations.tests.test_moderation import participant

    c = comments.post_comment(
        draft, section(draft, "pasal-1"), citizen, body="Komentar yang dilaporkan", group="citizen"
    )
    for i in range(comments.REPORT_THRESHOLD):
        comments.report_comment(c, participant(40 + i), reason="Kasar")
    url = reverse("consultations:report", args=[agency.slug, draft.pk])
    assert "Komentar yang dilaporkan" not in login(None).get(url).content.decode()
    page = login(None).get(reverse("consultations:draft", args=[agency.slug, draft.pk]))
    assert "Komentar yang dilaporkan" not in page.content.decode()
