"""Shared plumbing for the benchmarks in ``bench/``.

Every benchmark prints one JSON object per line on stdout::

    {"name": "seed.city.time", "value": 4.2, "unit": "s", ...extra}

Comparisons add the yardstick's figure, measured in the same run, as extra keys.

Benchmarks never touch the development database: ``bench_database()`` points Django at a
throwaway SQLite file in a temporary directory, or at a dedicated PostgreSQL database
given as ``BENCH_DATABASE_URL`` / ``--database-url`` whose name must start with
``sigap_bench`` (it is dropped and created again, then dropped at the end). The
project's own ``DATABASE_URL`` is deliberately ignored so a benchmark can never drop it.

This module does not import Django at import time, so the smoke test can load it cheaply.
"""

from __future__ import annotations

import contextlib
import gc
import json
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
BENCH_DB_PREFIX = "sigap_bench"
BENCH_DATABASE_ENV = "BENCH_DATABASE_URL"

# Settings the benchmarks need, whatever the shell says: production-like (DEBUG off, so
# Django keeps no query log), plain HTTP for the test client, static files without a
# collectstatic manifest.
FORCED_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "0",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
    "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
}
DEFAULT_ENV = {
    "SIGAP_ALLOW_INSECURE_KEY": "1",
    "LOG_LEVEL": "WARNING",
    # Seeding the demo sends mail: kept in memory, not printed among the JSON lines.
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}


# -- output -------------------------------------------------------------------------------


def emit(name: str, value: Any, unit: str, /, *, out: TextIO | None = None, **extra: Any) -> dict:
    """Print one result as a single JSON line and return it."""
    row: dict[str, Any] = {"name": name, "value": value, "unit": unit}
    for key in extra:
        if key in row:
            raise ValueError(f"extra key {key!r} would overwrite a required key")
    row.update(extra)
    stream = out if out is not None else sys.stdout
    stream.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    stream.flush()
    return row


# -- statistics and timing ----------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (0–100) with linear interpolation between closest ranks.

    Same definition as ``numpy.percentile(values, p)`` (method "linear").
    """
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be within 0..100, got {p}")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = math.floor(rank)
    high = math.ceil(rank)
    if low == high:
        return float(ordered[low])
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class Summary:
    n: int
    p50: float
    p95: float
    mean: float
    min: float
    max: float


def summarize(values: Sequence[float]) -> Summary:
    return Summary(
        n=len(values),
        p50=percentile(values, 50),
        p95=percentile(values, 95),
        mean=sum(values) / len(values),
        min=min(values),
        max=max(values),
    )


def time_it(fn: Callable[[], object], *, repeat: int = 1, warmup: int = 0) -> list[float]:
    """Wall-clock seconds of each of ``repeat`` calls of ``fn`` (after ``warmup`` calls)."""
    for _ in range(warmup):
        fn()
    samples: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def settle_like_a_worker() -> None:
    """Freeze what setup left in memory, as a gunicorn worker freezes what loading the
    application left (``config/gunicorn.py`` ``post_worker_init``): without it every
    full collection during the timed requests walked the seeding's leftovers too, and
    single 120–230 ms pauses decided a p95 of 30 requests (``bench.jp_ledger``)."""
    gc.collect()
    gc.freeze()


@contextlib.contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    """``with stopwatch() as elapsed: ...`` then ``elapsed()`` is the seconds spent inside."""
    start = time.perf_counter()
    end: float | None = None

    def elapsed() -> float:
        return (end if end is not None else time.perf_counter()) - start

    try:
        yield elapsed
    finally:
        end = time.perf_counter()


# -- memory -------------------------------------------------------------------------------


def peak_rss_bytes() -> int:
    """High-water mark of this process's resident memory (``getrusage`` ``ru_maxrss``)."""
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss if sys.platform == "darwin" else maxrss * 1024  # Linux reports KiB


def current_rss_bytes() -> int:
    """Resident memory now (Linux ``/proc``; falls back to the peak elsewhere)."""
    try:
        fields = Path("/proc/self/statm").read_text().split()
    except OSError:
        return peak_rss_bytes()
    return int(fields[1]) * os.sysconf("SC_PAGE_SIZE")


def mib(n_bytes: float) -> float:
    return round(n_bytes / (1024 * 1024), 1)


# -- machine ------------------------------------------------------------------------------


def machine_info() -> dict[str, Any]:
    """What the figures were measured on (goes into docs/benchmarks.md)."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_total = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_total = round(int(line.split()[1]) / (1024 * 1024), 1)
                break
    try:
        import django

        django_version = django.get_version()
    except ImportError:  # pragma: no cover - the project always has Django
        django_version = None
    try:
        load = [round(x, 2) for x in os.getloadavg()]
    except OSError:  # pragma: no cover - not on Linux/macOS
        load = None
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "mem_gib": mem_total,
        "python": platform.python_version(),
        "django": django_version,
        "os": f"{platform.system()} {platform.release()}",
        "loadavg": load,  # 1/5/15-minute load when the run started: how busy the box was
    }


def emit_machine() -> dict:
    info = machine_info()
    return emit("machine", info.pop("cores"), "cores", **info)


# -- database -----------------------------------------------------------------------------


@dataclass
class BenchDatabase:
    url: str
    vendor: str  # "sqlite" or "postgresql"
    name: str  # file path or database name


def _pg_connect_kwargs(url: str) -> dict[str, Any]:
    parts = urlsplit(url)
    kwargs: dict[str, Any] = {"dbname": "postgres", "autocommit": True}
    if parts.hostname:
        kwargs["host"] = parts.hostname
    if parts.port:
        kwargs["port"] = parts.port
    if parts.username:
        kwargs["user"] = parts.username
    if parts.password:
        kwargs["password"] = parts.password
    return kwargs


def _pg_recreate(url: str, name: str, *, create: bool) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(**_pg_connect_kwargs(url)) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        if create:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _pg_create_missing(url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(**_pg_connect_kwargs(url)) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not found:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def bench_database_url(explicit: str | None = None) -> str | None:
    return explicit or os.environ.get(BENCH_DATABASE_ENV) or None


@contextlib.contextmanager
def bench_database(
    database_url: str | None = None, *, keep: str | None = None
) -> Iterator[BenchDatabase]:
    """Set up Django on a fresh, migrated throwaway database; remove it afterwards.

    ``keep``: a name for a database that outlives the run (``var/bench/<keep>.sqlite3``,
    or the PostgreSQL database as named): created when missing, migrated, never removed,
    so a second run can skip a province-scale seeding of ten minutes (the bench decides,
    from the rows it finds, whether to seed).
    """
    url = bench_database_url(database_url)
    tmpdir: str | None = None
    if url is None:
        if keep:
            path = PROJECT_DIR / "var" / "bench" / f"{keep}.sqlite3"
            path.parent.mkdir(parents=True, exist_ok=True)
        else:
            tmpdir = tempfile.mkdtemp(prefix="sigap-bench-")
            path = Path(tmpdir) / "bench.sqlite3"
        db = BenchDatabase(url=f"sqlite:///{path}", vendor="sqlite", name=str(path))
    else:
        scheme = urlsplit(url).scheme
        if not scheme.startswith("postgres"):
            raise SystemExit(f"bench: only postgres:// URLs are supported, got {scheme}://")
        name = urlsplit(url).path.lstrip("/")
        if not name.startswith(BENCH_DB_PREFIX):
            raise SystemExit(
                f"bench: refusing to drop/create database {name!r}; "
                f"use a dedicated one whose name starts with {BENCH_DB_PREFIX!r}"
            )
        if keep:
            _pg_create_missing(url, name)
        else:
            _pg_recreate(url, name, create=True)
        db = BenchDatabase(url=url, vendor="postgresql", name=name)
    try:
        _setup_django(db.url)
        yield db
    finally:
        _teardown_django()
        if tmpdir is not None:
            shutil.rmtree(tmpdir, ignore_errors=True)
        elif db.vendor == "postgresql" and not keep:
            _pg_recreate(db.url, db.name, create=False)


def site_urlconf(extra: Callable[[], list]) -> Callable[[str], Any]:
    """A module-level ``__getattr__`` that makes a bench module a URLconf: ``extra()``'s
    patterns (its yardsticks) before the whole site's, and the site's error handlers.

    The bench sets ``ROOT_URLCONF`` to its own module; Django reads ``urlpatterns`` only
    after set-up, when the views can be imported.
    """

    def __getattr__(name: str) -> Any:
        import config.urls

        if name == "urlpatterns":
            return [*extra(), *config.urls.urlpatterns]
        if name in ("handler403", "handler404", "handler500"):
            return getattr(config.urls, name)
        raise AttributeError(name)

    return __getattr__


def _setup_django(url: str) -> None:
    os.environ.update(FORCED_ENV)
    for key, value in DEFAULT_ENV.items():
        os.environ.setdefault(key, value)
    os.environ["DATABASE_URL"] = url
    if str(PROJECT_DIR) not in sys.path:
        sys.path.insert(0, str(PROJECT_DIR))

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _teardown_django() -> None:
    with contextlib.suppress(Exception):
        from django.db import connections

        connections.close_all()


@contextlib.contextmanager
def count_queries(alias: str = "default") -> Iterator[list[int]]:
    """``with count_queries() as n: ...`` then ``n[0]`` is the number of SQL statements.

    Uses a cheap execute wrapper (not Django's debug cursor), so it barely affects timings.
    ``executemany`` (``bulk_create`` batches) counts as one statement.
    """
    from django.db import connections

    counter = [0]

    def wrapper(execute: Callable, sql: str, params: Any, many: bool, context: Any) -> Any:
        counter[0] += 1
        return execute(sql, params, many, context)

    with connections[alias].execute_wrapper(wrapper):
        yield counter


# -- child processes ----------------------------------------------------------------------


def run_bench_child(
    module: str, args: Sequence[str], *, timeout: float | None = None
) -> tuple[int, list[dict]]:
    """Run ``python -m module *args`` in a fresh interpreter, forwarding its JSON lines.

    A fresh process per measurement keeps peak memory (and caches) of one measurement from
    contaminating the next. Returns the exit code and the parsed rows.
    """
    proc = subprocess.Popen(
        [sys.executable, "-m", module, *args],
        cwd=PROJECT_DIR,
        stdout=subprocess.PIPE,
        text=True,
    )
    timer = threading.Timer(timeout, proc.terminate) if timeout is not None else None
    if timer is not None:
        timer.start()
    rows: list[dict] = []
    try:
        assert proc.stdout is not None
        for raw in proc.stdout:
            line = raw.strip()
            if not line:
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                sys.stderr.write(line + "\n")
                continue
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
        code = proc.wait()
    finally:
        if timer is not None:
            timer.cancel()
    return code, rows


def exit_cleanly_on_sigterm() -> None:
    """Turn SIGTERM (a parent's timeout) into SystemExit so ``finally`` blocks clean up."""
    import signal

    def _handler(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _handler)
