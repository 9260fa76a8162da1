"""The notes code writes on an assignment (riwayat jabatan) for later readers: stored as
a code with parameters in ``Assignment.note_text`` and written in the reader's language
on the profile page, in the API and in the audit trail (``stored_text``; issue 8, item
11). What a person types stays in ``Assignment.note``, as typed.

Codes are stable: stored rows and API clients read them. Add a code rather than change
what one means.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ASSIGNMENT_NOTES = {
    # The roster import's moves (``roster.importer.write_batch``): the import's number.
    "roster_import": _("Impor data ASN #%(import_id)d"),
    # An accepted placement recommendation (``placement.engine.accept_recommendation``).
    "placement_advice": _("Rekomendasi penasihat penempatan #%(run_id)d"),
    # The Plt a handover appoints (``handover.handovers``): the predecessor's name.
    "handover_acting": _("Plt; serah terima dari %(name)s"),
    # Demo data only.
    "demo_data": _("Data demo"),
    "demo_acting": _("Plt sampai jabatan definitif terisi"),
    "demo_rotation": _("Rotasi petugas layanan (demo)"),
}
