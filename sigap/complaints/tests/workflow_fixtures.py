"""Complaints in a given state for the generated transition-table test."""

from __future__ import annotations

from typing import Any

from sigap.complaints.handling import new_tracking_number
from sigap.complaints.models import Complaint


def make_complaint(agency: Any, state: str) -> Complaint:
    return Complaint.objects.create(
        agency=agency,
        tracking_number=new_tracking_number(),
        mode=Complaint.Mode.ANONYMOUS,
        channel=Complaint.Channel.PORTAL,
        text="Sampah tidak diangkut sudah dua minggu.",
        status=state,
    )


FACTORIES = {Complaint: make_complaint}
