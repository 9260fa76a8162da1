from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Indonesian unless the user chose otherwise.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show
    English to most phones set up in English; a pemda's service is Indonesian first.
    The choice made with the language switch (a cookie) is honoured.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class HtmxMessagesMiddleware:
    """Messages after an htmx action replace the page's messages instead of waiting in
    the session for the next full page, where several used to pile up (issue 8,
    item 15): an htmx HTML response that left messages unread gets them appended as an
    out-of-band swap of ``#messages``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not getattr(request, "htmx", False) or response.status_code >= 300:
            return response
        if getattr(response, "streaming", False):
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        from django.contrib.messages import get_messages

        from sigap.shell.chrome import messages_html

        storage = get_messages(request)
        if storage.used:  # the response has shown them already
            return response
        pending = list(storage)
        if not pending:
            return response
        response.content += messages_html(pending, oob=True).encode()
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
