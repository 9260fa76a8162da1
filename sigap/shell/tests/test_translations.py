"""A complete English mode (issue 8, item 11): every string marked for translation in
an app's code or templates has an English translation in some catalogue Django reads.

Catalogues are read from ``settings.LOCALE_PATHS`` (the shared ``locale/`` and every
``sigap/<app>/locale``), so an app that lands with its own catalogue is checked against
it without editing this test. Strings are found the way ``makemessages`` finds them:
gettext calls in Python (by the syntax tree) and ``{% translate %}`` /
``{% blocktranslate %}`` in templates (by Django's own ``templatize``). One test per
app, so a missing translation is reported on the app that owns it.

Model texts are checked on the models themselves: the app's name, every model's
declared verbose_name and verbose_name_plural, every field's verbose_name and choice
labels, and every TextChoices/IntegerChoices class an app defines, must be a lazy
translation (a plain str is never translated, whatever the catalogues hold) whose msgid,
with its context, has an English entry.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import polib
import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, pgettext_lazy
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


@cache
def translated_in_context() -> frozenset[tuple[str | None, str]]:
    """(msgctxt, msgid) of every entry with a non-empty, non-fuzzy English translation."""
    ids = set()
    for directory in settings.LOCALE_PATHS:
        for po_path in Path(directory).glob("en/LC_MESSAGES/*.po"):
            for entry in polib.pofile(str(po_path)):
                if entry.msgstr and not entry.fuzzy and not entry.obsolete:
                    ids.add((entry.msgctxt, entry.msgid))
    return frozenset(ids)


@cache
def django_source_ids() -> frozenset[str]:
    """Django's own msgids (its source language is English, so they need no entry here):
    the ones its Indonesian catalogues translate, e.g. "password" or "Monday"."""
    import django

    base = Path(django.__file__).parent
    ids = set()
    for po_path in base.glob("**/locale/id/LC_MESSAGES/django.po"):
        ids.update(entry.msgid for entry in polib.pofile(str(po_path)))
    return frozenset(ids)


# Model choice lists whose labels are data rather than words, each with the reason.
LABELS_AS_DATA: dict[tuple[str, str], str] = {
    ("workforce.Position", "min_golongan"): "golongan codes with their official pangkat titles",
    ("workforce.RankHistory", "golongan"): "golongan codes with their official pangkat titles",
}


def _choice_owners(app: str) -> dict[str, list]:
    """where -> [(value, label)] for the app's model fields with choices and for every
    TextChoices/IntegerChoices class its modules define (used on a field or not)."""
    owners: dict[str, list] = {}
    config = next(c for c in django_apps.get_app_configs() if c.name == f"sigap.{app}")
    for model in config.get_models():
        for field in model._meta.get_fields():
            if getattr(field, "choices", None) and not field.auto_created:
                if (model._meta.label, field.name) not in LABELS_AS_DATA:
                    owners[f"{model._meta.label}.{field.name}"] = list(field.flatchoices)
    pending = list(models.Choices.__subclasses__())
    while pending:
        kind = pending.pop()
        pending.extend(kind.__subclasses__())
        module = kind.__module__
        if ".tests." in module:
            continue  # a test's own choices (the planted ones below)
        if module == f"sigap.{app}" or module.startswith(f"sigap.{app}."):
            owners[f"{kind.__module__}.{kind.__qualname__}"] = [
                (member.value, member.label) for member in kind
            ]
    return owners


def model_texts(app: str) -> dict[str, object]:
    """where -> text for every user-visible text of the app's models: the app's name, the
    model's declared verbose_name and verbose_name_plural, each field's verbose_name and each choice label
    (a label equal to its value is a code, shown as itself, and is left out)."""
    out: dict[str, object] = {}
    config = next(c for c in django_apps.get_app_configs() if c.name == f"sigap.{app}")
    # The app's name heads its models in the back office.
    out[f"{config.label} (app verbose_name)"] = config.verbose_name
    for model in config.get_models():
        declared = model._meta.original_attrs
        # The model's name: the trail's object type, the back office, exports. An
        # undeclared name is Django's English one made from the class name, and a
        # declared name without its plural gets Django's English "s" appended: both are
        # reported here as the plain str they render to, in either language.
        out[f"{model._meta.label} (verbose_name)"] = declared.get(
            "verbose_name", str(model._meta.verbose_name)
        )
        out[f"{model._meta.label} (verbose_name_plural)"] = declared.get(
            "verbose_name_plural", str(model._meta.verbose_name_plural)
        )
        for field in model._meta.get_fields():
            if field.concrete and not field.auto_created:
                out[f"{model._meta.label}.{field.name} (verbose_name)"] = field.verbose_name
    for where, choices in _choice_owners(app).items():
        for value, label in choices:
            if value not in ("", None) and label != str(value):
                out[f"{where} {value!r}"] = label
    return out


def untranslated_model_texts(app: str) -> dict[str, str]:
    """where -> why, for model texts that are a plain str (never translated, whatever the
    catalogues hold) or a lazy translation with no English entry."""
    problems = {}
    for where, text in model_texts(app).items():
        if not isinstance(text, Promise):
            problems[where] = f"plain {text!r}, not gettext_lazy"
            continue
        # Other lazy texts (ngettext_lazy, labels kept as data in both languages) are
        # left to the source scan above and to their own tests.
        if type(text) is type(gettext_lazy("")):
            key = (None, text._args[0])
        elif type(text) is type(pgettext_lazy("", "")):
            key = (text._args[0], text._args[1])
        else:
            continue
        if key not in translated_in_context() and key[1] not in django_source_ids():
            problems[where] = f"no English translation for {key[1]!r} (context {key[0]!r})"
    return problems


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


@pytest.mark.parametrize("app", _apps())
def test_every_model_label_and_choice_is_translated(app):
    """Field labels and choice labels reach pages, forms, exports and the audit trail: a
    plain str there shows Indonesian in English mode even when a catalogue has the word."""
    problems = untranslated_model_texts(app)
    listing = "\n".join(f"  {where}: {why}" for where, why in sorted(problems.items()))
    assert not problems, (
        f"{len(problems)} model texts of sigap.{app} are not translated; wrap them in "
        f"gettext_lazy (pgettext_lazy where the word means something else elsewhere) and "
        f"add the English to sigap/{app}/locale/en/LC_MESSAGES/django.po:\n{listing}"
    )


def test_the_model_check_finds_plain_and_untranslated_texts():
    """The test above fails on a plain choice label, a plain verbose_name and a lazy
    text without an English entry (planted on a model that is never migrated)."""

    class Planted(models.TextChoices):
        PLAIN = "plain", "Polos xyz"
        MISSING = "missing", gettext_lazy("Belum diterjemahkan xyz")
        CLASH = "clash", pgettext_lazy("konteks tanpa entri xyz", "Pensiun")
        DONE = "done", pgettext_lazy("status ASN", "Pensiun")
        CODE = "U1", "U1"

    Planted.__module__ = "sigap.shell.planted"
    try:
        problems = untranslated_model_texts("shell")
    finally:
        Planted.__module__ = __name__
    planted = {k: v for k, v in problems.items() if "Planted" in k}
    assert planted == {
        "sigap.shell.planted.test_the_model_check_finds_plain_and_untranslated_texts."
        "<locals>.Planted 'plain'": "plain 'Polos xyz', not gettext_lazy",
        "sigap.shell.planted.test_the_model_check_finds_plain_and_untranslated_texts."
        "<locals>.Planted 'missing'": "no English translation for 'Belum diterjemahkan xyz' "
        "(context None)",
        "sigap.shell.planted.test_the_model_check_finds_plain_and_untranslated_texts."
        "<locals>.Planted 'clash'": "no English translation for 'Pensiun' "
        "(context 'konteks tanpa entri xyz')",
    }


def test_the_model_check_reads_verbose_names():
    texts = model_texts("workforce")
    assert str(texts["workforce.Position (verbose_name)"]) == "jabatan"
    assert isinstance(texts["workforce.Position (verbose_name_plural)"], Promise)
    assert str(texts["workforce.Employee.birth_date (verbose_name)"]) == "tanggal lahir"
    assert "workforce.Employee.id (verbose_name)" not in texts  # auto-created
    assert "workforce.Employee.status 'retired'" in texts


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
