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
