"""Counter work: call next, recall, skip (no-show), transfer, start, finish.

Every change of a ticket's state goes through ``TICKET_FLOW`` (stamping called_at,
started_at, finished_at); the officer and counter are recorded on the ticket. A
finished ticket writes its ``services`` service event (channel QUEUE) in the same
transaction, so waiting and service time per officer, counter and service come
straight from the data.

Two counters pressing "call next" at once: candidates are read with
``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL (each takes a different ticket
without waiting) and every move re-checks the state under the row lock
(``try_transition``), so a ticket is never called to two counters.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.audit.events import acting, record, register_events
from sigap.notifications import notify
from sigap.platform.transitions import transition, try_transition
from sigap.queues.models import Counter, PointService, Ticket
from sigap.queues.points import bump_display, services_at_counter
from sigap.services.events import record_service_event
from sigap.services.models import Application, ServiceEvent
from sigap.tenancy.context import acting_for

T = Ticket.Status
register_events({"tiket dipanggil ulang": "Tiket dipanggil ulang"})
LINE_ORDER = ("-priority", "queued_at", "pk")


def current_ticket(counter: Counter) -> Ticket | None:
    return (
        Ticket.all_objects.filter(counter_id=counter.pk, status__in=(T.CALLED, T.SERVING))
        .select_related("offer__service")
        .order_by("-called_at")
        .first()
    )


def last_finished(counter: Counter) -> Ticket | None:
    """The ticket this counter finished last today: its slip carries the QR code with
    which a walk-in rates the service (``queues:ticket``). Read through the point's
    day index (``queue_ticket_calls``), not the counter's whole history."""
    return (
        Ticket.all_objects.filter(
            point_id=counter.point_id,
            day=counter.point.agency.today(),
            status=T.DONE,
            counter_id=counter.pk,
        )
        .order_by("-called_at")
        .first()
    )


def line_for(counter: Counter) -> Any:
    """The waiting tickets this counter may call, in calling order."""
    return (
        Ticket.all_objects.filter(point_id=counter.point_id, status=T.WAITING)
        .filter(services_at_counter(counter))
        .filter(Q(counter__isnull=True) | Q(counter_id=counter.pk))
        .order_by(*LINE_ORDER)
    )


def _check_counter(counter: Counter, by: Any) -> None:
    if not counter.is_open:
        raise ValidationError(_("Loket ini sedang tutup."))


@transaction.atomic
def call_next(counter: Counter, *, by: Any, now: dt.datetime | None = None) -> Ticket | None:
    """Call the next ticket to ``counter``; None when nobody is waiting."""
    with acting_for(counter.agency), acting(by):
        _check_counter(counter, by)
        busy = current_ticket(counter)
        if busy is not None:
            raise ValidationError(
                _("Selesaikan atau lewati tiket %(number)s terlebih dahulu.")
                % {"number": busy.number}
            )
        for _attempt in range(20):
            line = line_for(counter)
            if connection.features.has_select_for_update_skip_locked:
                line = line.select_for_update(skip_locked=True, of=("self",))
            ticket = line.first()
            if ticket is None:
                return None
            fields: dict[str, Any] = {"counter": counter, "officer": by}
            if now is not None:
                fields["called_at"] = now
            if try_transition(ticket, T.CALLED, details={"counter": counter.name}, **fields):
                bump_display(counter.point_id)
                _tell_next_in_line(ticket)
                return ticket
        raise ValidationError(_("Antrean sedang sibuk; coba lagi."))


def _tell_next_in_line(called: Ticket) -> None:
    """Message the citizen who is now ``call_ahead``-th in line for the service."""
    point = called.point
    ahead = point.call_ahead
    waiting = list(
        Ticket.all_objects.filter(point_id=point.pk, offer_id=called.offer_id, status=T.WAITING)
        .order_by(*LINE_ORDER)
        .values_list("pk", "citizen_id", "notified_ahead")[:ahead]
    )
    if len(waiting) < ahead:
        return
    pk, citizen_id, notified = waiting[ahead - 1]
    if citizen_id is None or notified:
        return
    ticket = Ticket.all_objects.select_related("citizen", "offer__service").get(pk=pk)
    Ticket.all_objects.filter(pk=pk).update(notified_ahead=True)
    notify(
        ticket.citizen,
        "queues/near",
        {"ticket": ticket, "position": ahead, "service": ticket.offer.service, "point": point},
        agency=point.agency,
        url=f"/p/{point.agency.slug}/antrean/tiket/{ticket.token}/",
    )


def _own(ticket: Ticket, counter: Counter | None = None) -> Ticket:
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if counter is not None and locked.counter_id not in (None, counter.pk):
        raise ValidationError(_("Tiket ini ditangani loket lain."))
    return locked


@transaction.atomic
def recall(ticket: Ticket, *, by: Any) -> Ticket:
    """Call the same number again (the citizen did not come up yet)."""
    with acting_for(ticket.agency), acting(by):
        locked = _own(ticket)
        if locked.status != T.CALLED:
            raise ValidationError(_("Hanya tiket yang sedang dipanggil dapat dipanggil ulang."))
        before = locked.recalls
        Ticket.objects.filter(pk=locked.pk).update(recalls=before + 1)
        locked.recalls = before + 1
        record("tiket dipanggil ulang", locked, changes={"recalls": (before, before + 1)})
        bump_display(locked.point_id)
        return locked


@transaction.atomic
def skip(ticket: Ticket, *, by: Any) -> Ticket:
    """The citizen did not come when called: a no-show."""
    with acting_for(ticket.agency), acting(by):
        locked = _own(ticket)
        transition(locked, T.NO_SHOW)
        bump_display(locked.point_id)
        return locked


@transaction.atomic
def start(ticket: Ticket, *, by: Any, now: dt.datetime | None = None) -> Ticket:
    with acting_for(ticket.agency), acting(by):
        locked = _own(ticket)
        fields = {"officer": by} if by is not None else {}
        if now is not None:
            fields["started_at"] = now
        transition(locked, T.SERVING, **fields)
        bump_display(locked.point_id)
        return locked


@transaction.atomic
def transfer(
    ticket: Ticket,
    *,
    by: Any,
    to_offer: PointService | None = None,
    to_counter: Counter | None = None,
) -> Ticket:
    """Back in line for another service and/or reserved for another counter, keeping
    its place (queued_at) and its number."""
    with acting_for(ticket.agency), acting(by):
        locked = _own(ticket)
        if to_offer is None and to_counter is None:
            raise ValidationError({"to_offer": _("Pilih layanan atau loket tujuan.")})
        if to_offer is not None and to_offer.point_id != locked.point_id:
            raise ValidationError({"to_offer": _("Layanan tujuan ada di kantor lain.")})
        if to_counter is not None and to_counter.point_id != locked.point_id:
            raise ValidationError({"to_counter": _("Loket tujuan ada di kantor lain.")})
        transition(
            locked,
            T.WAITING,
            details={
                "to_offer": to_offer.pk if to_offer else None,
                "to_counter": to_counter.pk if to_counter else None,
            },
            offer=to_offer or locked.offer,
            counter=to_counter,
            transfers=locked.transfers + 1,
            started_at=None,
        )
        bump_display(locked.point_id)
        return locked


@transaction.atomic
def finish(
    ticket: Ticket,
    *,
    by: Any,
    outcome: str = ServiceEvent.Outcome.DONE,
    application: Application | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Ticket:
    """Service done: the ticket is closed and its service event recorded."""
    if outcome not in ServiceEvent.Outcome.values:
        raise ValidationError({"outcome": _("Hasil layanan tidak dikenal.")})
    with acting_for(ticket.agency), acting(by):
        locked = _own(ticket)
        if application is not None and application.agency_id != locked.agency_id:
            raise ValidationError({"application": _("Permohonan milik pemda lain.")})
        finished_at = now or timezone.now()
        if locked.status == T.SERVING:
            offer = locked.offer
            event = record_service_event(
                agency=locked.agency,
                service=offer.service,
                unit=offer.service.unit,
                officer_user=locked.officer or by,
                channel=ServiceEvent.Channel.QUEUE,
                outcome=outcome,
                requested_at=locked.arrived_at,
                started_at=locked.started_at,
                finished_at=finished_at,
                citizen=locked.citizen,
                application=application,
                note=note or locked.number,
                recorded_by=by,
            )
            transition(
                locked,
                T.DONE,
                finished_at=finished_at,
                service_event=event,
                application=application,
            )
        else:
            transition(locked, T.DONE)  # refused with the table's message
        bump_display(locked.point_id)
        return locked
