"""Drafts in versions, comments re-anchored across versions, answering and closing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sigap.audit.events import EVENTS  # noqa: F401
from sigap.consultations import comments, drafts
from sigap.consultations.models import Answer, Comment, Consultation
from sigap.consultations.tests.factories import TEXT_V2, consultation, section
from sigap.tenancy.context import activate

A = Comment.Anchor


@pytest.fixture
def draft(opd, officer):
    return consultation(opd, officer)


def _comment(c, citizen, key, quote="", body="Masukan saya.", **kw):
    return comments.post_comment(
        c, section(c, key), citizen, body=body, group="citizen", quote=quote, **kw
    )


def _fresh(comment):
    with activate(comment.agency):
        return Comment.objects.select_related("section").get(pk=comment.pk)


def test_parse_sections_keeps_keys_and_derives_missing_ones():
    parsed = drafts.parse_sections("## [pasal-1] Pasal 1\nIsi.\n## Hak Warga\nIsi dua.")
    assert [(s.key, s.heading, s.body) for s in parsed] == [
        ("pasal-1", "Pasal 1", "Isi."),
        ("hak-warga", "Hak Warga", "Isi dua."),
    ]


def test_text_without_a_heading_is_refused():
    with pytest.raises(ValidationError) as e:
        drafts.parse_sections("Teks tanpa judul")
    assert "text" in e.value.message_dict


def test_closing_date_before_opening_is_refused(opd, officer):
    import datetime as dt

    with pytest.raises(ValidationError) as e:
        drafts.create_consultation(
            opd,
            title="X",
            summary="Y",
            opens_on=dt.date(2026, 5, 2),
            closes_on=dt.date(2026, 5, 1),
            text="## A\nB",
            by=officer,
        )
    assert "closes_on" in e.value.message_dict


def test_publishing_reanchors_moved_edited_and_deleted_passages(draft, citizen, officer):
    moved = _comment(draft, citizen, "pasal-1", quote="yang dimaksud dengan ASN")
    edited = _comment(draft, citizen, "pasal-2", quote="didengar pendapatnya.")
    kept = _comment(draft, citizen, "pasal-2", quote="mendapatkan penjelasan")
    deleted = _comment(draft, citizen, "pasal-3", quote="dibebankan pada anggaran")
    whole = _comment(draft, citizen, "pasal-2")
    gone_section = _comment(draft, citizen, "pasal-3")

    v2 = drafts.publish_version(draft, text=TEXT_V2, change_note="Masukan warga.", by=officer)
    assert v2.number == 2

    m = _fresh(moved)
    assert m.anchor == A.MOVED and m.section.version_id == v2.pk
    assert m.section.body[m.start : m.end] == "yang dimaksud dengan ASN"
    e = _fresh(edited)
    assert e.anchor == A.EDITED and e.quote.startswith("didengar pendapatnya")
    assert e.original_quote == "didengar pendapatnya."
    k = _fresh(kept)
    assert k.section.body[k.start : k.end] == "mendapatkan penjelasan"
    d = _fresh(deleted)
    assert d.anchor == A.ORPHANED and d.section is None and d.start is None
    assert _fresh(whole).anchor == A.SECTION and _fresh(whole).section.key == "pasal-2"
    assert _fresh(gone_section).anchor == A.ORPHANED
    # What the participant wrote on stays as written.
    assert d.written_on.number == 1 and d.original_quote == "dibebankan pada anggaran"


def test_a_comment_survives_two_versions(draft, citizen, officer):
    moved = _comment(draft, citizen, "pasal-1", quote="wajib membuka konsultasi publik")
    drafts.publish_version(draft, text=TEXT_V2, change_note="v2", by=officer)
    v3_text = TEXT_V2.replace("Peraturan ini berlaku sejak diundangkan.\n", "")
    drafts.publish_version(draft, text=v3_text, change_note="v3", by=officer)
    c = _fresh(moved)
    assert c.section.version.number == 3
    assert c.section.body[c.start : c.end] == "wajib membuka konsultasi publik"


def test_a_quote_not_in_the_section_is_refused(draft, citizen):
    with pytest.raises(ValidationError) as e:
        _comment(draft, citizen, "pasal-1", quote="tidak ada di sini")
    assert "quote" in e.value.message_dict


def test_comments_on_an_old_version_are_refused(draft, citizen, officer):
    old = section(draft, "pasal-1")
    drafts.publish_version(draft, text=TEXT_V2, change_note="v2", by=officer)
    with pytest.raises(ValidationError):
        comments.post_comment(draft, old, citizen, body="x", group="citizen")


def test_closing_is_refused_while_comments_stand_unanswered(draft, citizen, officer):
    first = _comment(draft, citizen, "pasal-1")
    second = _comment(draft, citizen, "pasal-2")
    with pytest.raises(ValidationError) as e:
        drafts.close_consultation(draft, by=officer)
    assert e.value.code == "unanswered" and "2 komentar" in e.value.messages[0]
    comments.answer_comments(
        [first, second],
        verdict=Answer.Verdict.PARTLY,
        reason="Sebagian diakomodasi pada Pasal 2.",
        by=officer,
    )
    closed = drafts.close_consultation(draft, by=officer)
    assert closed.status == Consultation.Status.CLOSED


def test_hidden_comments_do_not_block_closing(draft, citizen, officer):
    c = _comment(draft, citizen, "pasal-1")
    comments.hide_comment(c, by=officer, reason="Mengandung data pribadi.")
    assert drafts.close_consultation(draft, by=officer).status == Consultation.Status.CLOSED


def test_an_answer_needs_a_verdict_and_a_reason(draft, citizen, officer):
    c = _comment(draft, citizen, "pasal-1")
    with pytest.raises(ValidationError) as e:
        comments.answer_comments([c], verdict="maybe", reason="", by=officer)
    assert set(e.value.message_dict) == {"verdict", "reason"}


def test_the_author_is_told_the_answer(draft, citizen, officer):
    from sigap.notifications.models import Notification

    c = _comment(draft, citizen, "pasal-1")
    comments.answer_comments([c], verdict="accepted", reason="Diterima.", by=officer)
    note = Notification.objects.get(recipient=citizen, template="consultations/answered")
    assert "Diterima" in note.body


def test_comments_wait_until_the_consultation_opens(opd, officer, citizen):
    c = consultation(opd, officer, open_it=False)
    with pytest.raises(ValidationError):
        _comment(c, citizen, "pasal-1")
