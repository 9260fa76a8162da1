"""Complaints in the browser (issue 12): a citizen complains about a service they received,
follows the complaint and rates the answer; the complaint desk routes it with Sigap's
suggestion and the unit answers with a response template; an anonymous complaint reaches
the unit with no identity shown.

In the small demo's Pemerintah Provinsi Jambi: ``agency_admin.jambi`` holds the triage
right, ``officer.jambi`` an officer grant on Disdukcapil (where administrasi
kependudukan complaints are routed), and the demo citizen ``warga@demo.sigap.id`` has
applications there. Every page on the way must pass axe (no serious or critical
violations); forms are filled from the keyboard where a person would.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.a11y import assert_accessible
from e2e.live import DEMO_PASSWORD
from e2e.steps import follow, sign_in, sign_out, tab_to

pytestmark = pytest.mark.browser

PEMDA = "jambi"
CITIZEN = "warga@demo.sigap.id"
CITIZEN_NAME = "Siti Rahmawati"
DESK = "agency_admin.jambi"
OFFICER = "officer.jambi"
NUMBER = re.compile(r"ADU-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}[0-9A-Z*~$=]")
KTP_TEXT = (
    "Sudah tiga minggu KTP elektronik saya belum jadi padahal perekaman sudah, "
    "tiap ke Disdukcapil dibilang blanko habis. Mohon kepastiannya."
)
ANON_TEXT = "Petugas loket KTP minta uang rokok lima puluh ribu supaya cepat, tolong ditindak."


def _label(text: str) -> re.Pattern[str]:
    """A field's whole label: Django's label tags end with its suffix (":")."""
    return re.compile(rf"^{re.escape(text)}:?$")


def _type(page: Page, label: str, text: str) -> None:
    box = page.get_by_label(_label(label))
    tab_to(page, box, max_presses=60)
    page.keyboard.type(text)


def _submit(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def _route_with_suggestion(page: Page, number: str) -> None:
    page.goto(f"/kerja/pengaduan/triase/?nomor={number}")
    assert_accessible(page)
    follow(page, page.get_by_role("link", name=number, exact=True))
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
    assert_accessible(page)
    _submit(page, "Teruskan")
    expect(page.locator("#complaint-status")).to_have_text("Diverifikasi dan diteruskan")


def test_citizen_complains_about_a_service_follows_it_and_rates_the_answer(
    phone_page: Page, desktop_page: Page
) -> None:
    citizen, staff = phone_page, desktop_page

    # The citizen's own application: the complaint is about that service.
    sign_in(citizen, CITIZEN, DEMO_PASSWORD)
    citizen.goto("/layanan/permohonan/")
    application = citizen.locator(".tracking-number").first.inner_text().strip()
    citizen.goto(f"/p/{PEMDA}/pengaduan/")
    expect(citizen.get_by_role("heading", level=1)).to_contain_text("Pengaduan")
    assert_accessible(citizen)
    follow(citizen, citizen.get_by_role("link", name="Ajukan pengaduan"))
    assert_accessible(citizen)
    _type(citizen, "Isi pengaduan", KTP_TEXT)
    box = citizen.get_by_label("Nomor permohonan yang diadukan (bila ada)")
    tab_to(citizen, box, max_presses=60)
    citizen.keyboard.type(application)
    _submit(citizen, "Kirim pengaduan")
    number = citizen.locator("#tracking-number").inner_text().strip()
    assert NUMBER.fullmatch(number), number
    assert_accessible(citizen)

    # The desk routes it with Sigap's suggestion (pre-selected).
    sign_in(staff, DESK, DEMO_PASSWORD)
    _route_with_suggestion(staff, number)
    sign_out(staff)

    # The unit answers with a template.
    sign_in(staff, OFFICER, DEMO_PASSWORD)
    staff.goto("/kerja/pengaduan/")
    assert_accessible(staff)
    follow(staff, staff.get_by_role("link", name=number, exact=True))
    expect(staff.locator("#complainant")).to_contain_text(CITIZEN_NAME)
    staff.get_by_label("Templat jawaban").select_option(label="Dokumen kependudukan")
    _submit(staff, "Pakai templat")
    expect(staff.get_by_label("Jawaban untuk pelapor")).to_contain_text("Dokumen kependudukan Anda")
    assert_accessible(staff)
    _submit(staff, "Kirim jawaban")
    expect(staff.locator("#complaint-status")).to_have_text("Dijawab")

    # The citizen follows it, reads the answer and rates it.
    citizen.goto("/pengaduan/saya/")
    assert_accessible(citizen)
    follow(citizen, citizen.get_by_role("link", name=number, exact=True))
    expect(citizen.locator("#complaint-answer")).to_contain_text("Dokumen kependudukan Anda")
    assert_accessible(citizen)
    citizen.get_by_role("radio", name="5").check()
    _submit(citizen, "Kirim penilaian")
    expect(citizen.get_by_text("5/5")).to_be_visible()


def test_an_anonymous_complaint_reaches_the_unit_with_no_identity(
    phone_page: Page, desktop_page: Page
) -> None:
    visitor, staff = phone_page, desktop_page
    visitor.goto(f"/p/{PEMDA}/pengaduan/baru/")
    visitor.get_by_role("radio", name="Anonim").check()
    expect(visitor.locator("#identity-fields")).to_be_hidden()
    _type(visitor, "Isi pengaduan", ANON_TEXT)
    # The place: a point chosen on the map (Leaflet and tiles from Sigap's own host)
    # fills the latitude and longitude inputs.
    opener = visitor.get_by_role("button", name="Pilih titik di peta")
    opener.click()
    expect(opener).to_have_attribute("aria-expanded", "true")
    canvas = visitor.locator("[data-point-map-canvas]")
    expect(canvas).to_have_class(re.compile("leaflet-container"))
    canvas.click(position={"x": 120, "y": 90})
    expect(visitor.get_by_label(_label("Lintang"))).to_have_value(re.compile(r"^-1\.\d{6}$"))
    expect(visitor.get_by_label(_label("Bujur"))).to_have_value(re.compile(r"^103\.\d{6}$"))
    expect(canvas.locator(".leaflet-marker-icon")).to_be_visible()
    assert_accessible(visitor)
    _submit(visitor, "Kirim pengaduan")
    number = visitor.locator("#tracking-number").inner_text().strip()
    assert_accessible(visitor)

    sign_in(staff, DESK, DEMO_PASSWORD)
    staff.goto(f"/kerja/pengaduan/triase/?nomor={number}")
    follow(staff, staff.get_by_role("link", name=number, exact=True))
    staff.get_by_label(_label("Kategori")).select_option(label="Administrasi kependudukan")
    _submit(staff, "Teruskan")
    sign_out(staff)

    sign_in(staff, OFFICER, DEMO_PASSWORD)
    staff.goto("/kerja/pengaduan/")
    follow(staff, staff.get_by_role("link", name=number, exact=True))
    expect(staff.locator("#complainant")).to_have_text("Anonim")
    # The unit sees where it is: the coordinates and the point on the map.
    expect(staff.locator("#complaint-place")).to_contain_text("103.")
    expect(staff.locator("#complaint-place .leaflet-marker-icon")).to_be_visible()
    expect(staff.locator("#complaint-text")).to_contain_text("uang rokok")
    assert_accessible(staff)

    # Anyone with the number follows it; no identity anywhere.
    visitor.goto(f"/pengaduan/lacak/?nomor={number}")
    expect(visitor.locator("#complaint-status")).to_have_text("Diverifikasi dan diteruskan")
    assert_accessible(visitor)
