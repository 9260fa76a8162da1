"""The online queue in the browser (issue 10): a citizen books on a phone and sees the QR
code; a walk-in takes a number at the kiosk; an officer calls the next ticket and a
second browser showing the call display sees the number appear; the display recovers
by itself after its server restarts; the unit head sets a closure up and lifts it; the
kiosk's check-in page takes a scanned code.

Against the small demo's Pemerintah Provinsi Jambi: Disdukcapil's office
``kantor-dukcapil`` (sigap/queues/demo.py) with KTP-el (A), KK (B) and akta kelahiran
(C), four counters, slots for the next two weeks; ``officer.jambi`` holds an officer
grant on Disdukcapil; the demo citizen already holds a KTP-el booking, so she books KK.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.a11y import assert_accessible
from e2e.live import DEMO_PASSWORD, LiveApp
from e2e.steps import sign_in

pytestmark = pytest.mark.browser

PEMDA = "jambi"
POINT = "kantor-dukcapil"
CITIZEN = "warga@demo.sigap.id"
OFFICER = "officer.jambi"
ROOT = Path(__file__).resolve().parent.parent
NUMBER = re.compile(r"[A-C]-\d{3}")


def test_a_citizen_books_on_a_phone_and_sees_the_qr_code(phone_page: Page):
    page = phone_page
    sign_in(page, CITIZEN, DEMO_PASSWORD)
    today = dt.datetime.now(ZoneInfo("Asia/Jakarta")).date()
    for ahead in range(1, 10):
        day = today + dt.timedelta(days=ahead)
        page.goto(f"/p/{PEMDA}/antrean/kantor/{POINT}/pesan/")
        page.get_by_label("Layanan").select_option(label="B · Penerbitan Kartu Keluarga")
        page.get_by_label("Tanggal").fill(day.isoformat())
        with page.expect_navigation(wait_until="load"):
            page.get_by_role("button", name="Lihat slot").click()
        expect(page.get_by_role("button", name="Lihat slot")).to_be_visible()
        free = page.locator("input[name=slot]:not([disabled])")
        if free.count():
            break
    else:
        pytest.fail("no bookable KK slot in the next days")
    assert_accessible(page)
    free.first.check()
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Pesan", exact=True).click()
    # The slot is held for a few minutes while she confirms.
    expect(page.locator("#booking-held")).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Konfirmasi pesanan", exact=True).click()
    expect(page.get_by_text("Antrean berhasil dipesan.")).to_be_visible()
    expect(page.locator("#booking-code")).to_have_text(re.compile(r"^[A-Z0-9]{8}$"))
    qr = page.locator(".booking-qr svg")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box and box["width"] <= 360  # fits the phone
    assert_accessible(page)


def _office_open_now() -> bool:
    from sigap.workcal.calendar import WorkingCalendar

    now = dt.datetime.now(ZoneInfo("Asia/Jakarta"))
    hours = WorkingCalendar.national("Asia/Jakarta").hours_on(now.date())
    return hours is not None and hours[0] <= now.time() < hours[1]


def test_a_walk_in_takes_a_number_at_the_kiosk(desktop_page: Page):
    page = desktop_page
    page.goto(f"/p/{PEMDA}/antrean/kantor/{POINT}/kios/")
    assert_accessible(page)
    button = page.get_by_role("button", name=re.compile("Penerbitan Kartu Keluarga"))
    button.focus()
    page.keyboard.press("Enter")
    if not _office_open_now():
        expect(page.get_by_text("Kantor sedang tutup")).to_be_visible()
        return
    page.wait_for_url(re.compile(r"/antrean/tiket/"))
    expect(page.locator(".slip-number")).to_have_text(re.compile(r"^B-\d{3}$"))
    expect(page.locator(".slip-qr svg")).to_be_visible()
    expect(page.get_by_text(re.compile("Urutan ke-"))).to_be_visible()
    assert_accessible(page)


def _submit(page: Page, button: str) -> None:
    """Press a counter form's button and wait for the page the redirect lands on (every
    counter action is a POST answered with a redirect to the counter page)."""
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name=button, exact=True).click()


def _call_next(page: Page) -> str:
    """As the officer on counter 1: finish what is open, add a walk-in, call the next
    ticket; the number called."""
    page.goto("/antrean/loket/")
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name=re.compile("Loket 1$")).click()
    expect(page.get_by_role("heading", name=re.compile("Loket 1$"))).to_be_visible()
    if page.get_by_role("button", name="Mulai layani", exact=True).count():
        _submit(page, "Mulai layani")
    if page.get_by_role("button", name="Selesai", exact=True).count():
        _submit(page, "Selesai")
    call = page.get_by_role("button", name="Panggil berikutnya", exact=True)
    expect(call).to_be_visible()
    page.locator("form[action$='/tiket/']").get_by_label("Layanan").select_option(
        label="C · Penerbitan Akta Kelahiran"
    )
    _submit(page, "Terbitkan tiket")
    expect(page.get_by_text(re.compile(r"Tiket C-\d{3} diterbitkan\."))).to_be_visible()
    _submit(page, "Panggil berikutnya")
    expect(page.locator("#current-number")).to_contain_text(NUMBER)
    return NUMBER.search(page.locator("#current-number").inner_text()).group(0)


def test_an_officer_calls_and_the_display_shows_the_number(
    browser: Browser, live_app: LiveApp, desktop_page: Page
):
    screen = browser.new_context(
        base_url=live_app.url, viewport={"width": 1920, "height": 1080}
    ).new_page()
    screen.goto(f"/p/{PEMDA}/antrean/kantor/{POINT}/layar/")
    assert_accessible(screen)
    sign_in(desktop_page, OFFICER, DEMO_PASSWORD)
    number = _call_next(desktop_page)
    # The screen polls every 500 ms; the margin is for a loaded machine.
    expect(screen.locator('[data-counter="1"] .ticket-number')).to_have_text(number, timeout=20_000)
    screen.context.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _second_server(live_app: LiveApp, port: int) -> subprocess.Popen[bytes]:
    """Another gunicorn on the live app's own database and key (its folder)."""
    tmp = live_app.log.parent
    env = dict(os.environ)
    for name in ("SECRET_KEY", "STATICFILES_STORAGE"):
        env.pop(name, None)
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY_FILE": str(tmp / "secret_key"),
            "ALLOWED_HOSTS": "*",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "e2e.server_settings",
            "SIGAP_E2E_STATIC_ROOT": str(tmp / "static"),
        }
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter's gunicorn
        [
            str(gunicorn),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120  # a loaded machine starts gunicorn slowly
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):  # noqa: S310
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    pytest.fail("second server did not start")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def test_the_display_recovers_after_its_server_restarts(
    browser: Browser, live_app: LiveApp, desktop_page: Page
):
    port = _free_port()
    server = _second_server(live_app, port)
    context = browser.new_context(
        base_url=f"http://127.0.0.1:{port}", viewport={"width": 1920, "height": 1080}
    )
    screen = context.new_page()
    try:
        screen.goto(f"/p/{PEMDA}/antrean/kantor/{POINT}/layar/")
        expect(screen.locator("#counters li").first).to_be_visible()
        _stop(server)
        expect(screen.locator("#status")).to_have_text("Menyambung ulang…", timeout=20_000)
        server = _second_server(live_app, port)
        # Back-off is at most 5 s between attempts.
        expect(screen.locator("#status")).to_have_text("", timeout=30_000)
        sign_in(desktop_page, OFFICER, DEMO_PASSWORD)
        number = _call_next(desktop_page)
        expect(screen.locator('[data-counter="1"] .ticket-number')).to_have_text(
            number, timeout=20_000
        )
    finally:
        context.close()
        _stop(server)


def test_a_unit_head_adds_and_removes_a_closure_on_the_setup_page(desktop_page: Page):
    """Setting up the office (htmx): the unit head of Disdukcapil opens the office from
    the staff menu, adds a closure far beyond the booking horizon (it touches no slot of
    the other journeys) and removes it again."""
    page = desktop_page
    sign_in(page, "unit_head.jambi", DEMO_PASSWORD)
    page.goto("/antrean/atur/")
    expect(page.get_by_role("heading", name="Atur kantor antrean")).to_be_visible()
    with page.expect_navigation(wait_until="load"):
        page.locator("#setup-points a").first.click()
    expect(page.locator("#setup")).to_be_visible()
    assert_accessible(page)
    day = dt.datetime.now(ZoneInfo("Asia/Jakarta")).date() + dt.timedelta(days=60)
    form = page.locator("form[aria-labelledby=setup-new-closure]")
    form.get_by_label("Mulai").fill(f"{day.isoformat()}T08:00")
    form.get_by_label("Selesai").fill(f"{day.isoformat()}T10:00")
    form.get_by_label("Alasan").fill("Apel HUT Provinsi uji")
    form.get_by_role("button", name="Tambah penutupan").click()
    # The shell keeps an empty live region for htmx messages beside the setup's own.
    expect(page.get_by_role("status").filter(has_text="Penutupan dicatat.")).to_be_visible()
    row = page.locator("#setup tr", has_text="Apel HUT Provinsi uji")
    expect(row).to_contain_text("08:00")
    # Removing asks first (data-confirm, issue 8, item 15): cancelling sends no htmx request.
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    row.get_by_role("button").click()
    page.wait_for_timeout(300)
    assert asked and asked[0].startswith("Hapus penutupan ini?")
    expect(page.get_by_role("status").filter(has_text="Penutupan dihapus.")).to_have_count(0)
    expect(row).to_have_count(1)
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button").click()
    expect(page.get_by_role("status").filter(has_text="Penutupan dihapus.")).to_be_visible()
    expect(page.locator("#setup tr", has_text="Apel HUT Provinsi uji")).to_have_count(0)


def test_the_kiosk_check_in_takes_a_scanned_code(desktop_page: Page):
    """A scanner types what it reads into the focused field and presses Enter; an
    unknown code gets a clear answer on the same page."""
    page = desktop_page
    page.goto(f"/p/{PEMDA}/antrean/kantor/{POINT}/kios/")
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name="Sudah pesan daring? Pindai kode QR").click()
    field = page.get_by_label("Kode booking (ketik atau pindai QR)")
    expect(field).to_be_focused()
    assert_accessible(page)
    page.keyboard.type("ACDE-FGHJ")
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    expect(page.get_by_text("Kode booking tidak ditemukan di kantor ini.")).to_be_visible()
    assert_accessible(page)
