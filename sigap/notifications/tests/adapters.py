"""Channel adapters for tests, named by dotted path in settings like real gateways."""

from __future__ import annotations

from typing import ClassVar

from sigap.notifications.models import Delivery


class RecordingAdapter:
    sent: ClassVar[list[int]] = []
    failures_left: ClassVar[int] = 0
    message: ClassVar[str] = "gateway timeout"

    @classmethod
    def reset(cls, *, failures: int = 0, message: str = "gateway timeout") -> None:
        cls.sent = []
        cls.failures_left = failures
        cls.message = message

    def send(self, delivery: Delivery) -> None:
        if type(self).failures_left:
            type(self).failures_left -= 1
            raise ConnectionError(type(self).message)
        type(self).sent.append(delivery.pk)
