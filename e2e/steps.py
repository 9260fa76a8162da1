"""Small steps the journeys share: signing in, moving focus with the keyboard, NIKs."""

from __future__ import annotations

import datetime as dt
import random
import re

from playwright.sync_api import Locator, Page, expect

SKIP_LINK_TEXT = "Lewati ke konten utama"


def tab_to(page: Page, target: Locator, *, max_presses: int = 40, shift: bool = False) -> None:
    """Press Tab until ``target`` has focus, proving it is reachable by keyboard."""
    key = "Shift+Tab" if shift else "Tab"
    for _ in range(max_presses):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{target} not reached after {max_presses} × {key}")


def focused_text(page: Page) -> str:
    return page.evaluate("() => (document.activeElement?.textContent || '').trim()")


def assert_skip_link_works(page: Page) -> None:
    """On a freshly loaded page the first Tab lands on the skip link, and it leads to <main>."""
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=SKIP_LINK_TEXT)
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # visually hidden until focused, then shown
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    assert page.url.endswith("#main")


def sign_in(page: Page, username: str, password: str) -> None:
    """Sign in from /masuk/ with the keyboard: type, Tab, type, Enter."""
    page.goto("/masuk/")
    # In either language: the language chosen (a cookie) outlives signing out.
    username_box = page.get_by_label(
        re.compile(r"Email, nomor HP atau nama pengguna|Email, phone number or username")
    )
    username_box.focus()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    expect(page.get_by_label(re.compile(r"^(Kata sandi|Password)"))).to_be_focused()
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def sign_out(page: Page) -> None:
    # In either language: the English journeys sign out too.
    button = page.get_by_role("button", name=re.compile(r"^(Keluar|Log out)$"))
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def make_nik(*, birth_date: dt.date, female: bool, sequence: int, region: str = "157101") -> str:
    """A NIK that follows Dukcapil's layout.

    ``region`` is province+regency+district (15 Jambi, 71 Kota Jambi, 01); then DDMMYY of birth,
    with 40 added to the day for women; then a four-digit sequence (never 0000).
    """
    if not 1 <= sequence <= 9999:
        raise ValueError("sequence must be 0001..9999")
    day = birth_date.day + (40 if female else 0)
    return f"{region}{day:02d}{birth_date:%m%y}{sequence:04d}"


def unique_citizen(rng: random.Random | None = None) -> tuple[str, dt.date, str]:
    """(nik, birth_date, email) for a woman born 1960–2005, different on every run."""
    rng = rng or random.SystemRandom()
    birth_date = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(365 * 45))
    nik = make_nik(birth_date=birth_date, female=True, sequence=rng.randint(1, 9999))
    email = f"e2e.{nik[-10:]}.{rng.randrange(10**6):06d}@contoh.go.id"
    return nik, birth_date, email


def follow(page: Page, target: Locator) -> None:
    """Focus a link or submit button and press Enter, waiting for the page it leads to."""
    target.focus()
    expect(target).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
