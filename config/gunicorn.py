"""Gunicorn settings: ``gunicorn -c config/gunicorn.py config.wsgi:application``.

Why a config file: gunicorn writes its access log itself, outside Django's ``LOGGING``,
and that line holds the request's URL with its query string (``/kerja/asn/?q=<NIK>``,
``/kerja/audit/?text=<NIK>``) and the Referer (which repeats it). Here both of gunicorn's
loggers get the same ``MaskNIKFilter`` as Django's handlers, so no NIK reaches a log
line whichever process writes it (UU 27/2022 on personal data; issue 8, item 3).

The access log goes to standard output and the error log to standard error (journald,
Docker and Kubernetes collect both). ``logconfig_dict`` replaces any handler set with
``--access-logfile``/``--error-logfile``, so a file given there would *not* be written:
redirect the output instead. Options given on the command line (``--bind``,
``--workers``, ``--log-level``) override the values below.
"""

from __future__ import annotations

import os

_MASK = "mask_nik"


def _bind_address() -> str:
    """``SIGAP_BIND`` (default 127.0.0.1: loopback only) and ``PORT`` (default 8000)."""
    host = os.environ.get("SIGAP_BIND", "").strip() or "127.0.0.1"
    port = os.environ.get("PORT", "").strip() or "8000"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address such as ::1
    return f"{host}:{port}"


# Loopback unless told otherwise: a server reachable from the network is a decision
# (a reverse proxy in front, or SIGAP_BIND=0.0.0.0 on a trusted network), not a default.
bind = [_bind_address()]

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {_MASK: {"()": "sigap.identifiers.logging.MaskNIKFilter"}},
    "formatters": {
        # gunicorn's own formats: the access line is already formatted by access_log_format.
        "generic": {
            "format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s",
            "datefmt": "[%Y-%m-%d %H:%M:%S %z]",
        },
        "access": {"format": "%(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "generic",
            "stream": "ext://sys.stdout",
            "filters": [_MASK],
        },
        "access_console": {
            "class": "logging.StreamHandler",
            "formatter": "access",
            "stream": "ext://sys.stdout",
            "filters": [_MASK],
        },
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "generic",
            "stream": "ext://sys.stderr",
            "filters": [_MASK],
        },
    },
    "root": {"level": "INFO", "handlers": ["console"]},
    "loggers": {
        # No "level" on gunicorn.error: --log-level keeps deciding it.
        "gunicorn.error": {"handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["access_console"], "propagate": False},
    },
}


def post_worker_init(worker) -> None:  # noqa: ANN001 (gunicorn's hook signature)
    """Move what loading the application allocated out of the garbage collector's view.

    Django, the apps and their libraries leave some hundred thousand long-lived objects;
    every full collection walks them all, and a page that allocates a lot (the training
    needs of 1,500 people) triggered one every few requests: 120–230 ms pauses measured
    in ``bench.jp_ledger``. ``gc.freeze()`` keeps them out of every later collection
    (CPython's own advice for forking servers); the benchmarks do the same after their
    setup (``bench._harness.settle_like_a_worker``).
    """
    import gc

    gc.collect()
    gc.freeze()
