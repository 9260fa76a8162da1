"""Asking the task worker to retrain an agency's classifier (after commit)."""

from __future__ import annotations

from typing import Any

from sigap.audit.events import acting, record, register_events
from sigap.platform.effects import enqueue_after_commit
from sigap.tenancy.models import Agency

register_events({"pelatihan ulang diminta": "Pelatihan ulang klasifikasi pengaduan diminta"})


def request_retraining(agency: Agency, *, by: Any) -> None:
    from sigap.complaints.tasks import retrain

    with acting(by):
        record("pelatihan ulang diminta", agency, agency_id=agency.pk)
    enqueue_after_commit(retrain, agency_id=agency.pk)
