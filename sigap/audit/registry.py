"""Every model of a Sigap app is audited by construction.

A model opts out only by listing itself in ``NOT_AUDITED`` with a reason. Fields that
must never be copied into the trail (secrets) are excluded; NIKs are masked.
"""

from __future__ import annotations

from auditlog.registry import auditlog
from django.apps import apps

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
}
MASKED_FIELDS: dict[str, list[str]] = {
    "accounts.citizenprofile": ["nik"],
}


def register_domain_models() -> None:
    for model in apps.get_models():
        if not model.__module__.startswith("sigap."):
            continue
        label = model._meta.label_lower
        if label in NOT_AUDITED or auditlog.contains(model):
            continue
        auditlog.register(
            model,
            exclude_fields=EXCLUDED_FIELDS.get(label, []),
            mask_fields=MASKED_FIELDS.get(label, []),
        )


def audited_models() -> list[type]:
    return [m for m in apps.get_models() if auditlog.contains(m)]
