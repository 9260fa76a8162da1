"""Staff sign in and land in a workspace whose sidebar only offers what their role may open."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.a11y import assert_accessible
from e2e.live import DEMO_PASSWORD
from e2e.steps import assert_skip_link_works, sign_in

pytestmark = pytest.mark.browser

STAFF_MENU = "Menu ruang kerja"


def test_officer_lands_in_workspace_without_audit_trail(desktop_page: Page) -> None:
    page = desktop_page
    sign_in(page, "officer.jambi", DEMO_PASSWORD)

    expect(page).to_have_url(re.compile(r"/kerja/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ruang kerja")
    menu = page.get_by_role("navigation", name=STAFF_MENU)
    expect(menu).to_be_visible()
    home = menu.get_by_role("link", name="Beranda")
    expect(home).to_have_attribute("aria-current", "page")
    expect(menu.get_by_role("link", name="Jejak audit")).to_have_count(0)
    expect(page.get_by_role("link", name="Jejak audit")).to_have_count(0)
    assert_accessible(page)

    page.reload()
    assert_skip_link_works(page)


def test_inspector_sees_and_opens_audit_trail(desktop_page: Page) -> None:
    page = desktop_page
    sign_in(page, "inspector.jambi", DEMO_PASSWORD)

    expect(page).to_have_url(re.compile(r"/kerja/$"))
    menu = page.get_by_role("navigation", name=STAFF_MENU)
    audit = menu.get_by_role("link", name="Jejak audit")
    expect(audit).to_be_visible()
    assert_accessible(page)

    audit.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/kerja/audit/$"))
    expect(page.get_by_role("heading", level=1, name="Jejak audit")).to_be_visible()
    expect(menu.get_by_role("link", name="Jejak audit")).to_have_attribute("aria-current", "page")
    assert_accessible(page)


# Every word of a cell is no wider than the cell: in a table that scrolls, columns keep
# their words instead of breaking them letter by letter ("Peng/angk/atan"). Identifiers
# (code) and cells marked .text-break may break anywhere; a cell with a badge is left
# out, its smaller type would be measured in the cell's font.
_BROKEN_WORDS = """() => {
  const ctx = document.createElement("canvas").getContext("2d");
  const broken = [];
  for (const td of document.querySelectorAll(".table-responsive .table td")) {
    if (td.classList.contains("text-break") || td.querySelector("code, .text-break, .badge")) continue;
    const style = getComputedStyle(td);
    ctx.font = style.font;
    const room = td.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    for (const word of td.innerText.split(/\\s+/)) {
      if (word && ctx.measureText(word).width > room + 1) broken.push(word);
    }
  }
  return broken;
}"""


def test_history_tables_keep_their_words_on_a_tablet(desktop_page: Page) -> None:
    page = desktop_page
    page.set_viewport_size({"width": 820, "height": 1000})
    sign_in(page, "hr.jambi", DEMO_PASSWORD)
    page.goto("/kerja/asn/")
    page.locator("#asn-results table a").first.click()
    expect(page.get_by_role("heading", level=2, name="Riwayat jabatan")).to_be_visible()
    assert page.evaluate(_BROKEN_WORDS) == []
    # The tables scroll inside the page; the page itself does not widen.
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
