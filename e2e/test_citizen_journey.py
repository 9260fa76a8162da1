"""A citizen on a phone registers, corrects a wrong NIK, signs in again and takes her data home.

Driven by the keyboard wherever a person could: Tab to a field, type, Enter to submit.
Every page on the way must pass axe (no serious or critical violations).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from e2e.a11y import assert_accessible
from e2e.steps import assert_skip_link_works, sign_in, sign_out, tab_to, unique_citizen

pytestmark = pytest.mark.browser

FULL_NAME = "Dewi Lestari Anggraini"
PASSWORD = "Batanghari-Sore-2026"
ENGLISH = re.compile(r"\b(ensure|must|this field|required|invalid|characters)\b", re.IGNORECASE)


def test_skip_link_is_the_first_tab_stop(phone_page: Page) -> None:
    page = phone_page
    page.goto("/")
    assert_skip_link_works(page)


def test_citizen_registers_fixes_nik_signs_in_again_and_downloads_her_data(
    phone_page: Page,
) -> None:
    page = phone_page
    nik, birth_date, email = unique_citizen()
    bad_nik = nik[:10] + "O" + nik[11:]  # a letter O typed for a zero: 16 characters, not digits

    # Home: the list of pemda, and the way to register.
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Pemerintah Provinsi Jambi")).to_be_visible()
    assert_accessible(page)
    register_link = page.get_by_role("navigation", name="Navigasi utama").get_by_role(
        "link", name="Daftar", exact=True
    )
    tab_to(page, register_link)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Registration, first attempt: a NIK with a letter in it.
    expect(page).to_have_url(re.compile(r"/daftar/(#main)?$"))
    expect(page.get_by_role("heading", name="Daftar sebagai warga")).to_be_visible()
    assert_skip_link_works(page)
    assert_accessible(page)
    form = page.locator("main form")
    name_box = form.get_by_label(re.compile(r"^Nama lengkap"))
    nik_box = form.get_by_label(re.compile(r"^NIK"))
    date_box = form.get_by_label(re.compile(r"^Tanggal lahir"))
    email_box = form.get_by_label(re.compile(r"^Email"))
    password_box = form.get_by_label(re.compile(r"^Kata sandi"))
    repeat_box = form.get_by_label(re.compile(r"^Ulangi kata sandi"))
    consent_box = form.get_by_role("checkbox", name=re.compile("pemberitahuan privasi"))
    submit = form.get_by_role("button", name="Daftar")

    tab_to(page, name_box)
    page.keyboard.type(FULL_NAME)
    page.keyboard.press("Tab")
    expect(nik_box).to_be_focused()  # the visual order is the tab order
    page.keyboard.type(bad_nik)
    page.keyboard.press("Tab")
    expect(date_box).to_be_focused()
    # The date picker's segment order follows the browser's own language, not the page's, so
    # typing digits is not portable; fill() sets the value as a picker would.
    date_box.fill(birth_date.isoformat())
    tab_to(page, email_box)
    page.keyboard.type(email)
    tab_to(page, password_box)
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    expect(repeat_box).to_be_focused()
    page.keyboard.type(PASSWORD)
    tab_to(page, consent_box)
    page.keyboard.press("Space")
    expect(consent_box).to_be_checked()
    tab_to(page, submit)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The error is in Indonesian, announced, and tied to the NIK field.
    expect(page.get_by_role("alert")).to_contain_text("Periksa kembali isian")
    expect(nik_box).to_have_attribute("aria-invalid", "true")
    error = page.locator("#id_nik_error")
    expect(error).to_contain_text("NIK")
    assert not ENGLISH.search(error.inner_text()), error.inner_text()
    described_by = (nik_box.get_attribute("aria-describedby") or "").split()
    assert "id_nik_error" in described_by, described_by
    expect(nik_box).to_have_accessible_description(re.compile(re.escape(error.inner_text())))
    expect(nik_box).to_have_value(bad_nik)  # what she typed is kept for correcting
    expect(name_box).to_have_value(FULL_NAME)
    expect(page.locator("[aria-invalid=true]")).to_have_count(1)
    assert_accessible(page)

    # Second attempt: correct the NIK, retype the passwords, Enter submits.
    tab_to(page, nik_box)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(nik)
    expect(nik_box).to_have_value(nik)
    tab_to(page, password_box)
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    expect(consent_box).to_be_checked()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Registered and signed in: her data page shows the NIK masked.
    expect(page).to_have_url(re.compile(r"/akun/data-saya/(#main)?$"))
    expect(page.get_by_role("status")).to_contain_text("Pendaftaran berhasil")
    masked = page.locator(".nik-masked")
    expect(masked).to_have_text(nik[:4] + "*" * 12)
    html = page.content()
    assert nik not in html and nik[4:] not in html, "the full NIK must not reach the page"
    assert_accessible(page)

    # Sign out, then back in with email and password.
    sign_out(page)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("link", name="Masuk", exact=True)).to_be_visible()
    page.goto("/masuk/")
    assert_accessible(page)
    sign_in(page, email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/akun/data-saya/(#main)?$"))
    expect(masked).to_have_text(nik[:4] + "*" * 12)

    # Download everything Sigap holds about her: the file has the full NIK and her name.
    download_button = page.get_by_role("button", name="Unduh data saya (JSON)")
    tab_to(page, download_button)
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename.endswith(".json")
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["profile"]["nik"] == nik
    assert data["profile"]["birth_date"] == birth_date.isoformat()
    assert data["account"]["full_name"] == FULL_NAME
    assert data["account"]["email"] == email


def test_privacy_notice_is_accessible(phone_page: Page) -> None:
    page = phone_page
    page.goto("/privasi/")
    expect(page.get_by_role("heading", name="Pemberitahuan privasi")).to_be_visible()
    assert_accessible(page)


def test_correction_form_shows_the_stored_birth_date(phone_page: Page) -> None:
    page = phone_page
    nik, birth_date, email = unique_citizen()
    page.goto("/daftar/")
    form = page.locator("main form")
    form.get_by_label(re.compile(r"^Nama lengkap")).fill(FULL_NAME)
    form.get_by_label(re.compile(r"^NIK")).fill(nik)
    form.get_by_label(re.compile(r"^Tanggal lahir")).fill(birth_date.isoformat())
    form.get_by_label(re.compile(r"^Email")).fill(email)
    form.get_by_label(re.compile(r"^Kata sandi")).fill(PASSWORD)
    form.get_by_label(re.compile(r"^Ulangi kata sandi")).fill(PASSWORD)
    form.get_by_role("checkbox").check()
    with page.expect_navigation():
        form.get_by_role("button", name="Daftar").click()
    expect(page).to_have_url(re.compile(r"/akun/data-saya/$"))

    expect(page.get_by_label(re.compile(r"^Tanggal lahir"))).to_have_value(
        birth_date.isoformat(), timeout=1000
    )
