# No "from __future__ import annotations": django-ninja reads real annotations at import.

import datetime as dt
from typing import Any

from auditlog.models import LogEntry
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from sigap.platform.api import KeysetPagination, staff
from sigap.trail.trail import TrailFilter, trail_for

router = Router(tags=["audit"])


class EntryOut(Schema):
    id: int
    timestamp: dt.datetime
    action: int
    model: str
    object_pk: str
    object_repr: str
    actor: str | None
    remote_addr: str | None
    channel: str | None
    event: str | None
    changes: Any

    @staticmethod
    def resolve_model(obj: LogEntry) -> str:
        ct = obj.content_type
        return f"{ct.app_label}.{ct.model}"

    @staticmethod
    def resolve_actor(obj: LogEntry) -> str | None:
        return obj.actor.username if obj.actor_id else None

    @staticmethod
    def resolve_channel(obj: LogEntry) -> str | None:
        return (obj.additional_data or {}).get("channel")

    @staticmethod
    def resolve_event(obj: LogEntry) -> str | None:
        return (obj.additional_data or {}).get("event")

    @staticmethod
    def resolve_changes(obj: LogEntry) -> Any:
        return obj.changes_dict


@router.get(
    "/audit",
    response=list[EntryOut],
    summary="Cari jejak audit pemda aktif",
    auth=staff("audit.view_agency_trail"),
)
@paginate(KeysetPagination, key="timestamp", descending=True)
def search_trail(
    request: HttpRequest,
    text: str = "",
    model: str = "",
    action: int | None = None,
    actor: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    event: str = "",
    channel: str = "",
):
    return trail_for(
        request.agency,
        TrailFilter(
            text=text,
            model=model,
            action=action,
            actor=actor,
            date_from=date_from,
            date_to=date_to,
            event=event,
            channel=channel,
        ),
    )
