"""Serah terima jabatan: moving a leaving officer's open work to the successor, through
open-work providers that other apps register (see ``handovers``).

Pages, API operations and URLs: ``views``, ``api``, ``urls``.
"""

from sigap.workforce.handover.handovers import (
    HANDOVER_GRACE_DAYS,
    MOVED,
    REVOKED,
    HandoverIncomplete,
    OpenItem,
    OpenWorkProvider,
    employee_by_identifier,
    hand_over,
    handover_for,
    handovers_in,
    leaving_candidates,
    moved_record,
    open_work,
    provider_label,
    providers,
    register,
    successor_suggestions,
    unregister,
)

__all__ = [
    "HANDOVER_GRACE_DAYS",
    "MOVED",
    "REVOKED",
    "HandoverIncomplete",
    "OpenItem",
    "OpenWorkProvider",
    "employee_by_identifier",
    "hand_over",
    "handover_for",
    "handovers_in",
    "leaving_candidates",
    "moved_record",
    "open_work",
    "provider_label",
    "providers",
    "register",
    "successor_suggestions",
    "unregister",
]
