"""The page chrome's tags (``shell.chrome``): the layouts ``shell/base.html`` and
``shell/staff_base.html`` are these and the blocks pages fill in."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from sigap.shell import chrome

register = template.Library()


def _request(context: Any) -> Any:
    return context.get("request")


def _path(context: Any) -> str:
    request = _request(context)
    return request.path if request is not None else ""


@register.simple_tag
def chrome_opening() -> SafeString:
    return chrome.opening()


@register.simple_tag
def chrome_links() -> SafeString:
    return chrome.links()


@register.simple_tag(takes_context=True)
def chrome_header(context: Any) -> SafeString:
    return chrome.header(
        context.get("user"), context.get("current_agency"), context.get("csrf_token", "")
    )


@register.simple_tag(takes_context=True)
def chrome_messages(context: Any) -> SafeString:
    return chrome.messages_html(context.get("messages") or ())


@register.simple_tag(takes_context=True)
def chrome_footer(context: Any) -> SafeString:
    request = _request(context)
    path = request.get_full_path() if request is not None else ""
    return chrome.footer(path, context.get("csrf_token", ""))


@register.simple_tag(takes_context=True)
def chrome_staff_nav(context: Any) -> SafeString:
    return chrome.staff_nav(
        context.get("user"),
        context.get("current_agency"),
        _path(context),
        context.get("csrf_token", ""),
    )


@register.simple_tag
def chrome_staff_scripts() -> SafeString:
    return chrome.staff_scripts()
