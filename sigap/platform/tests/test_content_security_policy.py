"""A Content-Security-Policy allowing scripts from Sigap's own origin only, and no
template relying on what it forbids: inline scripts, on…= handlers, javascript: URLs
(issue 8, item 6)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)


def _templates() -> list[Path]:
    return sorted(ROOT.glob("*/templates/**/*.html"))


@pytest.mark.django_db
def test_every_response_carries_the_policy(client):
    header = client.get("/").headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in header.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"


def test_templates_have_no_inline_scripts():
    found = []
    for path in _templates():
        for match in SCRIPT_TAG.finditer(path.read_text(encoding="utf-8")):
            attrs = match.group(1)
            if "src=" not in attrs and "application/json" not in attrs:
                found.append(f"{path.relative_to(ROOT)}: <script{attrs}>")
    assert found == []


def test_templates_have_no_event_handler_attributes_or_javascript_urls():
    found = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        if HANDLER.search(text) or "javascript:" in text.lower():
            found.append(str(path.relative_to(ROOT)))
    assert found == []
