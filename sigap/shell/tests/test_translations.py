"""A complete English mode (issue 8, item 11): every string marked for translation in
an app's code or templates has an English translation in some catalogue Django reads.

Catalogues are read from ``settings.LOCALE_PATHS`` (the shared ``locale/`` and every
``sigap/<app>/locale``), so an app that lands with its own catalogue is checked against
it without editing this test. Strings are found the way ``makemessages`` finds them:
gettext calls in Python (by the syntax tree) and ``{% translate %}`` /
``{% blocktranslate %}`` in templates (by Django's own ``templatize``). One test per
app, so a missing translation is reported on the app that owns it.
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

ROOT = Path(settings.BASE_DIR) / "sigap"
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
# templatize turns template tags into gettext calls with single-quoted literals.
_TEMPLATE_CALL = re.compile(
    r"\b(?:gettext|pgettext|ngettext|npgettext)\((?:u?'(?:[^'\\]|\\.)*',\s*)?u?('(?:[^'\\]|\\.)*')"
)
# Apps whose strings were still being written when this test arrived, each with the
# reason; remove an app once its catalogue is complete (the test then guards it).
PENDING: dict[str, str] = {}


def _python_ids(path: Path) -> list[tuple[str, int]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in GETTEXT:
            continue
        index = 1 if name.startswith(("pgettext", "npgettext")) else 0
        if len(node.args) > index:
            arg = node.args[index]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.append((arg.value, node.lineno))
    return found


def _template_ids(path: Path) -> list[tuple[str, int]]:
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    return [(ast.literal_eval(m.group(1)), 0) for m in _TEMPLATE_CALL.finditer(code)]


def marked_strings(app: str) -> dict[str, str]:
    """msgid -> where it is first used, for one app's code and templates."""
    out: dict[str, str] = {}
    base = ROOT / app
    for path in sorted(base.rglob("*.py")):
        parts = path.relative_to(base).parts
        if parts[0] in ("tests", "migrations"):
            continue
        for msgid, line in _python_ids(path):
            out.setdefault(msgid, f"{path.relative_to(ROOT.parent)}:{line}")
    for path in sorted(base.glob("templates/**/*")):
        if path.suffix in (".html", ".txt") and path.is_file():
            for msgid, _line in _template_ids(path):
                out.setdefault(msgid, str(path.relative_to(ROOT.parent)))
    return out


@cache
def translated() -> frozenset[str]:
    """Every msgid with a non-empty, non-fuzzy English translation in any catalogue."""
    ids = set()
    for directory in settings.LOCALE_PATHS:
        for po_path in Path(directory).glob("en/LC_MESSAGES/*.po"):
            for entry in polib.pofile(str(po_path)):
                done = entry.msgstr or all(entry.msgstr_plural.values() or [""])
                if done and not entry.fuzzy and not entry.obsolete:
                    ids.add(entry.msgid)
    return frozenset(ids)


def _apps() -> list:
    names = sorted(p.parent.name for p in ROOT.glob("*/apps.py"))
    return [
        pytest.param(
            name,
            marks=pytest.mark.xfail(reason=PENDING[name], strict=False) if name in PENDING else (),
        )
        for name in names
    ]


@pytest.mark.parametrize("app", _apps())
def test_every_marked_string_has_an_english_translation(app):
    missing = {m: where for m, where in marked_strings(app).items() if m not in translated()}
    listing = "\n".join(f"  {where}: {msgid!r}" for msgid, where in sorted(missing.items()))
    assert not missing, (
        f"{len(missing)} strings of sigap.{app} have no English translation; add them to "
        f"sigap/{app}/locale/en/LC_MESSAGES/django.po and run "
        f"`python manage.py compile_translations`:\n{listing}"
    )


def test_the_check_finds_an_untranslated_string(tmp_path):
    """The test above fails when a string has no translation (a planted one)."""
    source = tmp_path / "planted.py"
    source.write_text(
        'from django.utils.translation import gettext as _\n_("Belum diterjemahkan xyz")\n'
    )
    template = tmp_path / "planted.html"
    template.write_text('{% load i18n %}{% translate "Templat belum diterjemahkan xyz" %}')
    assert _python_ids(source) == [("Belum diterjemahkan xyz", 2)]
    assert _template_ids(template)[0][0] == "Templat belum diterjemahkan xyz"
    assert "Belum diterjemahkan xyz" not in translated()
    assert "Lewati ke konten utama" in translated()  # the shared catalogue is read


def test_every_app_catalogue_is_read():
    app_catalogues = {
        p.parent.parent.parent.parent.name for p in ROOT.glob("*/locale/en/LC_MESSAGES/django.po")
    }
    read = {Path(d).parent.name for d in settings.LOCALE_PATHS}
    assert app_catalogues <= read


def test_language_choice_names_each_language_in_itself():
    assert dict(settings.LANGUAGES) == {"id": "Bahasa Indonesia", "en": "English"}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_the_language_switch_names_each_language_in_itself(client, language):
    # Django's get_available_languages translates the names ("Inggris" in Indonesian).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get("/").content.decode()
    assert '<option value="en" lang="en"' in page
    assert ">English</option>" in page and ">Bahasa Indonesia</option>" in page
    assert "Inggris" not in page
