"""Log record filters used by ``settings.LOGGING``."""

from __future__ import annotations

import logging


class ClientErrorsOnOneLine(logging.Filter):
    """A refused request (403, 404, …) is the client's mistake or a probe, not a fault:
    log it as one line, without the traceback Django attaches to PermissionDenied
    (issue 8, item 15: every 403 wrote a traceback). Server errors keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500 and record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True
