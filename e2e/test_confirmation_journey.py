"""Destructive actions ask first, and long text wraps (issue 8, item 15), in the browser.

An HR officer of the demo's Pemerintah Provinsi Jambi makes an API token whose name is
one unbroken 80-character word, on a phone: the name wraps inside the page. Revoking it
asks for confirmation (``data-confirm``, read by ``platform/confirm.js``); cancelling
keeps the token, confirming revokes it. The htmx path (a closure removed on the queue
setup page) is covered in ``test_queues_journey.py``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Dialog, Page, expect

from e2e.live import DEMO_PASSWORD
from e2e.steps import sign_in

pytestmark = pytest.mark.browser

HR = "hr.jambi"
LONG_NAME = "integrasi-simpeg-" + "x" * 63  # 80 characters, no space to break at


def test_revoking_asks_first_and_cancelling_keeps_the_token(phone_page: Page):
    page = phone_page
    sign_in(page, HR, DEMO_PASSWORD)
    page.goto("/akun/token-api/")
    page.get_by_label("Nama token").fill(LONG_NAME)
    with page.expect_navigation():
        page.get_by_role("button", name="Buat token").click()
    row = page.get_by_role("row").filter(has_text=LONG_NAME)
    expect(row).to_have_count(1)

    # Long unbroken text wraps: nothing is wider than the phone's screen.
    name_cell = row.get_by_role("cell").first
    assert (
        name_cell.evaluate("el => el.getBoundingClientRect().right") <= page.viewport_size["width"]
    )
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")

    asked: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    row.get_by_role("button", name="Cabut").click()
    page.wait_for_timeout(300)  # a submit that was not stopped would navigate by now
    assert asked and asked[0].startswith("Cabut token ini?")
    page.goto("/akun/token-api/")  # not reload: that would post the new token again
    expect(page.get_by_role("row").filter(has_text=LONG_NAME)).to_have_count(1)

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("row").filter(has_text=LONG_NAME).get_by_role(
            "button", name="Cabut"
        ).click()
    expect(page.get_by_text("Token dicabut.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=LONG_NAME)).to_have_count(0)
