"""Strings that escape the translation-completeness test (test_translations.py) because
they are not marked, or are marked in a way that cannot work (issue 8, item 11):

* a form label, help text or verbose name written as a plain string;
* ``gettext`` called at import time (a form field's label, a module constant): it is
  evaluated once, in Indonesian, whatever language the request later asks for;
* a count (``ngettext``, ``{% blocktranslate count %}``) whose catalogue entry has no
  plural forms: gettext looks plurals up by (msgid, form), so a singular entry is ignored.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation.template import templatize

from sigap.shell.tests.test_translations import ROOT

USER_VISIBLE_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label"}
EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}
# templatize writes a count as ngettext('…', '…', n), with a context npgettext('ctx', '…', …).
_TEMPLATE_PLURAL = re.compile(
    r"\b(?:ngettext\(|npgettext\(u?'(?:[^'\\]|\\.)*',\s*)u?('(?:[^'\\]|\\.)*')"
)


def _sources() -> list[Path]:
    return [
        p
        for p in sorted(ROOT.rglob("*.py"))
        if "tests" not in p.parts and "migrations" not in p.parts
    ]


def _where(path: Path) -> str:
    return str(path.relative_to(ROOT.parent)) if path.is_relative_to(ROOT.parent) else str(path)


def _has_words(node: ast.expr) -> bool:
    """A plain string, or an f-string whose fixed text has letters (not just data)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(node.value.strip())
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(v, ast.Constant) and re.search(r"[A-Za-z]{2}", str(v.value))
            for v in node.values
        )
    return False


def unmarked_texts(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg in USER_VISIBLE_KEYWORDS and _has_words(keyword.value):
                    found.append(f"{_where(path)}:{node.lineno} {keyword.arg}")
    return found


def import_time_gettext(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name in EAGER
    }
    found: list[str] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue  # runs per request, in its language
            if (
                isinstance(child, ast.Call)
                and isinstance(child.func, ast.Name)
                and child.func.id in names
            ):
                found.append(f"{_where(path)}:{child.lineno}")
            visit(child)

    if names:
        visit(tree)
    return found


def plural_msgids() -> dict[str, str]:
    """msgid -> where, for every count in templates and ``ngettext`` calls in code."""
    out: dict[str, str] = {}
    for path in sorted(ROOT.glob("*/templates/**/*")):
        if path.suffix in (".html", ".txt") and path.is_file():
            code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
            for match in _TEMPLATE_PLURAL.finditer(code):
                out.setdefault(ast.literal_eval(match.group(1)), _where(path))
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else None
            if name in ("ngettext", "ngettext_lazy") and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    out.setdefault(first.value, f"{_where(path)}:{node.lineno}")
    return out


@cache
def plural_entries() -> frozenset[str]:
    ids = set()
    for directory in settings.LOCALE_PATHS:
        for po_path in Path(directory).glob("en/LC_MESSAGES/*.po"):
            for entry in polib.pofile(str(po_path)):
                if entry.msgid_plural and all(entry.msgstr_plural.values() or [""]):
                    ids.add(entry.msgid)
    return frozenset(ids)


def test_form_and_model_texts_are_marked_for_translation():
    found = [hit for path in _sources() for hit in unmarked_texts(path)]
    assert found == [], "wrap these in gettext_lazy and translate them:\n" + "\n".join(found)


def test_no_gettext_at_import_time():
    found = [hit for path in _sources() for hit in import_time_gettext(path)]
    assert found == [], "use gettext_lazy outside functions:\n" + "\n".join(found)


def test_counts_have_plural_translations():
    missing = {m: w for m, w in plural_msgids().items() if m not in plural_entries()}
    assert missing == {}, "add msgid_plural and msgstr[0]/[1] for:\n" + "\n".join(
        f"  {w}: {m!r}" for m, w in sorted(missing.items())
    )


@pytest.mark.parametrize(
    ("source", "unmarked", "eager"),
    [
        ('f = forms.CharField(label="Nama")', 1, 0),
        ('f = forms.CharField(label=_("Nama"))', 0, 0),
        ('f = forms.CharField(label=f"{e.code}. {e.question}")', 0, 0),
        ("from django.utils.translation import gettext as _\nX = _('Senin')", 0, 1),
        (
            "from django.utils.translation import gettext as _\ndef f():\n    return _('Senin')",
            0,
            0,
        ),
    ],
)
def test_the_checks_find_what_they_look_for(tmp_path, source, unmarked, eager):
    path = tmp_path / "planted.py"
    path.write_text(source, encoding="utf-8")
    assert len(unmarked_texts(path)) == unmarked
    assert len(import_time_gettext(path)) == eager
