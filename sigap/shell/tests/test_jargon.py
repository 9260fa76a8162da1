"""Jargon goes (issue 8, item 15): no page, message or translation says "back office",
"paket holidays" or "cara rakus". The Django admin is "Kelola data" ("Manage data").

Read where a user could meet the words: templates, string constants in code (docstrings
and comments are for developers and are skipped), and the catalogues' translations.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from sigap.shell.tests.test_translations import ROOT

JARGON = re.compile(r"back[ -]office|paket holidays|cara rakus", re.I)


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def jargon_in_code(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    name = path.relative_to(ROOT.parent) if path.is_relative_to(ROOT.parent) else path.name
    return [
        f"{name}:{node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and JARGON.search(node.value)
    ]


def test_no_jargon_in_templates():
    found = [
        str(p.relative_to(ROOT.parent))
        for p in sorted(ROOT.glob("*/templates/**/*"))
        if p.suffix in (".html", ".txt") and JARGON.search(p.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_no_jargon_in_texts_the_code_shows():
    sources = [
        p
        for p in sorted(ROOT.rglob("*.py"))
        if "tests" not in p.parts and "migrations" not in p.parts
    ]
    found = [hit for p in sources for hit in jargon_in_code(p)]
    assert found == []


def test_no_jargon_in_translations():
    found = [
        f"{po}: {entry.msgid!r}"
        for directory in settings.LOCALE_PATHS
        for po in Path(directory).glob("*/LC_MESSAGES/*.po")
        for entry in polib.pofile(str(po))
        if not entry.obsolete and (JARGON.search(entry.msgid) or JARGON.search(entry.msgstr))
    ]
    assert found == []


def test_the_check_finds_jargon_in_a_message(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text('"""Docstring about the back office."""\nX = "Buka back office"\n')
    assert jargon_in_code(planted) == ["planted.py:2"]


@pytest.mark.parametrize(("language", "name"), [("id", "Kelola data"), ("en", "Manage data")])
def test_the_admin_is_called_kelola_data(login, agency_admin, language, name):
    client = login(agency_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    menu = client.get(reverse("shell:dashboard")).content.decode()
    admin_index = client.get(reverse("admin:index")).content.decode()
    assert name in menu and name in admin_index
    assert not JARGON.search(menu) and not JARGON.search(admin_index)
