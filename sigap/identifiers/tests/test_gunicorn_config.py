"""config/gunicorn.py: gunicorn's own access and error logs mask NIKs like Django's logs
(issue 8, item 3), and the server binds loopback unless told otherwise (item 7)."""

from __future__ import annotations

import runpy
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CONFIG = ROOT / "config" / "gunicorn.py"
NIK = "1571015705900002"
MASKED = "1571************"
ALL_INTERFACES = "0.0.0.0"  # noqa: S104 - what bin/demo must not bind by default

# Runs in a fresh interpreter, as a gunicorn worker does: gunicorn reads the config file
# with its own loader, sets up its real Logger, then Django configures LOGGING on top.
PROBE = f"""
import datetime as dt, os, sys
from gunicorn import glogging
from gunicorn.app.base import Application
from gunicorn.config import Config

class Probe(Application):
    def __init__(self):
        self.usage = self.prog = self.callable = self.logger = None
        self.cfg = Config()
    def load(self):
        return None

app = Probe()
app.load_config_from_file({str(CONFIG)!r})
log = glogging.Logger(app.cfg)

class Response:
    status = "200 OK"
    headers = [("Content-Type", "text/html")]
    sent = 512

class Request:
    headers = [("Host", "127.0.0.1")]

def request(uri, referer):
    path, _, query = uri.partition("?")
    environ = {{
        "REQUEST_METHOD": "GET", "RAW_URI": uri, "PATH_INFO": path, "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "10.1.2.3", "HTTP_REFERER": referer,
        "HTTP_USER_AGENT": "probe",
    }}
    log.access(Response(), Request(), environ, dt.timedelta(milliseconds=5))

request("/kerja/asn/?q={NIK}", "http://127.0.0.1/kerja/audit/?text={NIK}")
log.error("worker gagal untuk %s", "{NIK}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()  # Django's LOGGING must not take the filter off gunicorn's loggers
request("/kerja/asn/?q=1571+0157+0590+0002&halaman=2", "-")
request("/kerja/audit/?text=%20{NIK}", "-")
sys.stdout.flush(); sys.stderr.flush()
"""


@pytest.fixture(scope="module")
def probe_output() -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result


def test_the_access_log_masks_a_nik_in_the_query_string_and_referer(probe_output):
    lines = probe_output.stdout.splitlines()
    assert len(lines) == 3, probe_output.stdout  # one line per request, none twice
    assert f'"GET /kerja/asn/?q={MASKED} HTTP/1.1" 200' in lines[0]
    assert f"/kerja/audit/?text={MASKED}" in lines[0]  # the Referer
    assert f"/kerja/asn/?q={MASKED}&halaman=2" in lines[1]
    assert f"/kerja/audit/?text=%20{MASKED}" in lines[2]
    assert NIK not in probe_output.stdout and "0590" not in probe_output.stdout


def test_the_error_log_masks_too(probe_output):
    assert f"worker gagal untuk {MASKED}" in probe_output.stderr
    assert NIK not in probe_output.stderr


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, ["127.0.0.1:8000"]),
        ({"PORT": "9000"}, ["127.0.0.1:9000"]),
        ({"SIGAP_BIND": "192.0.2.10", "PORT": "8080"}, ["192.0.2.10:8080"]),
        ({"SIGAP_BIND": "::1"}, ["[::1]:8000"]),
        ({"SIGAP_BIND": " "}, ["127.0.0.1:8000"]),
    ],
)
def test_gunicorn_binds_loopback_unless_told_otherwise(monkeypatch, env, expected):
    monkeypatch.delenv("SIGAP_BIND", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert runpy.run_path(str(CONFIG))["bind"] == expected


def test_bin_demo_serves_through_the_config_and_defaults_to_loopback():
    script = (ROOT / "bin" / "demo").read_text()
    [command] = [line for line in script.splitlines() if line.startswith("gunicorn ")]
    args = shlex.split(command)
    assert args[args.index("-c") + 1] == "config/gunicorn.py"
    # No --bind: the address comes from SIGAP_BIND (config/gunicorn.py), default loopback.
    assert not any(a.startswith(("--bind", "-b")) for a in args)
    assert ALL_INTERFACES not in command
    assert 'SIGAP_BIND="${SIGAP_BIND:-127.0.0.1}"' in script
