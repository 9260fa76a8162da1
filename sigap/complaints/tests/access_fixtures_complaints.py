"""URL arguments of the complaint pages and API for the generated access test: a
complaint of agency A routed to the world's unit (whose name is the secret), filed by
a citizen with an account, through the domain functions."""

from __future__ import annotations

from typing import Any

from sigap.accounts.models import User
from sigap.complaints import handling
from sigap.complaints.models import Complaint
from sigap.complaints.tests.factories import ROAD, with_categories
from sigap.tenancy.context import activate


def _complainant() -> Any:
    user = User.objects.filter(username="pelapor.akses@example.id").first()
    if user is None:
        user = User.objects.create_user(
            "pelapor.akses@example.id",
            "kata-sandi-uji-123",
            full_name="Pelapor Akses",
            email="pelapor.akses@example.id",
            kind=User.Kind.CITIZEN,
        )
    return user


def _complaint(world: dict[str, Any]) -> Complaint:
    agency = world["agency"]
    with activate(agency):
        existing = Complaint.objects.filter(idempotency_key="akses").first()
    if existing is not None:
        return existing
    categories = with_categories(agency, world["unit"])
    complaint = handling.file_complaint(
        agency,
        text=ROAD,
        mode="identified",
        channel="portal",
        citizen=_complainant(),
        idempotency_key="akses",
    )
    return handling.route(complaint, category=categories["jalan"], by=None)


PROVIDERS = {
    "complaint_id": lambda world: _complaint(world).pk,
    "complaint_number": lambda world: _complaint(world).tracking_number,
}
