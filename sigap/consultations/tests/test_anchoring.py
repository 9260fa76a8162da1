"""Re-anchoring as pure functions: unchanged, moved within and between sections, edited,
deleted passages, and properties that hold for any text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sigap.consultations.anchoring import (
    ANCHORED,
    EDITED,
    MOVED,
    ORPHANED,
    SECTION,
    OffsetMap,
    Reanchorer,
    locate,
)
from sigap.consultations.comparison import ADDED, CHANGED, REMOVED, UNCHANGED, compare, word_diff


def test_unchanged_text_keeps_the_anchor():
    body = "Setiap warga berhak didengar."
    placed = Reanchorer({"a": body}, {"a": body}).place("a", "berhak", 13, 19)
    assert (placed.section_key, placed.start, placed.end, placed.state) == ("a", 13, 19, ANCHORED)


def test_text_inserted_before_moves_the_anchor_by_its_length():
    old = "Setiap warga berhak didengar."
    new = "Baru. Setiap warga berhak didengar."
    placed = Reanchorer({"a": old}, {"a": new}).place("a", "berhak", 13, 19)
    assert (placed.start, placed.end, placed.state) == (19, 25, MOVED)
    assert new[placed.start : placed.end] == "berhak"


def test_the_nearest_of_two_occurrences_wins():
    old = "hak A. hak B."
    new = "X hak A. hak B."  # both shift by 2: the second stays the second
    placed = Reanchorer({"a": old}, {"a": new}).place("a", "hak", 7, 10)
    assert placed.start == 9


def test_a_passage_moved_to_another_section_follows_it():
    old = {"a": "Biaya ditanggung daerah.", "b": "Lain."}
    new = {"a": "Dihapus.", "b": "Lain. Biaya ditanggung daerah."}
    placed = Reanchorer(old, new).place("a", "ditanggung daerah", 6, 23)
    assert (placed.section_key, placed.start, placed.state) == ("b", 12, MOVED)


def test_an_edited_passage_anchors_on_the_new_wording():
    old = "Setiap warga berhak didengar pendapatnya."
    new = "Setiap warga berhak didengar pendapatnya secara langsung."
    quote = "didengar pendapatnya."
    start = old.index(quote)
    placed = Reanchorer({"a": old}, {"a": new}).place("a", quote, start, start + len(quote))
    assert placed.state == EDITED
    assert placed.quote in new and placed.quote.startswith("didengar pendapatnya")


def test_a_deleted_passage_is_orphaned_under_its_section():
    old = "Biaya pelatihan dibebankan pada anggaran daerah. Sisa."
    new = "Sisa."
    placed = Reanchorer({"a": old}, {"a": new}).place("a", "dibebankan pada anggaran", 16, 40)
    assert (placed.section_key, placed.state, placed.start) == ("a", ORPHANED, None)


def test_a_deleted_section_orphans_its_comments():
    placed = Reanchorer({"a": "x y"}, {"b": "z"}).place("a", "x", 0, 1)
    assert (placed.section_key, placed.state) == (None, ORPHANED)
    section_comment = Reanchorer({"a": "x y"}, {"b": "z"}).place("a", "", None, None)
    assert section_comment.state == ORPHANED


def test_a_comment_on_a_whole_section_follows_the_section():
    placed = Reanchorer({"a": "x"}, {"a": "y"}).place("a", "", None, None)
    assert (placed.section_key, placed.state) == ("a", SECTION)


def test_locate_prefers_the_occurrence_near_the_selection():
    assert locate("hak dan hak", "hak", near=8) == (8, 11)
    assert locate("hak dan hak", "hak") == (0, 3)
    assert locate("hak", "tidak ada") is None


words = st.lists(
    st.sampled_from(["warga", "hak", "ASN", "daerah", "biaya", "."]), min_size=1, max_size=30
).map(" ".join)


@given(old=words, prefix=words, suffix=words, data=st.data())
def test_a_quote_still_present_is_found_exactly(old, prefix, suffix, data):
    start = data.draw(st.integers(0, len(old) - 1))
    end = data.draw(st.integers(start + 1, len(old)))
    quote = old[start:end]
    new = f"{prefix} {old} {suffix}"
    placed = Reanchorer({"a": old}, {"a": new}).place("a", quote, start, end)
    assert placed.state in (ANCHORED, MOVED)
    assert new[placed.start : placed.end] == quote


@given(old=words, new=words, data=st.data())
def test_offset_map_stays_inside_the_new_text(old, new, data):
    position = data.draw(st.integers(0, len(old)))
    mapped = OffsetMap(old, new)(position)
    assert 0 <= mapped <= len(new)


@given(old=words, new=words)
def test_word_diff_rebuilds_both_texts(old, new):
    fragments = word_diff(old, new)
    assert "".join(t for op, t in fragments if op != "ins") == old
    assert "".join(t for op, t in fragments if op != "del") == new


class S:
    def __init__(self, key: str, heading: str, body: str) -> None:
        self.key, self.heading, self.body = key, heading, body


def test_compare_reports_each_section():
    old = [S("a", "A", "sama"), S("b", "B", "lama sekali"), S("c", "C", "hapus")]
    new = [S("a", "A", "sama"), S("b", "B", "baru sekali"), S("d", "D", "tambah")]
    changes = {c.key: c for c in compare(old, new)}
    assert {k: c.status for k, c in changes.items()} == {
        "a": UNCHANGED,
        "b": CHANGED,
        "c": REMOVED,
        "d": ADDED,
    }
    assert ("del", "lama") in changes["b"].fragments and ("ins", "baru") in changes["b"].fragments
    assert [c.key for c in compare(old, new)] == ["a", "b", "c", "d"]
