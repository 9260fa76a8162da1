"""The page chrome every page shares, joined in Python from pieces kept per language.

The head's links, the header, the staff menu and the footer are the same on every page
but for a few values (the language, the agency, the unread count, the CSRF token, the
current path). Through the template language they cost more than most pages' own
content: a dozen URL and static lookups, dozens of translations, an inclusion tag and
20–40 menu entries on every request (``bench.staff_shell``). Here the fixed text is built once
per language and URL configuration (``_pieces``) and each request only fills in its
values, escaped. The markup is the templates' (``tests/test_chrome.py`` compares them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info, gettext

from sigap.accounts.roles import agencies_of, permissions_in, roles_in
from sigap.notifications.badge import unread_badge
from sigap.notifications.inbox import header_unread_count
from sigap.platform.declarations import Role
from sigap.shell.navigation import entries_held


@dataclass(frozen=True)
class _Pieces:
    """The fixed text of one language: everything but the request's values."""

    opening: str
    links: str
    skip_link: str
    nav_open: str  # up to the agency name
    inbox: tuple[str, str]  # the inbox link, around its unread badge
    signed_in: str  # the links of a signed-in staff member, before the log-out form
    signed_in_citizen: str
    log_out: str  # the log-out form around its CSRF token: "{token}"
    anonymous: str
    header_close: str
    footer_open: str  # up to the language form's CSRF token
    footer_next: str  # the language form, around the current path: "{next}"
    language_options: tuple[tuple[str, str], ...]  # (code, option without "selected")
    footer_close: str
    staff_nav_open: str
    agency_form: tuple[str, str, str]  # around the token, around the options
    menu_open: str
    roles_label: str
    staff_nav_close: str
    staff_scripts: str


@lru_cache(maxsize=16)
def _pieces_for(language: str, urlconf: str) -> _Pieces:
    t = gettext
    u = reverse
    return _Pieces(
        opening=(
            f'<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        ),
        links=(
            f'<link rel="stylesheet" href="{escape(static("bootstrap/css/bootstrap.min.css"))}">\n'
            f'<link rel="stylesheet" href="{escape(static("sigap/sigap.css"))}">\n'
            f'<link rel="icon" href="{escape(static("sigap/favicon.svg"))}" type="image/svg+xml">'
        ),
        skip_link=(
            '<a class="visually-hidden-focusable skip-link" href="#main">'
            f"{escape(t('Lewati ke konten utama'))}</a>\n"
        ),
        nav_open=(
            '<header class="site-header border-bottom">\n'
            '  <nav class="navbar navbar-expand container-fluid px-3" '
            f'aria-label="{escape(t("Navigasi utama"))}">\n'
            f'    <a class="navbar-brand fw-bold" href="{escape(u("shell:home"))}">Sigap</a>\n    '
        ),
        inbox=(
            f'        <li class="nav-item"><a class="nav-link" href="{escape(u("notifications:inbox"))}">'
            f"{escape(t('Notifikasi'))}",
            "</a></li>\n",
        ),
        signed_in=_nav_item(u("shell:dashboard"), t("Ruang kerja")),
        signed_in_citizen=(
            _nav_item(u("services:my_applications"), t("Permohonan saya"))
            + _nav_item(u("accounts:my_data"), t("Data saya"))
        ),
        log_out=(
            _nav_item(u("accounts:password_change"), t("Kata sandi"))
            + '        <li class="nav-item">\n'
            f'          <form method="post" action="{escape(u("accounts:logout"))}">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{token}">\n'
            '            <button class="btn btn-link nav-link" type="submit">'
            f"{escape(t('Keluar'))}</button>\n"
            "          </form>\n        </li>\n"
        ),
        anonymous=(
            _nav_item(u("accounts:login"), t("Masuk"))
            + _nav_item(u("accounts:register"), t("Daftar"))
        ),
        header_close="    </ul>\n  </nav>\n</header>",
        footer_open=(
            '<footer class="site-footer border-top">\n'
            '  <div class="container py-3 small d-flex flex-wrap align-items-center '
            'justify-content-between gap-2">\n'
            f'    <p class="mb-0 text-body-secondary"><a href="{escape(u("shell:privacy"))}">'
            f"{escape(t('Pemberitahuan privasi'))}</a> ·\n"
            f"    {escape(t('Sigap — layanan publik dan manajemen ASN pemerintah daerah'))}</p>\n"
            f'    <form method="post" action="{escape(u("set_language"))}" '
            'class="d-flex align-items-center gap-1">'
        ),
        footer_next=(
            '\n      <input type="hidden" name="next" value="{next}">\n'
            f'      <label for="lang-select">{escape(t("Bahasa"))}</label>\n'
            '      <select id="lang-select" name="language" '
            'class="form-select form-select-sm w-auto">\n'
        ),
        language_options=tuple(
            (
                code,
                f'<option value="{escape(code)}" lang="{escape(code)}"'
                "{selected}>"
                f"{escape(get_language_info(code)['name_local'])}</option>",
            )
            for code, _ in settings.LANGUAGES
        ),
        footer_close=(
            "\n      </select>\n"
            '      <button type="submit" class="btn btn-sm btn-outline-dark">'
            f"{escape(t('Ganti'))}</button>\n    </form>\n  </div>\n</footer>\n"
            # Every page: one confirmation for destructive actions (data-confirm; issue 8).
            f'<script src="{escape(static("platform/confirm.js"))}" defer></script>'
        ),
        staff_nav_open=(
            '<nav class="col-md-3 col-lg-2 staff-nav border-end py-3" '
            f'aria-label="{escape(t("Menu ruang kerja"))}">\n'
        ),
        agency_form=(
            f'<form method="post" action="{escape(u("shell:switch_agency"))}" class="mb-3">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="',
            '">\n'
            f'  <label for="agency-select" class="form-label small">{escape(t("Pemda"))}</label>\n'
            '  <select id="agency-select" name="agency" class="form-select form-select-sm mb-1">\n'
            "    ",
            "\n  </select>\n"
            f'  <button class="btn btn-sm btn-outline-primary" type="submit">{escape(t("Pindah"))}'
            "</button>\n</form>\n",
        ),
        # A disclosure: open on wide screens, folded on phones by staff-menu.js (issue 8).
        menu_open=(
            '<details class="staff-menu" open>\n'
            f'<summary class="fw-semibold mb-2">{escape(t("Menu"))}</summary>\n'
            '<ul class="nav flex-column">\n'
        ),
        roles_label=(
            "</ul>\n</details>\n"
            f'<p class="small text-body-secondary mt-3 mb-0">{escape(t("Peran"))}: '
        ),
        staff_nav_close="</p>\n</nav>",
        staff_scripts=(
            f'<script src="{escape(static("django_htmx/htmx-2.min.js"))}" defer></script>\n'
            f'<script src="{escape(static("sigap/staff-menu.js"))}" defer></script>'
        ),
    )


def _nav_item(url: str, label: str) -> str:
    return f'        <li class="nav-item"><a class="nav-link" href="{escape(url)}">{escape(label)}</a></li>\n'


def _pieces() -> _Pieces:
    return _pieces_for(get_language() or settings.LANGUAGE_CODE, get_urlconf() or "")


@receiver(setting_changed)
def _forget_pieces(**kwargs: Any) -> None:
    # Tests that override the URLconf, the static files or the languages.
    _pieces_for.cache_clear()
    _menu_for.cache_clear()


# ------------------------------------------------------------------ the page's parts


def opening() -> SafeString:
    return mark_safe(_pieces().opening)  # noqa: S308 - fixed text, escaped when built


def links() -> SafeString:
    return mark_safe(_pieces().links)  # noqa: S308 - fixed text, escaped when built


def header(user: Any, agency: Any, csrf_token: str) -> SafeString:
    """The skip link and the header: the agency's name, the account links."""
    p = _pieces()
    if agency is not None:
        name = escape(agency.name)
        where = f'<span class="navbar-text small me-auto text-truncate agency-name">{name}</span>'
    else:
        where = '<span class="me-auto"></span>'
    parts = [
        p.skip_link,
        p.nav_open,
        where,
        '\n    <ul class="navbar-nav align-items-center gap-1">\n',
    ]
    if user is not None and user.is_authenticated:
        parts += [p.inbox[0], unread_badge(header_unread_count(user)), p.inbox[1]]
        parts.append(p.signed_in_citizen if user.is_citizen else p.signed_in)
        parts.append(p.log_out.replace("{token}", escape(str(csrf_token))))
    else:
        parts.append(p.anonymous)
    parts.append(p.header_close)
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above


def footer(current_path: str, csrf_token: str) -> SafeString:
    """The footer: privacy notice and the language switch, back to ``current_path``."""
    p = _pieces()
    chosen = get_language()
    options = "\n".join(
        option.replace("{selected}", " selected" if code == chosen else "")
        for code, option in p.language_options
    )
    return mark_safe(  # noqa: S308 - every value escaped here or when built
        p.footer_open
        + f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(csrf_token))}">'
        + p.footer_next.replace("{next}", escape(current_path))
        + options
        + p.footer_close
    )


def staff_nav(user: Any, agency: Any, current_path: str, csrf_token: str) -> SafeString:
    """The staff menu: the agency switch (with more than one agency), the entries the
    user may open in ``agency`` (the current one marked) and their roles there."""
    p = _pieces()
    parts = [p.staff_nav_open]
    agencies = agencies_of(user)
    if len(agencies) > 1:
        before_token, before_options, after = p.agency_form
        chosen = agency.pk if agency is not None else None
        options = "".join(
            f'<option value="{a.pk}"{" selected" if a.pk == chosen else ""}>{escape(a.name)}</option>'
            for a in agencies
        )
        parts += [before_token, escape(str(csrf_token)), before_options, options, after]
    parts.append(p.menu_open)
    for url, plain, current in _menu_for(
        get_language() or "", get_urlconf() or "", permissions_in(user, agency)
    ):
        parts.append(current if url == current_path else plain)
    parts.append(p.roles_label)
    roles = sorted(str(Role(r).label) for r in roles_in(user, agency))
    parts.append(
        "".join(f'<span class="badge text-bg-secondary">{escape(r)}</span> ' for r in roles)
    )
    parts.append(p.staff_nav_close)
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped here or when built


@lru_cache(maxsize=256)
def _menu_for(
    language: str, urlconf: str, held: frozenset[str]
) -> tuple[tuple[str, str, str], ...]:
    """The menu's entries for one set of permissions in one language: each entry's URL,
    its line, and its line when it is the current page. A handful of role combinations
    cover every user, so this stays small."""
    entries = []
    for entry, url in entries_held(held):
        href, label = escape(url), escape(str(entry.label))
        entries.append(
            (
                url,
                f'<li class="nav-item"><a class="nav-link" href="{href}">{label}</a></li>\n',
                f'<li class="nav-item"><a class="nav-link active fw-semibold" href="{href}" '
                f'aria-current="page">{label}</a></li>\n',
            )
        )
    return tuple(entries)


def staff_scripts() -> SafeString:
    return mark_safe(_pieces().staff_scripts)  # noqa: S308 - fixed text, escaped when built


def messages_html(messages: Iterable[Any], *, oob: bool = False) -> SafeString:
    """The page's messages region (``#messages``), for a page or, out of band, for an
    htmx response (``middleware.HtmxMessagesMiddleware``). Iterating marks the messages
    shown."""
    swap = ' hx-swap-oob="true"' if oob else ""
    alerts = "".join(
        f'\n<div class="alert alert-{escape(_kind(m))} py-2">{_text(m)}</div>' for m in messages
    )
    return mark_safe(  # noqa: S308 - each message's text escaped unless marked safe
        f'<div id="messages" class="messages" role="status" aria-live="polite"{swap}>{alerts}</div>'
    )


def _kind(message: Any) -> str:
    # Bootstrap calls Django's "error" level "danger".
    return "danger" if message.tags == "error" else (message.tags or "info")


def _text(message: Any) -> str:
    # As the template's {{ message }}: a message marked safe is shown as it is.
    return str(conditional_escape(str(message)))
