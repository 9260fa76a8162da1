"""Deliveries in a given state, for the generated transitions test
(``sigap/platform/tests/test_transitions.py``)."""

from __future__ import annotations

import itertools

from sigap.accounts.models import User
from sigap.notifications.models import Channel, Delivery, Notification
from sigap.tenancy.models import Agency

_seq = itertools.count(1)


def delivery_in(agency: Agency, state: str) -> Delivery:
    n = next(_seq)
    user = User.objects.create_user(
        f"penerima{n}@example.id", None, full_name="Penerima Uji", email=f"penerima{n}@example.id"
    )
    notification = Notification.objects.create(
        recipient=user, agency=agency, template="welcome", subject="Uji", body="Uji"
    )
    # Set-up only: the state is what the test starts from, not a move it checks.
    return Delivery.objects.create(notification=notification, channel=Channel.EMAIL, status=state)


FACTORIES = {Delivery: delivery_in}
