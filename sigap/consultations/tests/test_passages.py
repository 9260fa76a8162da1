"""What changed in each passage a comment addressed: a placement per comment and version,
the report saying per comment how its passage changed in the next version, the
comparison listing commented passages with word diffs that name inserted and deleted
words for screen readers, and fixed query counts on those pages."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from sigap.consultations import comments, drafts, passages, reports
from sigap.consultations.models import CommentPlacement
from sigap.consultations.tests.factories import TEXT_V2, consultation, section
from sigap.consultations.tests.test_moderation import participant
from sigap.tenancy.context import activate


@pytest.fixture
def draft(opd, officer):
    return consultation(opd, officer)


def _post(draft, key, quote="", who=None, **kw):
    return comments.post_comment(
        draft,
        section(draft, key),
        who,
        body=f"Tentang {quote or key}.",
        group="citizen",
        quote=quote,
        rate_limited=False,
        **kw,
    )


@pytest.fixture
def commented(draft, citizen, officer):
    """One comment on each kind of fate, all answered, then version 2."""
    made = {
        "moved": _post(draft, "pasal-1", "yang dimaksud dengan ASN", citizen),
        "edited": _post(draft, "pasal-2", "didengar pendapatnya.", citizen),
        "same": _post(draft, "pasal-2", "Setiap warga berhak didengar", citizen),
        "gone": _post(draft, "pasal-3", "dibebankan pada anggaran", citizen),
        "section": _post(draft, "pasal-2", who=citizen),
        "section_gone": _post(draft, "pasal-3", who=citizen),
    }
    comments.answer_comments(list(made.values()), verdict="partly", reason="Dibahas.", by=officer)
    drafts.publish_version(draft, text=TEXT_V2, change_note="Masukan warga.", by=officer)
    return made


def test_each_comment_has_a_placement_per_version(draft, commented):
    with activate(draft.agency):
        rows = {
            (p.comment_id, p.version.number): p
            for p in CommentPlacement.objects.select_related("version")
        }
    assert len(rows) == 2 * len(commented)
    edited = commented["edited"]
    first, second = rows[(edited.pk, 1)], rows[(edited.pk, 2)]
    assert (first.quote, first.anchor) == ("didengar pendapatnya.", "anchored")
    assert (second.quote, second.anchor) == ("didengar pendapatnya secara langsung.", "edited")
    assert rows[(commented["gone"].pk, 2)].anchor == "orphaned"
    assert rows[(commented["section"].pk, 1)].quote == ""


def test_the_report_says_per_comment_how_its_passage_changed(draft, commented):
    with activate(draft.agency):
        report = reports.build(draft)
    found = {c.pk: report.change_for(c) for row in report.answers for c in row.comments}
    kinds = {name: found[c.pk].kind for name, c in commented.items()}
    assert kinds == {
        "moved": passages.MOVED,
        "edited": passages.EDITED,
        "same": passages.SAME,
        "gone": passages.GONE,
        "section": "changed",
        "section_gone": "removed",
    }
    edited = found[commented["edited"].pk]
    assert ("ins", " secara langsung") in edited.fragments
    assert edited.as_text() == (
        "kutipan diubah: «didengar pendapatnya.» → «didengar pendapatnya secara langsung.»"
    )


def test_a_comment_on_the_latest_version_has_no_next_one_yet(draft, commented, citizen, officer):
    late = _post(draft, "pasal-4", "laporan tanggapan", citizen)
    comments.answer_comments([late], verdict="accepted", reason="Ya.", by=officer)
    with activate(draft.agency):
        report = reports.build(draft)
    (change,) = [
        report.change_for(c) for r in report.answers for c in r.comments if c.pk == late.pk
    ]
    assert change.kind == passages.NO_NEXT and change.label == "belum ada versi berikutnya"


def test_the_report_page_exports_and_api_show_the_passage_change(login, draft, commented, agency):
    html = login(None).get(reverse("consultations:report", args=[agency.slug, draft.pk]))
    html = html.content.decode()
    item = html[html.index(f'id="jawaban-komentar-{commented["edited"].pk}"') :]
    item = item[: item.index("</li>")]
    assert "kutipan diubah" in item
    # Inserted words are named for screen readers, not shown by colour alone.
    assert '<ins><span class="visually-hidden">[ditambahkan: </span> secara langsung' in item
    with activate(agency):
        book = load_workbook(io.BytesIO(reports.xlsx_bytes(reports.build(draft))))
    rows = list(book["Jawaban"].values)
    column = rows[0].index("Versi berikutnya")
    assert "kutipan dihapus: «dibebankan pada anggaran»" in {r[column] for r in rows[1:]}
    data = login(None).get(f"/api/v1/publik/{agency.slug}/konsultasi/{draft.pk}/laporan").json()
    items = {i["id"]: i["next_version"] for a in data["answers"] for i in a["items"]}
    assert items[commented["edited"].pk] == {
        "change": "edited",
        "label": "kutipan diubah",
        "before": "didengar pendapatnya.",
        "after": "didengar pendapatnya secara langsung.",
    }


def test_the_comparison_lists_each_commented_passage(login, draft, commented, agency):
    url = reverse("consultations:compare", args=[agency.slug, draft.pk])
    html = login(None).get(url).content.decode()
    # Same words a little further along: counted, not listed.
    pasal1 = html[html.index('id="kutipan-pasal-1"') : html.index('id="cmp-pasal-2"')]
    assert "1 kutipan yang dikomentari teksnya tetap." in pasal1
    assert "<li>" not in pasal1
    pasal2 = html[html.index('id="kutipan-pasal-2"') : html.index('id="cmp-pasal-3"')]
    assert "kutipan diubah" in pasal2 and "1 kutipan lain yang dikomentari teksnya tetap." in pasal2
    # Inserted and deleted words are named for screen readers, not by colour alone.
    assert '<ins><span class="visually-hidden">[ditambahkan: </span> secara langsung' in pasal2
    pasal3 = html[html.index('id="kutipan-pasal-3"') :]
    assert "kutipan dihapus" in pasal3
    assert '<del><span class="visually-hidden">[dihapus: </span>dibebankan pada anggaran' in pasal3
    assert "digarisbawahi" in html  # the legend names the non-colour cue


def test_passages_count_visible_comments_and_group_by_passage(draft, citizen, officer):
    same_passage = [
        _post(draft, "pasal-2", "didengar pendapatnya.", participant(91 + i)) for i in range(3)
    ]
    comments.hide_comment(same_passage[0], by=officer, reason="Iklan.")
    drafts.publish_version(draft, text=TEXT_V2, change_note="v2", by=officer)
    with activate(draft.agency):
        v1, v2 = draft.versions.order_by("number")
        found = passages.passages_between(v1, v2)
        with_hidden = passages.passages_between(v1, v2, statuses=("visible", "hidden"))
    (p,) = found["pasal-2"]
    assert (p.quote, p.comments, p.change.kind) == ("didengar pendapatnya.", 2, passages.EDITED)
    assert with_hidden["pasal-2"][0].comments == 3


def test_across_two_versions_an_edit_still_shows(draft, citizen, officer):
    _post(draft, "pasal-2", "didengar pendapatnya.", citizen)
    drafts.publish_version(draft, text=TEXT_V2, change_note="v2", by=officer)
    drafts.publish_version(draft, text=TEXT_V2 + "\nTambahan.", change_note="v3", by=officer)
    with activate(draft.agency):
        v1, _v2, v3 = draft.versions.order_by("number")
        (p,) = passages.passages_between(v1, v3)["pasal-2"]
    # The last publication left it "anchored" where it was; against version 1 it is
    # still reworded.
    assert p.change.kind == passages.EDITED and p.change.after.endswith("secara langsung.")


def test_the_draft_page_shows_the_reworded_passage_on_the_comment(login, draft, commented, agency):
    html = login(None).get(reverse("consultations:draft", args=[agency.slug, draft.pk]))
    html = html.content.decode()
    card = html[html.index(f'id="komentar-{commented["edited"].pk}"') :]
    card = card[: card.index("</article>")]
    assert "Kutipan ini sudah diubah sejak komentar ditulis" in card
    assert '<ins><span class="visually-hidden">[ditambahkan: </span> secara langsung' in card
    moved = html[html.index(f'id="komentar-{commented["moved"].pk}"') :]
    assert "sudah diubah sejak" not in moved[: moved.index("</article>")]


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_report_comparison_and_draft_read_in_a_fixed_number_of_queries(
    login, draft, officer, agency, django_assert_max_num_queries
):
    def add(n, offset, quotes):
        made = []
        for i in range(n):
            who = participant(offset + i)
            made += [_post(draft, key, quote, who) for key, quote in quotes]
        comments.answer_comments(made, verdict="accepted", reason="Ya.", by=officer)

    add(
        1,
        200,
        [("pasal-1", "wajib membuka"), ("pasal-2", "didengar pendapatnya."), ("pasal-3", "")],
    )
    drafts.publish_version(draft, text=TEXT_V2, change_note="v2", by=officer)
    client = login(None)
    base = [
        reverse(name, args=[agency.slug, draft.pk])
        for name in ("consultations:report", "consultations:compare", "consultations:draft")
    ]
    urls = [base[0], base[1] + "?dari=1&ke=2", base[2]]
    before = [_count(client, u) for u in urls]
    # Four times as many comments, on version 2, and a version 3 they re-anchor onto.
    add(4, 300, [("pasal-1", "wajib membuka"), ("pasal-2", "secara langsung"), ("pasal-4", "")])
    drafts.publish_version(draft, text=TEXT_V2 + " Tambahan.", change_note="v3", by=officer)
    assert [_count(client, u) for u in urls] == before
    with django_assert_max_num_queries(14):
        client.get(urls[0])


def test_a_passage_moved_to_another_section_is_listed_with_where_it_went(
    login, draft, citizen, officer, agency
):
    _post(draft, "pasal-3", "dibebankan pada anggaran", citizen)
    moved_text = TEXT_V2 + "\nBiaya pelatihan dibebankan pada anggaran daerah."
    drafts.publish_version(draft, text=moved_text, change_note="v2", by=officer)
    html = login(None).get(reverse("consultations:compare", args=[agency.slug, draft.pk]))
    html = html.content.decode()
    pasal3 = html[html.index('id="kutipan-pasal-3"') :]
    assert "kutipan tetap, letaknya berpindah (ke Pasal 4 Pelaporan)" in " ".join(pasal3.split())
