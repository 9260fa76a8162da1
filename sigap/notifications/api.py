# No "from __future__ import annotations": django-ninja reads real annotations at import.
"""The signed-in user's own notifications: list, mark one read, mark all read."""

import datetime as dt

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from sigap.notifications import inbox
from sigap.notifications.models import Notification
from sigap.platform.api import KeysetPagination, signed_in

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    agency: str | None
    template: str
    subject: str
    body: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None

    @staticmethod
    def resolve_agency(obj: Notification) -> str | None:
        return obj.agency.slug if obj.agency_id else None

    # In the reader's language (the request's), like the inbox page.
    @staticmethod
    def resolve_subject(obj: Notification) -> str:
        return obj.shown_subject

    @staticmethod
    def resolve_body(obj: Notification) -> str:
        return obj.shown_body


class ReadAllOut(Schema):
    marked: int


@router.get(
    "/notifications",
    response=list[NotificationOut],
    summary="Notifikasi saya (terbaru dahulu)",
    auth=signed_in,
)
@paginate(KeysetPagination, key="created_at", descending=True)
def list_notifications(request: HttpRequest, unread: bool = False):
    rows = inbox.inbox_for(request.user).select_related("agency")
    if unread:
        rows = rows.filter(read_at__isnull=True)
    return rows


@router.post(
    "/notifications/read-all",
    response=ReadAllOut,
    summary="Tandai semua notifikasi saya sudah dibaca",
    auth=signed_in,
)
def read_all_notifications(request: HttpRequest):
    return {"marked": inbox.mark_all_read(request.user)}


@router.post(
    "/notifications/{notification_id}/read",
    response=NotificationOut,
    summary="Tandai satu notifikasi sudah dibaca",
    auth=signed_in,
)
def read_notification(request: HttpRequest, notification_id: int):
    try:
        return inbox.mark_read(request.user, notification_id)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
