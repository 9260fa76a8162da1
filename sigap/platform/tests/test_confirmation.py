"""Destructive actions ask for confirmation, one way everywhere (issue 8, item 15).

Every template is read and each POST form that deletes, revokes, cancels, closes,
removes, deactivates, withdraws or rejects something must carry ``data-confirm`` (on the
form or its button); ``platform/confirm.js``, loaded by the shell's base template on
every page, asks the question. No ad-hoc confirmations (``hx-confirm``, inline
``onclick``): the Content-Security-Policy allows no inline script anyway.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.test import RequestFactory

ROOT = Path(settings.BASE_DIR) / "sigap"
CONFIRM_JS = ROOT / "platform" / "static" / "platform" / "confirm.js"

_FORM = re.compile(r"<form\b(?P<open>[^>]*)>(?P<body>.*?)</form>", re.S | re.I)
_URL_NAME = re.compile(r"""\{%\s*url\s+['"](?P<name>[\w:]+)['"]""")
_BUTTON = re.compile(r"<button\b[^>]*>(?P<text>.*?)</button>", re.S | re.I)
_ATTR_VALUE = re.compile(r"""\b(?:name|value)=["'](?P<value>[^"'{]+)["']""")
# What the action is called in URL names and posted values, and on its button.
_ACTION_WORDS = re.compile(
    r"delete|remove|revoke|cancel|close|deactivate|withdraw|reject|unlink|discard|hapus|cabut"
)
_BUTTON_WORDS = re.compile(
    r"\b(Hapus|Cabut|Batalkan|Tutup|Nonaktifkan|Tarik|Tolak|Keluarkan|Lepaskan)\b"
)


def templates() -> list[Path]:
    return sorted(p for p in ROOT.glob("*/templates/**/*.html") if p.is_file())


def _where(path: Path, text: str, offset: int) -> str:
    name = path.relative_to(ROOT.parent) if path.is_relative_to(ROOT.parent) else path.name
    return f"{name}:{text.count(chr(10), 0, offset) + 1}"


def destructive_forms_without_confirmation(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    found = []
    for form in _FORM.finditer(text):
        opening, body = form.group("open"), form.group("body")
        if not re.search(r"""method=["']post["']""", opening, re.I):
            continue
        names = [m.group("name") for m in _URL_NAME.finditer(opening)]
        values = [m.group("value") for m in _ATTR_VALUE.finditer(body)]
        buttons = " ".join(m.group("text") for m in _BUTTON.finditer(body))
        destructive = (
            any(_ACTION_WORDS.search(n.split(":")[-1]) for n in names)
            or any(_ACTION_WORDS.search(v.lower()) for v in values)
            or _BUTTON_WORDS.search(buttons)
        )
        if destructive and "data-confirm=" not in form.group(0):
            found.append(_where(path, text, form.start()))
    return found


def test_every_destructive_form_asks_for_confirmation():
    found = [hit for path in templates() for hit in destructive_forms_without_confirmation(path)]
    assert found == [], (
        "add data-confirm=\"{% translate '…?' %}\" to these forms (or their button):\n"
        + "\n".join(found)
    )


@pytest.mark.parametrize(
    ("form", "flagged"),
    [
        (
            '<form method="post" action="{% url \'queues:setup_closure_remove\' 1 %}">'
            "<button>x</button></form>",
            True,
        ),
        (
            '<form method="post"><input type="hidden" name="what" value="cancel">'
            "<button>Ok</button></form>",
            True,
        ),
        ('<form method="post"><button name="revoke" value="1">x</button></form>', True),
        ('<form method="post"><button>{% translate "Hapus" %}</button></form>', True),
        ('<form method="post" data-confirm="Yakin?"><button>Hapus</button></form>', False),
        ('<form method="post"><button data-confirm="Yakin?">Hapus</button></form>', False),
        ('<form method="post"><button>Simpan</button> <a href="/">Batal</a></form>', False),
        ('<form method="get"><button>Tutup</button></form>', False),
    ],
)
def test_the_check_finds_a_destructive_form(tmp_path, form, flagged):
    planted = tmp_path / "planted.html"
    planted.write_text(form)
    assert bool(destructive_forms_without_confirmation(planted)) is flagged


def test_no_ad_hoc_confirmations_remain():
    found = [
        _where(p, t, m.start())
        for p in templates()
        for t in [p.read_text(encoding="utf-8")]
        for m in re.finditer(r"hx-confirm|onclick=|onsubmit=|confirm\(", t)
    ]
    assert found == [], "use data-confirm instead:\n" + "\n".join(found)


def test_the_confirmation_script_is_local_and_on_every_page(client, db):
    assert CONFIRM_JS.is_file()
    # Outside the scripts block (the chrome's footer): pages that replace their scripts
    # keep it.
    replaced = engines["django"].from_string(
        '{% extends "shell/base.html" %}{% block scripts %}<script src="/x.js"></script>'
        "{% endblock %}"
    )
    script = r'<script src="[^"]*platform/confirm[.\w]*js" defer></script>'
    assert re.search(script, replaced.render({}, RequestFactory().get("/")))
    page = client.get("/").content.decode()
    assert re.search(script, page)
