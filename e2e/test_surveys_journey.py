"""The satisfaction survey in the browser (issue 11): the demo citizen answers the survey
from the link in their inbox on a phone-sized screen, keyboard first; Disdukcapil's unit
head opens the results, sees the weakest element, records an improvement action and
downloads the PDF report.

The small demo seeds the responses and sends the demo citizen (``warga@demo.sigap.id``)
one survey link (``sigap/surveys/demo.py``); ``unit_head.jambi`` heads Disdukcapil of
Pemerintah Provinsi Jambi. Every page on the way must pass axe.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from e2e.a11y import assert_accessible
from e2e.live import DEMO_PASSWORD
from e2e.steps import follow, sign_in, sign_out

pytestmark = pytest.mark.browser

CITIZEN = "warga@demo.sigap.id"
UNIT_HEAD = "unit_head.jambi"
PHONE_390 = {"width": 390, "height": 844}
ZONE = ZoneInfo("Asia/Jakarta")  # Jambi keeps WIB


def test_citizen_answers_the_survey_from_the_link_on_a_phone(phone_page: Page):
    page = phone_page
    page.set_viewport_size(PHONE_390)
    sign_in(page, CITIZEN, DEMO_PASSWORD)
    page.goto("/akun/notifikasi/")
    item = page.locator("li", has_text="Isi survei kepuasan").first
    follow(page, item.get_by_role("button", name="Buka"))
    expect(page.get_by_role("heading", name="Survei kepuasan masyarakat")).to_be_visible()
    assert_accessible(page)
    # Keyboard: each element is a radio group; Tab into it, arrows choose, Space selects.
    for code in range(1, 10):
        group = page.get_by_role("group", name=f"U{code}.")
        first = group.get_by_role("radio").nth(2)  # the third answer ("Sesuai", "Mudah", ...)
        first.focus()
        page.keyboard.press("Space")
        expect(first).to_be_checked()
    page.get_by_label("Usia").select_option("30-39")
    page.get_by_label("Saran dan masukan (boleh dikosongkan)").fill("Antrean pagi lama.")
    follow(page, page.get_by_role("button", name="Kirim penilaian"))
    expect(page.get_by_role("heading", name="Terima kasih")).to_be_visible()
    assert_accessible(page)
    # The link works once.
    page.go_back()
    page.reload()
    expect(page.get_by_text("sudah diisi")).to_be_visible()
    sign_out(page)


def test_unit_head_reads_results_records_a_follow_up_and_downloads_the_report(
    desktop_page: Page, tmp_path: Path
):
    page = desktop_page
    sign_in(page, UNIT_HEAD, DEMO_PASSWORD)
    page.goto("/kerja/survei/hasil/")
    # The previous quarter is complete in the demo: choose it with the keyboard.
    box = page.get_by_label("Periode")
    text = box.input_value()
    year, quarter = int(text[:4]), int(text[-1])
    previous = f"{year}-Q{quarter - 1}" if quarter > 1 else f"{year - 1}-Q4"
    box.fill(previous)
    with page.expect_navigation():
        box.press("Enter")
    expect(page.get_by_test_id("ikm")).to_be_visible()
    priority = page.get_by_test_id("priority")
    expect(priority).to_contain_text("Prioritas perbaikan: U")
    assert_accessible(page)
    element = priority.inner_text().split("Prioritas perbaikan: ")[1][:2]

    follow(page, priority.get_by_role("link", name="Catat tindak lanjut"))
    expect(page.get_by_label("Unsur")).to_have_value(element)
    page.get_by_label("Unit").select_option(index=1)  # index 0 is the empty choice
    page.get_by_label("Rencana tindak lanjut").fill("Tambah satu loket pada Senin pagi")
    page.get_by_label("Penanggung jawab (ASN)").select_option(index=1)
    due = dt.datetime.now(ZONE).date() + dt.timedelta(days=30)
    page.get_by_label("Batas waktu").fill(due.isoformat())
    follow(page, page.get_by_role("button", name="Catat tindak lanjut"))
    expect(page.get_by_text("Tindak lanjut tercatat.")).to_be_visible()
    expect(page.get_by_role("cell", name="Tambah satu loket pada Senin pagi")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/kerja/survei/hasil/?periode={previous}")
    link = page.get_by_role("link", name="Unduh laporan PDF")
    link.focus()
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
    sign_out(page)
