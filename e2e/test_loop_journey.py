"""The loop in one browser journey: a walk-in is served at the counter (a service
event), rates the service from the slip's page on their phone, answers that complaints
go nowhere (U8), is offered a complaint about that very service and files it
anonymously; the complaint desk sees which service it is about.

In the small demo's Pemerintah Provinsi Jambi: ``officer.jambi`` works counter 1 of
Disdukcapil's office, ``agency_admin.jambi`` holds the complaint triage right. Every page
on the citizen's way must pass axe; the survey is answered from the keyboard.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.a11y import assert_accessible
from e2e.live import DEMO_PASSWORD
from e2e.steps import follow, sign_in, sign_out

pytestmark = pytest.mark.browser

OFFICER = "officer.jambi"
DESK = "agency_admin.jambi"
TRACKING = re.compile(r"ADU-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}[0-9A-Z*~$=]")
TEXT = "Sudah dilayani tapi petugas loket bilang pengaduan tidak bisa disampaikan di sini."


def _press(page: Page, button: str) -> None:
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name=button, exact=True).click()


def _serve_a_walk_in(page: Page) -> tuple[str, str]:
    """As the officer on counter 1: clear what is open, issue a walk-in ticket, call,
    start and finish the next in line; the slip's address from the counter page and the
    service served (the demo may have others waiting before the new ticket)."""
    page.goto("/antrean/loket/")
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name=re.compile("Loket 1$")).click()
    for button in ("Mulai layani", "Selesai"):
        if page.get_by_role("button", name=button, exact=True).count():
            _press(page, button)
    page.locator("form[action$='/tiket/']").get_by_label("Layanan").select_option(
        label="C · Penerbitan Akta Kelahiran"
    )
    _press(page, "Terbitkan tiket")
    _press(page, "Panggil berikutnya")
    served = page.locator("#current-number + p").inner_text().split(" · ")[0].strip()
    _press(page, "Mulai layani")
    _press(page, "Selesai")
    slip = page.locator("#last-done").get_by_role("link", name="Cetak slip dengan QR penilaian")
    expect(slip).to_be_visible()
    # The slip prints itself when opened with ?cetak=1; the citizen's phone opens the
    # page behind its QR code, which is the same address without it.
    return slip.get_attribute("href").split("?")[0], served


def test_a_walk_in_rates_the_service_and_complains_about_it(
    phone_page: Page, desktop_page: Page
) -> None:
    citizen, staff = phone_page, desktop_page
    sign_in(staff, OFFICER, DEMO_PASSWORD)
    slip, service = _serve_a_walk_in(staff)
    sign_out(staff)

    citizen.goto(slip)
    expect(citizen.locator(".slip-place")).to_contain_text("Selesai")
    assert_accessible(citizen)
    follow(citizen, citizen.get_by_role("link", name="Nilai layanan ini"))
    expect(citizen.get_by_role("heading", name="Survei kepuasan masyarakat")).to_be_visible()
    assert_accessible(citizen)
    for code in range(1, 10):
        group = citizen.get_by_role("group", name=f"U{code}.")
        # Good everywhere, except U8: "Tidak ada" (no way to complain).
        answer = group.get_by_role("radio").nth(0 if code == 8 else 3)
        answer.focus()
        citizen.keyboard.press("Space")
        expect(answer).to_be_checked()
    follow(citizen, citizen.get_by_role("button", name="Kirim penilaian"))
    expect(citizen.get_by_role("heading", name="Ada masalah dengan layanan ini?")).to_be_visible()
    assert_accessible(citizen)

    follow(citizen, citizen.get_by_role("link", name="Ajukan pengaduan tentang layanan ini"))
    expect(citizen.locator("#about-service")).to_contain_text(service)
    assert_accessible(citizen)
    anonymous = citizen.get_by_role("radio", name=re.compile("^Anonim"))
    anonymous.focus()
    citizen.keyboard.press("Space")
    citizen.get_by_label(re.compile(r"^Isi pengaduan:?$")).fill(TEXT)
    follow(citizen, citizen.get_by_role("button", name="Kirim pengaduan"))
    number = citizen.locator("#tracking-number").inner_text().strip()
    assert TRACKING.fullmatch(number), number
    assert_accessible(citizen)

    # The desk sees which service the complaint is about, and nobody's name.
    sign_in(staff, DESK, DEMO_PASSWORD)
    staff.goto(f"/kerja/pengaduan/triase/?nomor={number}")
    follow(staff, staff.get_by_role("link", name=number, exact=True))
    expect(staff.locator("#complaint-service")).to_contain_text(service)
    expect(staff.locator("#complaint-service")).to_contain_text("Survei kepuasan")
    expect(staff.locator("#complainant")).to_have_text("Anonim")
    assert_accessible(staff)
