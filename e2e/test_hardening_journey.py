"""Hardening journeys in the browser (issue 8, items 11 and 12).

* An inspector finds a failed login in the audit search and exports the result to Excel.
* The whole staff shell (every menu entry of the demo's agency admin, HR and inspector)
  and the citizen pages, in English, show no Indonesian sentence left untranslated.

The demo pemda is Pemerintah Provinsi Jambi (``jambi``); ``hr.jambi`` is a staff login
of that pemda (``sigap/accounts/demo.py``); every password is the demo's.
"""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from e2e.a11y import assert_accessible
from e2e.live import DEMO_PASSWORD
from e2e.steps import sign_in, sign_out

pytestmark = pytest.mark.browser

PEMDA = "jambi"
INSPECTOR = "inspector.jambi"
TARGET = "hr.jambi"
STAFF = ("agency_admin.jambi", "hr.jambi", "inspector.jambi")
CITIZEN = "warga@demo.sigap.id"
# Indonesian function words: a text node carrying two of them is an Indonesian sentence.
# ("dan" is left out: it is in the names of OPDs, which are data, not interface.) What
# people wrote (complaints, survey suggestions) is marked translate="no" and skipped.
FUNCTION_WORDS = {
    "yang", "untuk", "dengan", "tidak", "belum", "sudah", "atau", "pada", "akan",
    "dapat", "harus", "ini", "itu", "di", "ke", "dari", "oleh", "bila",
}  # fmt: skip
WORD = re.compile(r"[a-z]+")


def _indonesian_sentences(page: Page) -> list[str]:
    texts = page.evaluate(
        """() => {
          const out = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const node = walker.currentNode;
            const el = node.parentElement;
            if (!el || el.closest("script,style,code,option,[lang='id'],[translate='no'],.agency-name")) continue;
            const style = getComputedStyle(el);
            if (style.display === "none" || style.visibility === "hidden") continue;
            const text = node.textContent.trim();
            if (text) out.push(text);
          }
          for (const el of document.querySelectorAll("input[placeholder],[aria-label],[title]")) {
            for (const a of ["placeholder", "aria-label", "title"]) {
              if (el.getAttribute(a)) out.push(el.getAttribute(a));
            }
          }
          return out;
        }"""
    )
    found = []
    for text in texts:
        words = set(WORD.findall(text.lower()))
        if len(words & FUNCTION_WORDS) >= 2:
            found.append(text)
    return found


def _choose_english(page: Page) -> None:
    page.goto("/")
    if page.locator("html").get_attribute("lang") == "en":
        return  # chosen before signing out: the choice is a cookie
    page.get_by_label("Bahasa").select_option("en")
    with page.expect_navigation():
        page.get_by_role("button", name="Ganti").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_inspector_finds_a_failed_login_and_exports_it(desktop_page: Page) -> None:
    page = desktop_page
    # Someone guesses at HR's password, typing the name in capitals.
    page.goto("/masuk/")
    page.get_by_label("Email, nomor HP atau nama pengguna").fill(TARGET.upper())
    page.get_by_label("Kata sandi").fill("bukan-sandinya")
    with page.expect_navigation():
        page.get_by_label("Kata sandi").press("Enter")

    sign_in(page, INSPECTOR, DEMO_PASSWORD)
    page.goto("/kerja/audit/")
    page.get_by_label("Peristiwa").select_option("gagal masuk")
    with page.expect_response(lambda r: "/kerja/audit/" in r.url):
        page.get_by_role("button", name="Cari").click()
    rows = page.locator("#trail-rows tbody tr")
    expect(rows.first).to_contain_text("Gagal masuk")
    expect(page.locator("#trail-rows")).not_to_contain_text("None")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Ekspor hasil ke Excel").click()
    content = open(download.value.path(), "rb").read()  # noqa: SIM115
    ws = openpyxl.load_workbook(io.BytesIO(content)).active
    values = list(ws.iter_rows(values_only=True))
    assert values[0][1] == "Peristiwa"
    assert any(row[1] == "Gagal masuk" for row in values[1:])
    sign_out(page)


def test_staff_shell_and_citizen_pages_in_english_leave_no_indonesian(
    desktop_page: Page,
) -> None:
    page = desktop_page
    leftovers: dict[str, list[str]] = {}
    for username in STAFF:
        sign_in(page, username, DEMO_PASSWORD)
        _choose_english(page)
        page.goto("/kerja/")
        links = page.locator("nav.staff-nav a.nav-link")
        urls = sorted({links.nth(i).get_attribute("href") for i in range(links.count())})
        for url in ["/kerja/", *[u for u in urls if u and not u.startswith("/admin")]]:
            page.goto(url)
            found = _indonesian_sentences(page)
            if found:
                leftovers[f"{username} {url}"] = found[:5]
        sign_out(page)

    _choose_english(page)
    for url in ("/", f"/p/{PEMDA}/", "/masuk/", "/daftar/", "/privasi/"):
        page.goto(url)
        found = _indonesian_sentences(page)
        if found:
            leftovers[f"anonymous {url}"] = found[:5]
    sign_in(page, CITIZEN, DEMO_PASSWORD)
    _choose_english(page)
    for url in ("/notifikasi/", "/akun/data-saya/"):
        page.goto(url)
        found = _indonesian_sentences(page)
        if found:
            leftovers[f"citizen {url}"] = found[:5]
    listing = "\n".join(f"{where}: {texts}" for where, texts in sorted(leftovers.items()))
    assert not leftovers, f"Indonesian left in English mode:\n{listing}"
