"""Where a change came from (page, admin, api, task, command), for the audit trail."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

channel: ContextVar[str] = ContextVar("sigap_audit_channel", default="system")
request_path: ContextVar[str] = ContextVar("sigap_audit_path", default="")


@contextlib.contextmanager
def via(name: str, path: str = "") -> Iterator[None]:
    t1, t2 = channel.set(name), request_path.set(path)
    try:
        yield
    finally:
        channel.reset(t1)
        request_path.reset(t2)


def additional_data(agency_id: int | None) -> dict:
    data: dict = {"channel": channel.get()}
    if agency_id is not None:
        data["agency_id"] = agency_id
    if request_path.get():
        data["path"] = request_path.get()
    return data
