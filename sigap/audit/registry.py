"""Every model of a Sigap app is audited by construction.

A model opts out only by listing itself in ``NOT_AUDITED`` with a reason. Fields that
must never be copied into the trail (secrets) are excluded; NIKs are masked.
"""

from __future__ import annotations

from auditlog.registry import auditlog
from django.apps import apps

from sigap.identifiers.nik import mask_nik

# model label -> why it is not audited
NOT_AUDITED: dict[str, str] = {
    "shell.workerheartbeat": "liveness probe, not domain data",
}
EXCLUDED_FIELDS: dict[str, list[str]] = {
    "accounts.user": ["password", "last_login"],
    "accounts.apitoken": ["key_hash", "last_used_at"],
    "services.open311client": ["key_hash"],
    # The uploaded file and its report are large binary/JSON blobs; the hash identifies them.
    "workforce.rosterimport": ["content", "problems"],
    # Derived from the rank rows, which are audited (records.refresh_latest_golongan).
    "workforce.employee": ["latest_golongan"],
}
# model label -> its NIK fields (masked with mask_nik_in_trail below)
MASKED_FIELDS: dict[str, list[str]] = {
    "accounts.citizenprofile": ["nik"],
}
# auditlog's own mask hides the first half and keeps the last 8 digits of a NIK, more than
# any screen shows to a role without identifiers.view_full_nik (inspectors read the trail
# without that right): the trail masks as screens do (UU 27/2022; issue 8, item 3).
MASK_CALLABLE = "sigap.audit.registry.mask_nik_in_trail"


def mask_nik_in_trail(value: str) -> str:
    """auditlog's mask for NIK fields: ``mask_nik`` (first 4 digits, 12 asterisks).

    auditlog passes ``str(value)``, so a NIK that was not set arrives as "None"; a value
    without digits reveals nothing and is kept, so the trail still says "set" vs "unset".
    """
    if not any("0" <= ch <= "9" for ch in value):
        return value
    return mask_nik(value)


def reverse_relations(model: type) -> list[str]:
    """The model's reverse accessors (another model's key pointing here). auditlog diffs
    every field ``_meta.get_fields()`` lists, these included: a reverse one-to-one costs
    a query per save (a booking's ticket, a ticket's service event) and a reverse
    foreign key writes its manager's name ("queues.Ticket.None") into every creation.
    They are not columns of this row; the other side's own key is audited there."""
    return [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]


def register_domain_models() -> None:
    for model in apps.get_models():
        if not model.__module__.startswith("sigap."):
            continue
        label = model._meta.label_lower
        if label in NOT_AUDITED or auditlog.contains(model):
            continue
        auditlog.register(
            model,
            exclude_fields=[*EXCLUDED_FIELDS.get(label, []), *reverse_relations(model)],
            mask_fields=MASKED_FIELDS.get(label, []),
            mask_callable=MASK_CALLABLE,
        )


def audited_models() -> list[type]:
    return [m for m in apps.get_models() if auditlog.contains(m)]
