"""The signed-in user's inbox and channel choice. Pages for everyone with an account:
each sees and changes only their own notifications (another's is "not found")."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.notifications import inbox as inbox_api
from sigap.notifications.forms import ChannelPreferencesForm
from sigap.notifications.models import Notification
from sigap.notifications.preferences import channel_states, set_channels
from sigap.platform.access import login_only
from sigap.platform.forms import apply_validation_error
from sigap.platform.pagination import BadCursor, keyset_page

PAGE_SIZE = 30


def _base_template(request: HttpRequest) -> str:
    return "shell/base.html" if request.user.is_citizen else "shell/staff_base.html"


@login_only
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("tampil") == "belum-dibaca"
    rows = inbox_api.inbox_for(request.user).select_related("agency")
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    try:
        page = keyset_page(rows, key="created_at", cursor=request.GET.get("kursor"), size=PAGE_SIZE)
    except BadCursor:
        page = keyset_page(rows, key="created_at", cursor=None, size=PAGE_SIZE)
    return render(
        request,
        "notifications/inbox.html",
        {
            "base_template": _base_template(request),
            "page": page,
            "unread_only": unread_only,
            "unread": inbox_api.unread_count(request.user),
        },
    )


def _item_response(request: HttpRequest, notification: Notification) -> HttpResponse:
    """htmx: the item redrawn, focus on its toggled button, and the header badge."""
    return render(
        request,
        "notifications/_item_swap.html",
        {"n": notification, "unread": inbox_api.unread_count(request.user), "focus": True},
    )


@login_only
@require_POST
def read(request: HttpRequest, notification_id: int) -> HttpResponse:
    try:
        notification = inbox_api.mark_read(request.user, notification_id)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
    if request.POST.get("buka") and notification.url:
        # Stored links are Sigap paths (checked by notify); checked again here because
        # this is a redirect a message in someone's mailbox can lead to.
        if url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
            return redirect(notification.url)
    if request.htmx:
        return _item_response(request, notification)
    return redirect("notifications:inbox")


@login_only
@require_POST
def unread(request: HttpRequest, notification_id: int) -> HttpResponse:
    try:
        notification = inbox_api.mark_unread(request.user, notification_id)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
    if request.htmx:
        return _item_response(request, notification)
    return redirect("notifications:inbox")


@login_only
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = inbox_api.mark_all_read(request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d notifikasi ditandai sudah dibaca.",
                "%(count)d notifikasi ditandai sudah dibaca.",
                count,
            )
            % {"count": count},
        )
    return redirect("notifications:inbox")


@login_only
@require_http_methods(["GET", "POST"])
def channels(request: HttpRequest) -> HttpResponse:
    states = channel_states(request.user)
    form = ChannelPreferencesForm(request.POST if request.method == "POST" else None, states=states)
    if request.method == "POST" and form.is_valid():
        try:
            set_channels(request.user, form.choices())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Pilihan saluran notifikasi disimpan."))
            return redirect("notifications:channels")
    return render(
        request,
        "notifications/channels.html",
        {"base_template": _base_template(request), "form": form, "states": states},
    )
