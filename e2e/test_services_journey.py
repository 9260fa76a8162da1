"""Public services in the browser (issue 9): a citizen on a phone finds a service, applies with a
document, is returned for revision, fixes it and follows the application to done; an officer
works their queue; anyone tracks an application by its number and sees no personal data.

The applications are filed through the citizen's own pages (nothing is planted in the
database), in the small demo's Pemerintah Provinsi Jambi (slug ``jambi``): Disdukcapil's
``AKTA-LAHIR`` and ``KTP-EL`` accept online applications, ``officer.jambi`` holds an officer grant on Disdukcapil, and the
demo citizen ``warga@demo.sigap.id`` is Siti Rahmawati. Keyboard first wherever a person could
(Tab to a field, type, Enter); every page on the way must pass axe (no serious or critical
violations).

The citizen's phone is 390×844 (``phone_page`` resized), the officer's an office desktop.
Set ``SIGAP_E2E_SHOTS`` to a folder to keep full-page screenshots along the way.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fpdf import FPDF
from playwright.sync_api import FilePayload, Locator, Page, expect

from e2e.a11y import assert_accessible
from e2e.live import DEMO_PASSWORD
from e2e.steps import follow, make_nik, sign_out, tab_to, unique_citizen

# The page always has an (empty) live region for messages; the status meant is the
# first one that says something.
ANY_TEXT = re.compile(r"\S")

pytestmark = pytest.mark.browser

PEMDA = "jambi"
CITIZEN = "warga@demo.sigap.id"
CITIZEN_NAME = "Siti Rahmawati"  # sigap/accounts/demo.py
OFFICER = "officer.jambi"  # officer grant on Disdukcapil (sigap/accounts/demo.py)
BIRTH_CERTIFICATE = "Penerbitan Akta Kelahiran"  # AKTA-LAHIR, Disdukcapil
KTP = "Penerbitan KTP-el (baru/hilang/rusak/perubahan data)"  # KTP-EL, Disdukcapil
PHONE_390 = {"width": 390, "height": 844}
STATUS = {
    "submitted": "Diajukan",
    "verified": "Terverifikasi",
    "in_process": "Diproses",
    "returned": "Dikembalikan untuk perbaikan",
    "done": "Selesai",
}
TRACKING = re.compile(r"LYN-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}[0-9A-Z*~$=]")  # tracking.py
QUEUE = "/kerja/layanan/antrean/"
KK_FILE = "kartu-keluarga.pdf"
ZONE = ZoneInfo("Asia/Jakarta")  # Jambi keeps WIB


# ------------------------------------------------------------------------------ helpers


def pdf(text: str, name: str = "surat-keterangan-lahir.pdf") -> FilePayload:
    """A small, valid one-page PDF, as a scanner would send it."""
    doc = FPDF(format=(148, 210))  # A5, in mm
    doc.add_page()
    doc.set_font("Helvetica", size=14)
    doc.cell(text=text)
    return {"name": name, "mimeType": "application/pdf", "buffer": bytes(doc.output())}


def shot(page: Page, name: str) -> None:
    folder = os.environ.get("SIGAP_E2E_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def sign_in_here(page: Page, username: str, password: str) -> None:
    """Sign in on the sign-in page the browser was sent to (keeping its ``next``)."""
    box = page.get_by_label("Email, nomor HP atau nama pengguna")
    tab_to(page, box)
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Kata sandi")).to_be_focused()
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def sign_in(page: Page, username: str) -> None:
    page.goto("/masuk/")
    sign_in_here(page, username, DEMO_PASSWORD)


def type_into(page: Page, box: Locator, text: str) -> None:
    tab_to(page, box)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(text)


def field(page: Page, label: str) -> Locator:
    """A field of the application form, by the start of its label ("Nama bayi (wajib)")."""
    return page.locator("main form").get_by_label(re.compile("^" + re.escape(label)))


def press(page: Page, button: Locator) -> None:
    """Tab to a button and press Enter, waiting for the page it leads to."""
    tab_to(page, button, max_presses=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def tracking_number_on(page: Page) -> str:
    number = page.locator(".tracking-number").first.inner_text().strip()
    assert TRACKING.fullmatch(number), number
    return number


def file_ktp_application(page: Page, nik: str) -> str:
    """A signed-in citizen files a KTP-el application from its apply page; its number."""
    page.goto(f"/p/{PEMDA}/layanan/KTP-EL/ajukan/")
    field(page, "NIK pemohon").fill(nik)
    field(page, "Alasan permohonan").select_option(label="Rusak")
    field(page, "Kartu Keluarga").set_input_files(pdf("Kartu Keluarga", KK_FILE))
    with page.expect_navigation():
        page.get_by_role("button", name="Ajukan permohonan").click()
    expect(page.get_by_role("status").filter(has_text=ANY_TEXT).first).to_contain_text(
        "Permohonan terkirim"
    )
    return tracking_number_on(page)


def queue_tab(page: Page, tab: str) -> None:
    """Open the officer's queue on one of its tabs, with the keyboard."""
    page.goto(QUEUE)
    follow(page, page.get_by_role("link", name=tab, exact=True))
    expect(page.get_by_role("link", name=tab, exact=True)).to_have_attribute("aria-current", "page")


def find_in_queue(page: Page, number: str) -> Locator | None:
    """The queue row of ``number`` on this page of the queue or a later one (the demo's own
    open work comes first: most urgent, or for returned ones the oldest return), or None."""
    while True:
        row = page.locator("tbody tr").filter(has=page.get_by_role("link", name=number, exact=True))
        if row.count():
            return row
        more = page.get_by_role("link", name="Halaman berikutnya")
        if not more.count():
            return None
        follow(page, more)


def open_in_queue(page: Page, number: str, *, tab: str = "Unit saya") -> None:
    """From the officer's queue, open one application by its number."""
    queue_tab(page, tab)
    row = find_in_queue(page, number)
    assert row is not None, f"{number} is not in the queue's {tab!r} tab"
    follow(page, row.get_by_role("link", name=number, exact=True))
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)


def act(page: Page, title: str, button: str) -> None:
    """Run one action of the application page (a form named by its heading)."""
    form = page.get_by_role("form", name=title)
    press(page, form.get_by_role("button", name=button, exact=True))
    expect(page.get_by_role("status").filter(has_text=ANY_TEXT).first).to_be_visible()


def open_notification(page: Page, subject: str) -> None:
    """From the navigation bar to the inbox, then "Buka" on the notification ``subject``."""
    follow(page, page.get_by_role("link", name=re.compile(r"^Notifikasi")).first)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Notifikasi")
    assert_accessible(page)
    item = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=re.compile(re.escape(subject)))
    )
    press(page, item.get_by_role("button", name=re.compile(r"^Buka")).first)


def timeline(page: Page) -> list[str]:
    return [
        t.strip()
        for t in page.locator("ol.timeline .timeline-step > span.fw-semibold").all_inner_texts()
    ]


# ------------------------------------------------------------------------------ journeys


def test_citizen_applies_on_a_phone_fixes_a_returned_application_and_follows_it_to_done(
    phone_page: Page, desktop_page: Page
) -> None:
    citizen, officer = phone_page, desktop_page
    citizen.set_viewport_size(PHONE_390)
    mother_nik = make_nik(birth_date=dt.date(1994, 3, 8), female=True, sequence=4211)

    # The pemda's catalogue: search, then open the service.
    citizen.goto(f"/p/{PEMDA}/layanan/")
    expect(citizen.get_by_role("heading", level=1, name="Katalog layanan")).to_be_visible()
    assert_accessible(citizen)
    type_into(citizen, citizen.get_by_role("searchbox", name="Cari layanan"), "akta kelahiran")
    with citizen.expect_navigation():
        citizen.keyboard.press("Enter")
    expect(citizen.get_by_role("status").filter(has_text=ANY_TEXT).first).to_contain_text("cocok")
    shot(citizen, "01-catalogue-search")
    assert_accessible(citizen)
    service_link = citizen.get_by_role("link", name=BIRTH_CERTIFICATE, exact=True)
    tab_to(citizen, service_link, max_presses=60)
    with citizen.expect_navigation():
        citizen.keyboard.press("Enter")
    expect(citizen.get_by_role("heading", level=1, name=BIRTH_CERTIFICATE)).to_be_visible()
    expect(citizen.get_by_role("heading", name="1. Persyaratan")).to_be_visible()
    shot(citizen, "02-service")
    assert_accessible(citizen)

    # Apply: the sign-in page, then back to the service's form.
    follow(citizen, citizen.get_by_role("link", name="Ajukan permohonan daring"))
    expect(citizen).to_have_url(re.compile(r"/masuk/"))
    sign_in_here(citizen, CITIZEN, DEMO_PASSWORD)
    expect(citizen).to_have_url(re.compile(rf"/p/{PEMDA}/layanan/AKTA-LAHIR/ajukan/$"))
    expect(citizen.get_by_role("heading", level=1)).to_contain_text(BIRTH_CERTIFICATE)
    assert_accessible(citizen)

    type_into(citizen, field(citizen, "Nama bayi"), "Putri Ayu Lestari")
    field(citizen, "Tanggal lahir").fill(
        (dt.datetime.now(ZONE).date() - dt.timedelta(days=10)).isoformat()
    )
    type_into(citizen, field(citizen, "Tempat lahir"), "Jambi")
    type_into(citizen, field(citizen, "NIK ibu"), mother_nik)
    document = field(citizen, "Surat keterangan lahir")
    expect(document).to_have_accessible_description(re.compile(r"PDF, JPG atau PNG"))

    # Submitted without the required document: the error is on that field, the answers kept.
    press(citizen, citizen.get_by_role("button", name="Ajukan permohonan"))
    expect(citizen.get_by_role("alert")).to_contain_text("Periksa isian")
    expect(document).to_have_attribute("aria-invalid", "true")
    error = citizen.locator(f"#{document.get_attribute('id')}_error")
    expect(error).to_contain_text("Unggah dokumen ini")
    expect(document).to_have_accessible_description(re.compile(re.escape(error.inner_text())))
    expect(citizen.locator("[aria-invalid=true]")).to_have_count(1)
    expect(field(citizen, "NIK ibu")).to_have_value(mother_nik)
    shot(citizen, "03-apply-missing-document")
    assert_accessible(citizen)

    # With the document: saved as a draft first.
    document.set_input_files(pdf("Surat keterangan lahir"))
    press(citizen, citizen.get_by_role("button", name="Simpan konsep"))

    # The draft is kept, with its document; then submitted.
    expect(citizen.get_by_role("status").filter(has_text=ANY_TEXT).first).to_contain_text(
        "Konsep tersimpan"
    )
    expect(citizen.get_by_role("heading", level=1, name="Lanjutkan permohonan")).to_be_visible()
    expect(field(citizen, "Nama bayi")).to_have_value("Putri Ayu Lestari")
    expect(citizen.locator(".uploaded")).to_contain_text("surat-keterangan-lahir.pdf")
    shot(citizen, "04-draft")
    assert_accessible(citizen)
    press(citizen, citizen.get_by_role("button", name="Ajukan permohonan"))
    expect(citizen.get_by_role("status").filter(has_text=ANY_TEXT).first).to_contain_text(
        "Nomor pelacakan Anda"
    )
    number = tracking_number_on(citizen)
    expect(citizen.get_by_role("status").filter(has_text=ANY_TEXT).first).to_contain_text(number)
    expect(citizen.locator("dd").filter(has_text=STATUS["submitted"])).to_be_visible()
    shot(citizen, "05-submitted")
    assert_accessible(citizen)

    # The officer returns it for revision with a note.
    note = "Tempat lahir harus sama dengan surat keterangan lahir: tulis Kota Jambi."
    sign_in(officer, OFFICER)
    open_in_queue(officer, number)
    expect(officer.locator("dt:text-is('Pemohon') + dd")).to_have_text(CITIZEN_NAME)
    expect(officer.get_by_text("Putri Ayu Lestari")).to_be_visible()
    expect(officer.get_by_role("link", name="surat-keterangan-lahir.pdf")).to_be_visible()
    shot(officer, "20-officer-application")
    assert_accessible(officer)
    returning = officer.get_by_role("form", name="Kembalikan untuk perbaikan")
    type_into(officer, returning.get_by_label("Yang harus diperbaiki pemohon"), note)
    act(officer, "Kembalikan untuk perbaikan", "Kembalikan")
    expect(officer.get_by_role("status").filter(has_text=ANY_TEXT).first).to_contain_text(
        "dikembalikan kepada pemohon"
    )
    assert_accessible(officer)

    # The citizen hears of it in her inbox, opens the application and reads the note.
    open_notification(citizen, f"Permohonan {number} perlu diperbaiki")
    expect(citizen).to_have_url(re.compile(rf"/layanan/permohonan/{re.escape(number)}/$"))
    expect(citizen.get_by_role("note")).to_contain_text(note)
    expect(citizen.locator("dd").filter(has_text=STATUS["returned"])).to_be_visible()
    shot(citizen, "07-returned")
    assert_accessible(citizen)
    follow(
        citizen,
        citizen.get_by_role("navigation", name="Navigasi utama").get_by_role(
            "link", name="Permohonan saya"
        ),
    )
    card = citizen.locator(".app-card").filter(has_text=number)
    expect(card).to_contain_text("menunggu perbaikan Anda")
    shot(citizen, "06-my-applications-returned")
    assert_accessible(citizen)

    # She fixes the answer, sends a clearer scan and resubmits.
    follow(citizen, card.get_by_role("link", name=BIRTH_CERTIFICATE))
    follow(citizen, citizen.get_by_role("link", name="Perbaiki permohonan"))
    expect(citizen.get_by_role("heading", level=1, name="Perbaiki permohonan")).to_be_visible()
    expect(citizen.get_by_role("note")).to_contain_text(note)
    expect(field(citizen, "Tempat lahir")).to_have_value("Jambi")
    assert_accessible(citizen)
    type_into(citizen, field(citizen, "Tempat lahir"), "Kota Jambi")
    field(citizen, "Surat keterangan lahir").set_input_files(pdf("Surat keterangan lahir (jelas)"))
    shot(citizen, "08-fix")
    press(citizen, citizen.get_by_role("button", name="Kirim perbaikan"))
    expect(citizen.get_by_role("status").filter(has_text=ANY_TEXT).first).to_contain_text(
        "Perbaikan terkirim"
    )
    expect(citizen.locator("dd").filter(has_text=STATUS["submitted"])).to_be_visible()
    assert_accessible(citizen)

    # The officer verifies, processes and completes it.
    officer.reload()
    expect(officer.get_by_text("Kota Jambi", exact=True)).to_be_visible()
    act(officer, "Verifikasi", "Verifikasi")
    expect(officer.get_by_role("status").filter(has_text=ANY_TEXT).first).to_contain_text(
        "diverifikasi"
    )
    act(officer, "Mulai proses", "Mulai proses")
    expect(officer.get_by_role("status").filter(has_text=ANY_TEXT).first).to_contain_text(
        "mulai diproses"
    )
    act(officer, "Selesaikan", "Selesai")
    expect(officer.get_by_role("status").filter(has_text=ANY_TEXT).first).to_contain_text("selesai")
    expect(officer.get_by_role("heading", name="Tindakan")).to_be_visible()
    assert_accessible(officer)

    # The citizen follows it to done: every step on the timeline.
    open_notification(citizen, f"Permohonan {number} selesai")
    expect(citizen.locator("dd").filter(has_text=STATUS["done"])).to_be_visible()
    assert timeline(citizen) == [
        "Konsep",
        STATUS["submitted"],
        STATUS["returned"],
        STATUS["submitted"],
        STATUS["verified"],
        STATUS["in_process"],
        STATUS["done"],
    ], timeline(citizen)
    expect(citizen.locator("ol.timeline")).to_contain_text(note)
    expect(citizen.get_by_text("Selesai", exact=True).first).to_be_visible()
    shot(citizen, "09-done")
    assert_accessible(citizen)
    follow(
        citizen,
        citizen.get_by_role("navigation", name="Navigasi utama").get_by_role(
            "link", name="Permohonan saya"
        ),
    )
    expect(citizen.locator(".app-card").filter(has_text=number)).to_contain_text(STATUS["done"])


def test_officer_claims_returns_one_and_completes_another_from_the_queue(
    phone_page: Page, desktop_page: Page
) -> None:
    citizen, officer = phone_page, desktop_page
    sign_in(citizen, CITIZEN)
    first = file_ktp_application(
        citizen, make_nik(birth_date=dt.date(1988, 7, 2), female=False, sequence=1201)
    )
    second = file_ktp_application(
        citizen, make_nik(birth_date=dt.date(1991, 1, 23), female=True, sequence=3302)
    )

    # The unit's queue lists both, unassigned; filtered to new KTP-el applications.
    sign_in(officer, OFFICER)
    queue_tab(officer, "Unit saya")
    expect(officer.get_by_role("heading", level=1, name="Antrean permohonan")).to_be_visible()
    officer.get_by_label("Status").select_option(label=STATUS["submitted"])
    officer.get_by_label("Layanan").select_option(label=KTP)
    press(officer, officer.get_by_role("button", name="Saring"))
    assert find_in_queue(officer, first) is not None, f"{first} is not in the unit's queue"
    shot(officer, "21-officer-queue-filtered")
    assert_accessible(officer)
    for number in (first, second):  # due within the same minute: side by side
        expect(officer.locator("tbody tr").filter(has_text=number)).to_contain_text("Belum ada")

    # Claim both with the keyboard: Space ticks, Enter goes on, then confirm.
    for number in (first, second):
        box = officer.get_by_role("checkbox", name=f"Pilih {number}")
        tab_to(officer, box, max_presses=200)
        officer.keyboard.press("Space")
        expect(box).to_be_checked()
    press(officer, officer.get_by_role("button", name="Lanjutkan…"))
    expect(officer.get_by_role("heading", level=1, name="Klaim permohonan ini?")).to_be_visible()
    assert_accessible(officer)
    press(officer, officer.get_by_role("button", name="Ya, lanjutkan"))
    expect(officer.get_by_role("status").filter(has_text=ANY_TEXT).first).to_contain_text(
        "2 permohonan diperbarui"
    )

    # Now both are the officer's own work.
    for number in (first, second):
        queue_tab(officer, "Tugas saya")
        row = find_in_queue(officer, number)
        assert row is not None, f"{number} is not among the officer's own work"
        expect(row.locator("td").last).not_to_have_text("Belum ada")
    assert_accessible(officer)

    # Return the first, keyboard only: Tab to the note, type it, Tab to the button, Enter.
    open_in_queue(officer, first, tab="Tugas saya")
    note = "Foto KK terpotong; unggah KK utuh."
    returning = officer.get_by_role("form", name="Kembalikan untuk perbaikan")
    type_into(officer, returning.get_by_label("Yang harus diperbaiki pemohon"), note)
    officer.keyboard.press("Tab")
    expect(returning.get_by_role("button", name="Kembalikan")).to_be_focused()
    with officer.expect_navigation():
        officer.keyboard.press("Enter")
    expect(officer.get_by_role("status").filter(has_text=ANY_TEXT).first).to_contain_text(
        "dikembalikan kepada pemohon"
    )

    # Complete the second: verify, start processing, finish.
    open_in_queue(officer, second, tab="Tugas saya")
    act(officer, "Verifikasi", "Verifikasi")
    act(officer, "Mulai proses", "Mulai proses")
    act(officer, "Selesaikan", "Selesai")
    expect(officer.get_by_role("status").filter(has_text=ANY_TEXT).first).to_contain_text(
        f"Permohonan {second} selesai"
    )
    expect(officer.locator("dd").filter(has_text=STATUS["done"]).first).to_be_visible()

    # The queue has moved on: neither is open work any more; the first waits for the citizen.
    for tab in ("Tugas saya", "Unit saya"):
        for number in (first, second):
            queue_tab(officer, tab)
            assert find_in_queue(officer, number) is None, f"{number} still in {tab!r}"
    queue_tab(officer, "Menunggu pemohon")
    returned = find_in_queue(officer, first)
    assert returned is not None, f"{first} is not waiting for the citizen"
    expect(returned).to_contain_text(STATUS["returned"])
    expect(returned).to_contain_text("Dihentikan: menunggu pemohon")
    queue_tab(officer, "Menunggu pemohon")
    assert find_in_queue(officer, second) is None
    shot(officer, "22-officer-queue-waiting")
    assert_accessible(officer)


def test_public_tracking_shows_state_and_dates_but_no_personal_data(
    phone_page: Page, desktop_page: Page
) -> None:
    applicant, anyone = desktop_page, phone_page
    nik, birth_date, email = unique_citizen()
    name = "Rini Kusuma Wardhani"
    password = "Muara-Sabak-2026"

    # A new citizen registers and files a KTP-el application with her own NIK.
    applicant.goto("/daftar/")
    form = applicant.locator("main form")
    form.get_by_label(re.compile(r"^Nama lengkap")).fill(name)
    form.get_by_label(re.compile(r"^NIK")).fill(nik)
    form.get_by_label(re.compile(r"^Tanggal lahir")).fill(birth_date.isoformat())
    form.get_by_label(re.compile(r"^Email")).fill(email)
    form.get_by_label(re.compile(r"^Kata sandi")).fill(password)
    form.get_by_label(re.compile(r"^Ulangi kata sandi")).fill(password)
    form.get_by_role("checkbox").check()
    with applicant.expect_navigation():
        form.get_by_role("button", name="Daftar").click()
    expect(applicant).to_have_url(re.compile(r"/akun/data-saya/$"))
    number = file_ktp_application(applicant, nik)
    submitted_at = applicant.locator("dt:text-is('Diajukan') + dd").inner_text().strip()
    sign_out(applicant)

    # Anyone, not signed in, types the number (in lower case) on the tracking page.
    page = anyone
    page.goto("/lacak/")
    expect(page.get_by_role("heading", level=1, name="Lacak permohonan")).to_be_visible()
    assert_accessible(page)
    type_into(page, page.get_by_label("Nomor pelacakan"), number.lower())
    with page.expect_navigation():
        page.keyboard.press("Enter")
    result = page.locator("#result")
    expect(result.get_by_role("heading", name=KTP)).to_be_visible()
    expect(result.locator("dd.tracking-number")).to_have_text(number)
    expect(result).to_contain_text(STATUS["submitted"])
    expect(result.locator("dt:text-is('Diajukan') + dd")).to_have_text(submitted_at)
    expect(result.locator("dt:text-is('Batas waktu') + dd")).to_contain_text("WIB")
    expect(result.locator("ol.timeline time").first).to_have_attribute(
        "datetime", re.compile(r"^\d{4}-\d\d-\d\dT")
    )
    shot(page, "10-tracking")
    assert_accessible(page)
    html = page.content()
    for secret in (name, nik, email, *name.split()):
        assert secret not in html, f"the tracking page shows {secret!r}"
    assert KK_FILE not in html and "Alasan permohonan" not in html  # no documents or answers

    # An unknown number: the same page, nothing found.
    unknown = "LYN-" + ("X" if number[4] != "X" else "Y") + number[5:]
    response = page.goto(f"/lacak/?nomor={unknown}")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Tidak ditemukan")).to_be_visible()
    assert_accessible(page)
