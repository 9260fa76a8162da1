"""Issue 8, item 15: a 403 is logged as one line, not a traceback."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils.log import log_response

from sigap.platform.logs import ClientErrorsOnOneLine


def _format(record: logging.LogRecord) -> str:
    ClientErrorsOnOneLine().filter(record)
    return logging.Formatter().format(record)


def test_a_403_is_one_line_and_a_500_keeps_its_traceback():
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("django.request")
    handler = Keep()
    logger.addHandler(handler)
    try:
        request = RequestFactory().get("/kerja/audit/")
        for status in (403, 500):
            try:
                raise PermissionDenied
            except PermissionDenied:
                import sys

                from django.http import HttpResponse

                log_response(
                    "x",
                    request=request,
                    response=HttpResponse(status=status),
                    exception=sys.exc_info()[1],
                )
    finally:
        logger.removeHandler(handler)
    forbidden, error = records
    assert "\n" not in _format(forbidden)
    assert "Traceback" in _format(error)


def test_the_console_handler_uses_the_filter(settings):
    assert "client_errors_one_line" in settings.LOGGING["handlers"]["console"]["filters"]
