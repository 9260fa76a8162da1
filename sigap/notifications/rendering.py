"""Subject and body of a notification, in the recipient's language.

Each kind of notification is a folder of plain-text templates in any app's
``templates/``::

    notifications/<template>/subject.txt       Indonesian (the default)
    notifications/<template>/body.txt
    notifications/<template>/en/subject.txt    English, when the recipient chose it
    notifications/<template>/en/body.txt       (falls back to the Indonesian file)

Both are rendered with the recipient's language active, so ``{% translate %}`` and date
formats follow it too. The text goes to email, SMS and WhatsApp as it is, so these
templates are rendered without HTML escaping (an apostrophe in a name stays one); the
inbox page escapes it when it shows it, like any other text.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from django.conf import settings
from django.template import Context, Engine
from django.utils import translation

DEFAULT_LANGUAGE = "id"
SUBJECT_MAX = 200


def language_of(user: Any) -> str:
    """The recipient's chosen language when Sigap offers it, else Indonesian."""
    chosen = (getattr(user, "preferred_language", "") or "").lower()[:2]
    offered = {code for code, _ in settings.LANGUAGES}
    return chosen if chosen in offered else DEFAULT_LANGUAGE


@cache
def _engine() -> Engine:
    # Its own engine: the site's engine escapes HTML, which plain text must not have.
    # Looks in every installed app's templates/ like the site's, cached when not DEBUG.
    return Engine(
        app_dirs=True,
        autoescape=False,
        debug=settings.DEBUG,
        libraries={},
        builtins=["django.templatetags.i18n"],
    )


def _candidates(template: str, name: str, language: str) -> list[str]:
    own = f"notifications/{template}/{name}"
    if language == DEFAULT_LANGUAGE:
        return [own]
    return [f"notifications/{template}/{language}/{name}", own]


def _check_name(template: str) -> None:
    if not re.fullmatch(r"[a-z0-9_]+(/[a-z0-9_]+)?", template):
        raise ValueError(f"Bad notification template name {template!r}")


def render_message(template: str, context: dict[str, Any], language: str) -> tuple[str, str]:
    """(subject, body). A missing template raises ``TemplateDoesNotExist``: a
    notification nobody wrote is a programming error, found before anything is saved."""
    _check_name(template)
    engine = _engine()
    with translation.override(language):
        ctx = Context(context, autoescape=False)
        subject = engine.select_template(_candidates(template, "subject.txt", language)).render(ctx)
        body = engine.select_template(_candidates(template, "body.txt", language)).render(ctx)
    # One line, whatever the template's line breaks: it becomes an email header.
    subject = " ".join(subject.split())[:SUBJECT_MAX]
    return subject, body.strip()
