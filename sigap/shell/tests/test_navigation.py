"""The resolved staff menu follows the URL configuration it is asked under."""

from __future__ import annotations

from django.test import override_settings
from django.urls import clear_url_caches

from sigap.shell.navigation import resolved_menu


def _names() -> set[str]:
    return {entry.url_name for entry, _url in resolved_menu()}


def test_the_menu_is_resolved_per_url_configuration():
    site = _names()
    assert "workforce:asn_list" in site
    with override_settings(ROOT_URLCONF="sigap.shell.tests._menu_urls"):
        clear_url_caches()
        try:
            bare = _names()
        finally:
            clear_url_caches()
    assert "workforce:asn_list" not in bare and bare < site
    assert _names() == site  # and back: each configuration keeps its own
