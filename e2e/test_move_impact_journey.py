"""Dampak perpindahan in the browser (issue 13): the head of Disdukcapil opens the page from
the menu, reads the moves into their OPD of the last twelve months (the unit left and the
unit joined, the services on both sides), opens one move and reads its three tables and
the note that the figures describe, not prove; the JSON API gives them the same moves.

The small demo's Pemerintah Provinsi Jambi: ``unit_head.jambi`` heads Disdukcapil, where
the services demo rotated a front-office officer twenty weeks ago
(``services.demo._rotate_front_office``), with services on both sides. Keyboard first;
every page passes axe.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.a11y import assert_accessible
from e2e.live import DEMO_PASSWORD
from e2e.steps import follow, sign_in, sign_out

pytestmark = pytest.mark.browser

UNIT_HEAD = "unit_head.jambi"


def test_unit_head_reads_the_impact_of_moves_into_their_opd(desktop_page: Page) -> None:
    page = desktop_page
    sign_in(page, UNIT_HEAD, DEMO_PASSWORD)
    follow(page, page.get_by_role("link", name="Dampak perpindahan").first)
    expect(page.get_by_role("heading", level=1, name="Dampak perpindahan")).to_be_visible()
    assert_accessible(page)

    # How many moves, and one row per move with both units and their services.
    count = page.locator("#moves-count").inner_text()
    found = re.search(r"(\d+) perpindahan", count)
    assert found and int(found.group(1)) >= 1, count
    rows = page.locator("#moves-table tbody tr[data-move]")
    expect(rows.first).to_be_visible()
    first = rows.first
    cells = first.locator("td")
    name = cells.nth(2).inner_text().strip()
    kind = cells.nth(1).inner_text().strip()
    assert name and kind in {"Rotasi", "Mutasi", "Penugasan khusus"}, (name, kind)
    joined = cells.nth(4)
    expect(joined.locator("strong")).not_to_have_text("")
    expect(joined).to_contain_text(re.compile(r"Layanan: \d+ sebelum, \d+ sesudah"))
    expect(page.locator("#move-note")).to_contain_text("bukan bukti sebab-akibat")
    move_id = first.get_attribute("data-move")

    # The JSON API, signed in as the same person: the same moves, in the same order.
    api = page.request.get("/api/v1/learning/moves")
    assert api.status == 200, api.text()
    body = api.json()
    assert body["total"] == int(found.group(1))
    assert str(body["moves"][0]["id"]) == move_id and body["moves"][0]["name"] == name

    # One move: where from, where to, and the three windows of services.
    follow(page, cells.nth(0).get_by_role("link"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{kind}: {name}")
    facts = page.locator("#move-facts")
    expect(facts).to_contain_text("SK")
    for section in ("Unit yang ditinggalkan", "Unit yang dituju", "Layanan ASN ini sendiri"):
        expect(page.get_by_role("heading", level=2, name=re.compile(section))).to_be_visible()
    for table in ("#table-joined", "#table-own"):
        expect(page.locator(table)).to_be_visible()
    expect(page.locator("#table-joined")).to_contain_text("Waktu proses")
    expect(page.locator("#move-note")).to_be_visible()
    assert_accessible(page)

    # Back to the list by the breadcrumb, with the keyboard.
    follow(page, page.get_by_role("navigation", name="Jejak halaman").get_by_role("link"))
    expect(page.locator("#moves-table")).to_be_visible()
    sign_out(page)
