"""The notes code writes on an application's timeline (``ApplicationStep.note_text``):
stored as a code with parameters and written in the reader's language on the citizen's
and the officer's pages and in the API (``stored_text``; issue 8, item 11). What a
person types (a return note, a rejection reason, a withdrawal reason) stays in
``ApplicationStep.note``, as typed; a reason code quotes is a parameter.

Codes are stable: stored rows and API clients read them. Add a code rather than change
what one means.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

STEP_NOTES = {
    # ``applications.extend``: the officer's reason, as typed.
    "extended": _("Batas waktu diperpanjang: %(r)s"),
    # ``lapse``: a returned application not fixed in time.
    "lapsed": _("Tidak diperbaiki sampai batas waktu perbaikan."),
}
