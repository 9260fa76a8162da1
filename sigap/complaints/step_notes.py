"""The notes code writes on a complaint's timeline (``ComplaintStep.note_text``): stored
as a code with parameters and written in the reader's language on the complainant's and
the unit's pages and in the API (``stored_text``; issue 8, item 11). What a person types
(an answer, a reply, a reason) stays in ``ComplaintStep.note``, as typed.

Codes are stable: stored rows and API clients read them. Add a code rather than change
what one means.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

STEP_NOTES = {
    # ``handling.route``: the unit's name.
    "routed": _("Diteruskan ke %(unit)s."),
    "rerouted": _("Dialihkan ke %(unit)s."),
    # ``handling.merge``: the other complaint's tracking number.
    "merged": _("Digabung dengan pengaduan %(n)s."),
    # The sweep.
    "closed_silent": _("Ditutup otomatis: tidak ada tanggapan pelapor."),
    "escalated": _("Lewat batas waktu: dieskalasi."),
}
