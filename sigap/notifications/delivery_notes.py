"""Why a delivery was skipped or taken back, as Sigap itself says it
(``Delivery.last_error_text``): stored as a code and written in the reader's language in
the audit trail (``stored_text``; issue 8, item 11). A gateway's own error stays in
``Delivery.last_error`` as the gateway wrote it (NIK, phone and email masked).

Codes are stable: stored rows and audit entries read them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

DELIVERY_NOTES = {
    # Skipped before sending (``delivery._skip_reason``).
    "account_inactive": _("Akun tidak aktif."),
    "no_address": _("Akun tidak memiliki alamat untuk saluran ini."),
    "channel_off": _("Penerima menonaktifkan saluran ini."),
    # Taken back by the sweep from a worker that died mid-send.
    "interrupted": _("Pengiriman terputus."),
    "interrupted_retried": _("Pengiriman terputus; diulang."),
}
