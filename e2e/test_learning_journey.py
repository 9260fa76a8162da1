"""Competency development in the browser (issue 13): BKPSDM creates a programme with two
sessions and fits the unit's budget to two places; the unit head nominates three of their
ASN and approves within the budget, is refused beyond it with the figures; BKPSDM records
attendance and completes the officer; the officer sees the JP progress bar move on their
phone; anyone verifies the certificate on its public page by its number.

Everything goes through the pages (nothing is planted in the database), in the small
demo's Pemerintah Provinsi Jambi: ``hr.jambi`` is BKPSDM, ``unit_head.jambi`` heads
Disdukcapil and ``officer.jambi`` holds a front-desk post there (workforce demo
``_link_logins``). Keyboard first where a person would type; every page passes axe.

Set ``SIGAP_E2E_SHOTS`` to a folder to keep full-page screenshots along the way.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Locator, Page, expect

from e2e.a11y import assert_accessible
from e2e.live import DEMO_PASSWORD
from e2e.steps import follow, sign_in, sign_out, tab_to

pytestmark = pytest.mark.browser

HR = "hr.jambi"
UNIT_HEAD = "unit_head.jambi"
OFFICER = "officer.jambi"
DUKCAPIL = "Dinas Kependudukan dan Pencatatan Sipil"
ZONE = ZoneInfo("Asia/Jakarta")  # Jambi keeps WIB
COST = 400_000  # per participant; the budget is set to room for exactly two
PHONE_390 = {"width": 390, "height": 844}


def shot(page: Page, name: str) -> None:
    folder = os.environ.get("SIGAP_E2E_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"learning-{name}.png"), full_page=True)


def rupiah(text: str) -> int:
    """``Rp1.250.000`` or ``1.250.000`` (Indonesian grouping) as an integer."""
    digits = re.sub(r"[^0-9]", "", text)
    return int(digits or 0)


def type_into(page: Page, box: Locator, text: str) -> None:
    tab_to(page, box, max_presses=80)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(text)


def press(page: Page, button: Locator) -> None:
    tab_to(page, button, max_presses=120)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def status(page: Page) -> Locator:
    return page.locator("main .messages")


def session_days(today: dt.date) -> tuple[dt.date, dt.date]:
    """Two days of this year, before today when the year allows it (the journey
    completes the programme today, so the JP count for this year)."""
    if today.timetuple().tm_yday > 3:
        return today - dt.timedelta(days=3), today - dt.timedelta(days=2)
    return today, today + dt.timedelta(days=1)


def my_learning(page: Page) -> tuple[str, str, str]:
    """(name, NIP, JP this year) from the ASN's own page."""
    page.goto("/kerja/pembelajaran/saya/")
    expect(page.get_by_role("heading", level=1, name="Pembelajaran saya")).to_be_visible()
    me = page.locator("#me").inner_text()
    nip = page.locator("#my-identifier").inner_text().strip()
    name = me.split(" · ")[0].strip()
    earned = page.locator("#jp-text strong").get_attribute("data-jp") or "0"
    return name, nip, earned


def test_hr_programme_unit_head_approves_within_budget_officer_completes_certificate_verifies(
    phone_page: Page, desktop_page: Page
) -> None:
    officer_phone, office = phone_page, desktop_page
    officer_phone.set_viewport_size(PHONE_390)
    today = dt.datetime.now(ZONE).date()
    first, second = session_days(today)
    code = f"E2E-{secrets.token_hex(3).upper()}"
    title = f"Pelatihan pelayanan prima {code}"

    # The officer, on a phone, before: their name, NIP and JP this year.
    sign_in(officer_phone, OFFICER, DEMO_PASSWORD)
    name, nip, before = my_learning(officer_phone)
    assert re.fullmatch(r"\d{18}", nip), nip
    expect(officer_phone.locator("#jp-progress")).to_be_visible()
    shot(officer_phone, "01-officer-before")
    assert_accessible(officer_phone)

    # BKPSDM creates the programme (JP are computed from the sessions, never typed).
    sign_in(office, HR, DEMO_PASSWORD)
    office.goto("/kerja/pembelajaran/")
    assert_accessible(office)
    follow(office, office.get_by_role("link", name="Program baru"))
    form = office.locator("main form")
    type_into(office, form.get_by_label("Kode"), code)
    type_into(office, form.get_by_label("Nama program"), title)
    form.get_by_label("Bentuk").select_option(label="Pelatihan teknis")
    form.get_by_label(re.compile(r"^Penyelenggara")).select_option(
        label="Lembaga pelatihan pemerintah"
    )
    type_into(office, form.get_by_label("Nama penyelenggara"), "BPSDM Provinsi Jambi")
    type_into(office, form.get_by_label("Tahun"), str(today.year))
    type_into(office, form.get_by_label("Kapasitas (peserta)"), "10")
    type_into(office, form.get_by_label("Biaya per peserta (Rp)"), str(COST))
    assert_accessible(office)
    press(office, form.get_by_role("button", name="Simpan"))
    expect(status(office)).to_contain_text("Program dibuat")
    expect(office.get_by_role("heading", level=1, name=title)).to_be_visible()

    # Two sessions of 450 minutes: 10 JP each at 45 minutes a JP.
    for day in (first, second):
        office.locator("details summary", has_text="Tambah sesi").click()
        sessions = office.locator("#session-form")
        sessions.get_by_label("Mulai").fill(f"{day:%Y-%m-%d}T08:00")
        sessions.get_by_label("Selesai").fill(f"{day:%Y-%m-%d}T15:30")
        type_into(office, sessions.get_by_label("Tempat"), "Aula BKPSDM Provinsi Jambi")
        press(office, sessions.get_by_role("button", name="Tambah sesi"))
        expect(status(office)).to_contain_text("Sesi ditambahkan")
    expect(office.locator("#programme-jp")).to_have_text("20 JP")
    expect(office.get_by_role("table").first).to_contain_text(f"{first:%d-%m-%Y} 08:00")
    programme_url = office.url
    shot(office, "02-programme")
    assert_accessible(office)

    # BKPSDM fits Disdukcapil's budget of this year to room for exactly two places.
    office.goto(f"/kerja/pembelajaran/anggaran/?year={today.year}")
    row = office.locator("tbody tr").filter(has_text=DUKCAPIL).filter(has_text="APBD").first
    cells = row.locator("td")
    ceiling, remaining = rupiah(cells.nth(2).inner_text()), rupiah(cells.nth(5).inner_text())
    planned = ceiling - remaining + 2 * COST
    budget_form = office.locator("main form.sigap-form")
    budget_form.get_by_label("Unit").select_option(label="Disdukcapil")
    type_into(office, budget_form.get_by_label("Tahun"), str(today.year))
    budget_form.get_by_label("Sumber dana").select_option(label="APBD")
    type_into(office, budget_form.get_by_label("Pagu (Rp)"), str(planned))
    press(office, budget_form.get_by_role("button", name="Simpan"))
    expect(status(office)).to_contain_text("Anggaran disimpan")
    row = office.locator("tbody tr").filter(has_text=DUKCAPIL).filter(has_text="APBD").first
    assert rupiah(row.locator("td").nth(5).inner_text()) == 2 * COST
    assert_accessible(office)
    sign_out(office)

    # The unit head finds two more of their ASN below 20 JP and nominates three.
    sign_in(office, UNIT_HEAD, DEMO_PASSWORD)
    office.goto("/kerja/pembelajaran/capaian-jp/")
    expect(office.get_by_role("heading", level=1)).to_contain_text("di bawah 20 JP")
    assert_accessible(office)
    others = []
    for r in office.locator("tbody tr").all():
        cell = r.locator("td")
        if cell.nth(1).inner_text().strip() != nip and len(others) < 2:
            others.append((cell.nth(0).inner_text().strip(), cell.nth(1).inner_text().strip()))
    assert len(others) == 2, others
    office.goto(programme_url)
    for who in (nip, others[0][1], others[1][1]):
        nominate = office.locator("#nominate-form")
        type_into(office, nominate.get_by_label("NIP / nomor PPPK"), who)
        type_into(office, nominate.get_by_label("Alasan usulan"), "Garda depan layanan")
        press(office, nominate.get_by_role("button", name="Usulkan"))
        expect(status(office)).to_contain_text("Usulan dicatat")
    shot(office, "03-nominated")
    assert_accessible(office)

    # Approvals: two fit the budget, the third is refused with the figures.
    for who in (name, others[0][0]):
        press(office, office.get_by_role("button", name=f"Setujui {who}"))
        expect(status(office)).to_contain_text(f"Usulan {who} disetujui")
    press(office, office.get_by_role("button", name=f"Setujui {others[1][0]}"))
    refusal = status(office)
    expect(refusal).to_contain_text("tidak cukup")
    expect(refusal).to_contain_text("sisa Rp0")
    expect(refusal).to_contain_text("biaya peserta Rp400.000")
    row = office.locator("tbody tr").filter(has_text=others[1][0])
    expect(row).to_contain_text("Diusulkan")
    shot(office, "04-refused")
    assert_accessible(office)
    sign_out(office)

    # BKPSDM records attendance of both sessions and completes the officer.
    sign_in(office, HR, DEMO_PASSWORD)
    office.goto(programme_url)
    for n in (1, 2):
        fieldset = office.locator("fieldset").filter(has_text=f"Sesi {n} (")
        press(office, fieldset.get_by_role("button", name="Simpan kehadiran"))
        expect(status(office)).to_contain_text("Kehadiran 2 peserta dicatat")
    follow(office, office.get_by_role("link", name=f"Selesaikan {name}"))
    assert_accessible(office)
    press(office, office.get_by_role("button", name="Tandai selesai"))
    expect(status(office)).to_contain_text("Selesai; JP dicatat")
    expect(office.locator("tbody tr").filter(has_text=name)).to_contain_text("Selesai")
    sign_out(office)

    # The officer's progress bar has moved by the programme's 20 JP; the certificate
    # number is on their page.
    _name, _nip, after = my_learning(officer_phone)
    assert float(after) == float(before) + 20, (before, after)
    percent = min(100, int((float(before) + 20) * 5))
    expect(officer_phone.locator("#jp-progress")).to_have_attribute("value", str(percent))
    enrolments = officer_phone.locator("table").filter(has_text="Usulan dan keikutsertaan")
    row = enrolments.locator("tbody tr").filter(has_text=title)
    expect(row).to_contain_text("Selesai")
    number = row.get_by_role("link").first.inner_text().strip()
    assert re.fullmatch(r"JAMBI-\d{4}-[A-Z2-9]{8}", number), number
    shot(officer_phone, "05-officer-after")
    assert_accessible(officer_phone)
    sign_out(officer_phone)

    # Anyone checks the certificate by its number: valid, NIP masked.
    officer_phone.goto("/sertifikat/")
    expect(officer_phone.get_by_role("heading", level=1)).to_contain_text("Cek sertifikat")
    assert_accessible(officer_phone)
    type_into(officer_phone, officer_phone.get_by_label("Nomor sertifikat"), number)
    with officer_phone.expect_navigation():
        officer_phone.keyboard.press("Enter")
    valid = officer_phone.get_by_role("region", name="Sertifikat sah")
    expect(valid).to_contain_text(number)
    expect(valid).to_contain_text(name)
    expect(valid).to_contain_text(title)
    expect(valid).to_contain_text(f"{nip[:4]}{'*' * 11}{nip[-3:]}")
    assert nip not in officer_phone.content()
    shot(officer_phone, "06-verified")
    assert_accessible(officer_phone)

    # A made-up number is not found (and says so).
    officer_phone.goto("/sertifikat/JAMBI-2026-XXXXXXXX/")
    expect(officer_phone.get_by_role("alert")).to_contain_text("tidak ditemukan")
