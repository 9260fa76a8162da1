"""Public consultation in the browser (issue 14): on a phone a citizen selects a passage of
the draft and comments on it; the drafting unit answers and publishes a new version that
moves the passage; the comment shows on the moved passage and the citizen finds the
answer in the public response report. And a dialogue forum: the citizen registers with a
point to raise, the unit records attendance, minutes and an action item following it up
to done, and the citizen sees the outcome in "Masukan saya".

Works on the small demo's Pemerintah Provinsi Jambi (slug ``jambi``): the demo seeds one
consultation (version 2, open) drafted by Disdukcapil, which ``unit_head.jambi`` manages;
the citizen is the demo's ``warga@demo.sigap.id``. Every page on the way must pass axe.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.a11y import assert_accessible
from e2e.live import DEMO_PASSWORD
from e2e.steps import sign_in

pytestmark = pytest.mark.browser

PEMDA = "jambi"
CITIZEN = "warga@demo.sigap.id"
UNIT_HEAD = "unit_head.jambi"
TITLE = "Rancangan Peraturan Bupati tentang Pengembangan Kompetensi ASN"  # consultations/demo.py
QUOTE = "hasil evaluasi pengembangan kompetensi"  # in Pasal 5 of the demo's version 2
ANSWER = "Diterima: hasil evaluasi diumumkan di laman pemda setiap semester."

SELECT = """([key, quote]) => {
  const box = document.querySelector(`#bagian-${key} [data-section]`);
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.textContent.indexOf(quote);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + quote.length);
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      return true;
    }
  }
  return false;
}"""


def open_draft(page: Page) -> None:
    page.goto(f"/p/{PEMDA}/konsultasi/")
    with page.expect_navigation():
        page.get_by_role("link", name=TITLE).click()


def test_a_comment_on_a_passage_survives_a_new_version(phone_page: Page, desktop_page: Page):
    citizen = phone_page
    sign_in(citizen, CITIZEN, DEMO_PASSWORD)
    open_draft(citizen)
    assert_accessible(citizen)

    # The citizen selects a passage (as a long press does on a touch screen) and taps the
    # button that appears.
    assert citizen.evaluate(SELECT, ["pasal-5", QUOTE])
    button = citizen.get_by_role("button", name="Komentari kutipan ini")
    expect(button).to_be_visible()
    button.tap()
    expect(citizen.get_by_label("Kutipan yang dikomentari (opsional)")).to_have_value(QUOTE)
    body = citizen.get_by_label("Komentar", exact=True)
    expect(body).to_be_focused()
    citizen.keyboard.type("Umumkan hasil evaluasi setiap semester, bukan hanya setahun sekali.")
    with citizen.expect_navigation():
        citizen.get_by_role("button", name="Kirim komentar").tap()
    match = re.search(r"#komentar-(\d+)$", citizen.url)
    assert match, citizen.url
    comment_id = match.group(1)
    mark = citizen.locator(f'mark[data-comment="{comment_id}"]')
    expect(mark).to_have_text(QUOTE)

    # The unit answers it and publishes version 3, which puts a sentence before it.
    unit = desktop_page
    sign_in(unit, UNIT_HEAD, DEMO_PASSWORD)
    unit.goto("/kerja/konsultasi/")
    with unit.expect_navigation():
        unit.get_by_role("link", name=TITLE).click()
    assert_accessible(unit)
    unit.locator(f"#jawab-{comment_id}").check()
    unit.get_by_label("Keputusan").select_option(label="Diterima")
    unit.get_by_label("Alasan", exact=True).fill(ANSWER)
    with unit.expect_navigation():
        unit.get_by_role("button", name="Simpan jawaban").click()
    expect(unit.get_by_text("Jawaban tersimpan")).to_be_visible()
    with unit.expect_navigation():
        unit.get_by_role("link", name="Terbitkan versi baru").click()
    text = unit.get_by_label("Isi versi baru")
    text.fill(
        text.input_value().replace(
            "Pasal 5 Keterbukaan\n", "Pasal 5 Keterbukaan\nKeterbukaan mengikuti UU 14/2008. "
        )
    )
    unit.get_by_label("Apa yang berubah").fill("Rujukan keterbukaan informasi publik.")
    with unit.expect_navigation():
        unit.get_by_role("button", name="Terbitkan").click()
    expect(unit.get_by_text("Versi 3 diterbitkan")).to_be_visible()

    # On the phone the comment sits on the moved passage of version 3.
    open_draft(citizen)
    expect(citizen.get_by_text("Versi:")).to_contain_text("3")
    expect(citizen.locator(f'mark[data-comment="{comment_id}"]')).to_have_text(QUOTE)
    expect(citizen.locator(f"#komentar-{comment_id}")).to_contain_text("Kutipan berpindah")
    expect(citizen.locator(f"#komentar-{comment_id}")).to_contain_text(ANSWER)

    # And the public response report shows the answer.
    with citizen.expect_navigation():
        citizen.get_by_role("link", name="Laporan tanggapan").first.click()
    expect(citizen.locator(f"#jawaban-komentar-{comment_id}")).to_be_visible()
    expect(citizen.get_by_text(ANSWER)).to_be_visible()
    assert_accessible(citizen)


FORUM = "Forum konsultasi rancangan pengembangan kompetensi ASN"  # scheduled in the demo
POINT = "Mohon jadwal pelatihan diumumkan di kantor kecamatan."
ITEM = "Umumkan jadwal pelatihan di setiap kantor kecamatan"
OUTCOME = "Jadwal ditempel di 11 kantor kecamatan dan diumumkan di laman pemda."


def test_a_point_raised_in_a_forum_is_followed_to_done(phone_page: Page, desktop_page: Page):
    # On the phone the citizen registers for the scheduled forum and says what they
    # want raised.
    citizen = phone_page
    sign_in(citizen, CITIZEN, DEMO_PASSWORD)
    citizen.goto(f"/p/{PEMDA}/konsultasi/")
    with citizen.expect_navigation():
        citizen.get_by_role("link", name=FORUM).click()
    assert_accessible(citizen)
    citizen.get_by_label("Hal yang ingin Anda sampaikan").fill(POINT)
    with citizen.expect_navigation():
        citizen.get_by_role("button", name="Daftar").tap()
    expect(citizen.get_by_text("Anda terdaftar di forum ini.")).to_be_visible()

    # The unit records attendance and minutes, and an action item that follows up the
    # citizen's point, owned by an ASN; then marks it done with its outcome.
    unit = desktop_page
    sign_in(unit, UNIT_HEAD, DEMO_PASSWORD)
    unit.goto("/kerja/konsultasi/forum/")
    with unit.expect_navigation():
        unit.get_by_role("link", name=FORUM).click()
    unit.get_by_role("listitem").filter(has_text=POINT).get_by_role("checkbox").check()
    with unit.expect_navigation():
        unit.get_by_role("button", name="Simpan kehadiran").click()
    unit.get_by_label("Notulen").fill("Peserta meminta jadwal pelatihan diumumkan lebih luas.")
    with unit.expect_navigation():
        unit.get_by_role("button", name="Simpan notulen").click()
    expect(unit.get_by_text("Notulen tersimpan.")).to_be_visible()
    unit.get_by_role("textbox", name="Tindak lanjut").fill(ITEM)
    unit.get_by_label("Tenggat").fill("2030-01-31")
    unit.get_by_label("Menindaklanjuti masukan peserta").select_option(label=f"Warga: {POINT}")
    with unit.expect_navigation():
        unit.get_by_role("button", name="Tambah").click()
    expect(unit.get_by_text("Tindak lanjut ditambahkan.")).to_be_visible()
    row = unit.get_by_role("row").filter(has_text=ITEM)
    row.get_by_label("Hasil").fill(OUTCOME)
    with unit.expect_navigation():
        row.get_by_role("button", name="Selesai").click()
    expect(unit.get_by_text("Tindak lanjut selesai.")).to_be_visible()
    assert_accessible(unit)

    # The citizen sees what became of their point.
    citizen.goto("/konsultasi/masukan-saya/")
    mine = citizen.locator("article").filter(has_text=FORUM)
    expect(mine).to_contain_text(POINT)
    expect(mine).to_contain_text(ITEM)
    expect(mine).to_contain_text(OUTCOME)
    assert_accessible(citizen)
