"""Browser journeys against the real app: gunicorn, production settings, Debian's chromium.

One app server per test session (``live_app``): its own SQLite file and static root in a
temporary folder, prepared the way ``bin/demo`` prepares a laptop (migrate, collectstatic,
seed_demo small, start_periodic), then served by gunicorn on a free localhost port, with a
task worker (``manage.py db_worker``) on the same database for background work such as the
roster import. The browser is the system chromium (``/usr/bin/chromium``); Playwright never
downloads one.

Every page fixture records requests that leave the app's host and uncaught JavaScript
errors, and fails the test if there were any: the app must work on an offline intranet.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    Request,
    sync_playwright,
)

from e2e.live import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    START_TIMEOUT,
    WORKER_START_TIMEOUT,
    LiveApp,
    PageWatch,
)

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_env(tmp: Path) -> dict[str, str]:
    key_file = tmp / "secret_key"
    key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    env = dict(os.environ)
    for name in ("SECRET_KEY", "STATICFILES_STORAGE", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    env.update(
        {
            # As bin/demo: production settings over plain HTTP on a local host.
            "DEBUG": "0",
            "SECRET_KEY_FILE": str(key_file),
            "ALLOWED_HOSTS": "*",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            # This run's own database and static root.
            "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "e2e.server_settings",
            "SIGAP_E2E_STATIC_ROOT": str(tmp / "static"),
            "SIGAP_FAST_PASSWORD_HASHER": "1",
            "PYTHONUNBUFFERED": "1",
            # As bin/demo: mail to files, here in this run's folder (e2e/live.py: mails()).
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(tmp / "mail"),
            # Every journey signs in and registers from 127.0.0.1: the per-address limits
            # (sigap.accounts.throttle) would refuse later journeys. The lock-out per
            # account (django-axes) stays on.
            "SIGAP_RATE_REGISTER": "100000",
            "SIGAP_RATE_LOGIN": "100000",
            "SIGAP_RATE_RECOVER": "100000",
            # A map with tiles from the app's own host (any image will do as a tile), as
            # an intranet tile server would serve them (sigap.platform.maps).
            "SIGAP_MAP_TILE_URL": "/static/leaflet/images/layers.png?tile={z}/{x}/{y}",
            "SIGAP_MAP_CENTER": "-1.61,103.61,12",
        }
    )
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(  # noqa: S603 - fixed command, our own interpreter
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        # Generous: on a shared, loaded 2-core machine migrating alone took over 300 s.
        timeout=1800,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}",
            pytrace=False,
        )


def _server_command(port: int) -> list[str]:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if not gunicorn.exists():
        found = shutil.which("gunicorn")
        gunicorn = Path(found) if found else gunicorn
    if gunicorn.exists():
        return [
            str(gunicorn),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--access-logfile",
            "-",
            "--log-level",
            "warning",
        ]
    return [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]


def _worker_command() -> list[str]:
    # As bin/demo, minus the random start-up delay (one worker, nothing to stagger); a
    # short poll interval so a queued import starts within a fraction of a second.
    return [
        sys.executable,
        "manage.py",
        "db_worker",
        "--queue-name",
        "default",
        "--interval",
        "0.2",
        "--no-startup-delay",
        "--no-reload",
        "-v1",
    ]


def _start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start ``command`` in its own session (process group), output to ``log``."""
    with log.open("wb") as log_file:
        return subprocess.Popen(  # noqa: S603 - fixed command, our own interpreter
            command,
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _health(url: str) -> dict:
    with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
        return json.loads(response.read())


def _wait_for_worker(url: str, worker: subprocess.Popen[bytes], log: Path) -> None:
    """Wait until the worker has run the heartbeat task (``/healthz`` reports it alive):
    then it is polling the queue, and a journey's background task will be picked up."""
    deadline = time.monotonic() + WORKER_START_TIMEOUT
    state: dict = {}
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            pytest.fail(
                f"task worker exited with {worker.returncode}:\n{log.read_text()[-4000:]}",
                pytrace=False,
            )
        try:
            state = _health(url).get("worker", {})
        except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError) as exc:
            state = {"error": str(exc)}
        if state.get("ok"):
            return
        time.sleep(0.2)
    pytest.fail(
        f"task worker ran no heartbeat within {WORKER_START_TIMEOUT:.0f}s ({state}):\n"
        f"{log.read_text()[-4000:]}",
        pytrace=False,
    )


def _wait_until_healthy(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    last_error = "no answer yet"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(
                f"app server exited with {proc.returncode}:\n{log.read_text()[-4000:]}",
                pytrace=False,
            )
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
                last_error = f"HTTP {response.status}"
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            last_error = str(exc)
        time.sleep(0.2)
    pytest.fail(
        f"app server not healthy after {START_TIMEOUT:.0f}s ({last_error}):\n"
        f"{log.read_text()[-4000:]}",
        pytrace=False,
    )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM (gunicorn's master stops its own workers; db_worker finishes the task it is
    running, then exits), then SIGKILL to the process's own group if it lingers."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the process's own group only
        proc.wait(timeout=5)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    tmp = tmp_path_factory.mktemp("sigap-e2e")
    env = _server_env(tmp)
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "collectstatic", "--noinput", "-v0")
    _manage(env, "seed_demo", "--scale", "small", "--seed", "1", "--if-empty")
    _manage(env, "start_periodic")

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp / "server.log"
    worker_log = tmp / "worker.log"
    proc = _start(_server_command(port), env, log)
    worker: subprocess.Popen[bytes] | None = None
    try:
        worker = _start(_worker_command(), env, worker_log)
        _wait_until_healthy(url, proc, log)
        _wait_for_worker(url, worker, worker_log)
        yield LiveApp(url=url, log=log, worker_log=worker_log)
    finally:
        if worker is not None:
            _stop(worker)
        _stop(proc)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing: apt-get install chromium (bin/test does this)", pytrace=False
        )
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _watched_page(context: BrowserContext, app: LiveApp, watch: PageWatch) -> Page:
    context.set_default_timeout(10_000)

    def on_request(request: Request) -> None:
        if not app.is_own(request.url):
            watch.foreign_requests.append(request.url)

    context.on("request", on_request)
    page = context.new_page()
    page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
    return page


def _context(browser: Browser, app: LiveApp, **options: object) -> BrowserContext:
    return browser.new_context(
        base_url=app.url, locale="id-ID", timezone_id="Asia/Jakarta", **options
    )  # type: ignore[arg-type]


@pytest.fixture
def page_watch() -> PageWatch:
    return PageWatch()


@pytest.fixture
def phone_page(browser: Browser, live_app: LiveApp, page_watch: PageWatch) -> Iterator[Page]:
    """A fresh phone-sized browser (360×780, touch): how most citizens meet Sigap."""
    context = _context(browser, live_app, accept_downloads=True, **PHONE)
    page = _watched_page(context, live_app, page_watch)
    yield page
    context.close()
    assert not page_watch.problems(), "\n".join(page_watch.problems())


@pytest.fixture
def desktop_page(browser: Browser, live_app: LiveApp, page_watch: PageWatch) -> Iterator[Page]:
    """A fresh office-desktop browser for staff journeys."""
    context = _context(browser, live_app, **DESKTOP)
    page = _watched_page(context, live_app, page_watch)
    yield page
    context.close()
    assert not page_watch.problems(), "\n".join(page_watch.problems())
