"""The inbox pages and API: each user sees and changes only their own notifications."""

from __future__ import annotations

import datetime as dt

from auditlog.models import LogEntry
from django.urls import reverse

from sigap.notifications import notify
from sigap.notifications.inbox import unread_count
from sigap.notifications.models import Notification

JOINED = {"joined_on": dt.date(2026, 8, 17)}
INBOX = "/akun/notifikasi/"


def _notify(user, **kwargs) -> Notification:
    return notify(user, "welcome", JOINED, **kwargs)


def test_the_inbox_lists_the_users_own_notifications_only(citizen, other_citizen, login):
    _notify(citizen)
    _notify(other_citizen)
    page = login(citizen).get(INBOX).content.decode()
    assert "Selamat datang di Sigap, Siti Rahmawati" in page
    assert "Budi Santoso" not in page


def test_another_users_notification_is_not_found(citizen, other_citizen, login):
    theirs = _notify(other_citizen)
    client = login(citizen)
    for name in ("notifications:read", "notifications:unread"):
        assert client.post(reverse(name, args=[theirs.pk])).status_code == 404
    api = client.post(f"/api/v1/notifications/{theirs.pk}/read")
    assert api.status_code == 404 and api.json()["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_staff_have_an_inbox_too(officer, login):
    _notify(officer)
    response = login(officer).get(INBOX)
    assert response.status_code == 200
    assert "Selamat datang di Sigap" in response.content.decode()


def test_marking_read_with_htmx_redraws_the_item_and_the_badge(citizen, login):
    n = _notify(citizen)
    _notify(citizen)
    response = login(citizen).post(
        reverse("notifications:read", args=[n.pk]), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="notifikasi-{n.pk}"' in body and "Tandai belum dibaca" in body
    assert "autofocus" in body  # keyboard focus stays on the item's button
    assert 'id="inbox-unread" hx-swap-oob="true"' in body and ">1<" in body
    n.refresh_from_db()
    assert n.read_at is not None


def test_marking_read_without_javascript_returns_to_the_inbox(citizen, login):
    n = _notify(citizen)
    response = login(citizen).post(reverse("notifications:read", args=[n.pk]))
    assert response.status_code == 302 and response["Location"] == INBOX
    assert unread_count(citizen) == 0


def test_opening_a_notification_marks_it_read_and_follows_its_link(citizen, login):
    n = _notify(citizen, url="/akun/notifikasi/saluran/")
    response = login(citizen).post(reverse("notifications:read", args=[n.pk]), {"buka": "1"})
    assert response.status_code == 302 and response["Location"] == "/akun/notifikasi/saluran/"
    assert unread_count(citizen) == 0


def test_mark_unread(citizen, login):
    n = _notify(citizen)
    client = login(citizen)
    client.post(reverse("notifications:read", args=[n.pk]))
    client.post(reverse("notifications:unread", args=[n.pk]))
    assert unread_count(citizen) == 1


def test_mark_all_read_marks_only_the_users_own(citizen, other_citizen, login):
    _notify(citizen)
    _notify(citizen)
    theirs = _notify(other_citizen)
    response = login(citizen).post(reverse("notifications:read_all"), follow=True)
    assert "2 notifikasi ditandai sudah dibaca." in response.content.decode()
    assert unread_count(citizen) == 0
    assert unread_count(other_citizen) == 1
    # Each read is in the trail like any other change.
    assert (
        LogEntry.objects.filter(
            content_type__model="notification", changes__icontains="read_at"
        ).count()
        >= 2
    )
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_unread_filter(citizen, login):
    read = _notify(citizen)
    client = login(citizen)
    client.post(reverse("notifications:read", args=[read.pk]))
    _notify(citizen)
    page = client.get(INBOX + "?tampil=belum-dibaca").content.decode()
    assert page.count('class="list-group-item') == 1


def test_the_inbox_pages_with_a_cursor(citizen, login):
    for _ in range(35):
        _notify(citizen)
    client = login(citizen)
    first = client.get(INBOX)
    assert first.content.decode().count('class="list-group-item') == 30
    cursor = first.context["page"].next_cursor
    second = client.get(INBOX, {"kursor": cursor})
    assert second.content.decode().count('class="list-group-item') == 5
    assert client.get(INBOX, {"kursor": "rusak!"}).status_code == 200


def test_the_header_shows_the_unread_count(citizen, login):
    _notify(citizen)
    _notify(citizen)
    page = login(citizen).get("/").content.decode()
    assert f'href="{INBOX}"' in page
    assert '<span class="badge rounded-pill text-bg-danger">2' in page


def test_the_header_offers_no_inbox_to_anonymous_visitors(db, login):
    assert INBOX not in login(None).get("/").content.decode()


def test_the_api_lists_and_marks_the_users_own(citizen, other_citizen, agency, login):
    mine = _notify(citizen, agency=agency)
    _notify(other_citizen)
    client = login(citizen)
    listed = client.get("/api/v1/notifications").json()
    assert [item["id"] for item in listed["items"]] == [mine.pk]
    assert listed["items"][0]["agency"] == "jambi"
    assert listed["items"][0]["read_at"] is None

    read = client.post(f"/api/v1/notifications/{mine.pk}/read").json()
    assert read["id"] == mine.pk and read["read_at"] is not None
    assert client.get("/api/v1/notifications?unread=true").json()["items"] == []

    _notify(citizen)
    assert client.post("/api/v1/notifications/read-all").json() == {"marked": 1}
    assert unread_count(other_citizen) == 1


def test_the_api_refuses_anonymous_callers(db, login):
    response = login(None).get("/api/v1/notifications")
    assert response.status_code == 401 and set(response.json()) == {"code", "message", "errors"}


def test_the_header_badge_rides_on_the_users_read_and_follows_each_request(citizen, login):
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def badge(page: str) -> str:
        return re.search(r'<span id="inbox-unread">(.*?)</span>', page).group(1)

    client = login(citizen)
    _notify(citizen)
    with CaptureQueriesContext(connection) as read:
        page = client.get("/").content.decode()
    assert 'text-bg-danger">1<' in badge(page)
    # Counted inside the signed-in user's own read, not by a statement of its own.
    counts = [q["sql"] for q in read.captured_queries if "notifications_notification" in q["sql"]]
    assert len(counts) == 1 and "accounts_user" in counts[0]
    # A notification written since shows on the next page.
    _notify(citizen)
    assert 'text-bg-danger">2<' in badge(client.get("/").content.decode())
