"""The audit write API: the only module that creates audit-trail entries by hand.

Field diffs of ordinary saves are written by django-auditlog (``registry.py``). Around
them a domain function says, through this module:

* **who acts** for a block of work — ``acting(user)``. A request names the signed-in
  user through auditlog's middleware; a task or command names the user who started it
  the same way, so every entry of that work carries the same actor;
* **what happened**, by name — ``record("promosi", employee, details={...})``: a typed
  event beside the field diff, searchable by its name;
* **who looked** — ``record_access("ekspor data", agency, details={...})`` for exports
  and personal-data downloads (UU 27/2022 treats reading as processing too);
* **what an import wrote** — ``BulkTrail``: one entry per row written in bulk, shaped
  like auditlog's own, flushed in one insert.

Entries carry ``additional_data = {"channel", "agency_id", "path"?, "event"?, ...}``.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from auditlog.context import auditlog_value, set_extra_data
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Model
from django.utils import timezone
from django.utils.encoding import smart_str
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from sigap.audit.context import additional_data, channel, via

# Named domain events (name -> label shown to inspectors). Names are Indonesian, as the
# inspectors search them; apps add theirs with ``register_events``.
EVENTS: dict[str, str] = {}


def register_events(events: Mapping[str, str]) -> None:
    """Add named events. A label is shown in the reader's language (issue 8, item 12):
    a plain one is looked up in the catalogues when shown; its English entry lives in
    ``sigap/audit/locale`` and ``test_events`` fails for a label without one."""
    EVENTS.update(
        {
            name: label if isinstance(label, Promise) else gettext_lazy(label)
            for name, label in events.items()
        }
    )


register_events(
    {
        "ekspor data": "Ekspor data",
        "unduh data pribadi": "Unduh data pribadi",
        "impor roster": "Impor data ASN",
    }
)


def _check(event: str) -> None:
    if event not in EVENTS:
        raise KeyError(f"Unknown audit event {event!r}: register it with register_events")


@contextlib.contextmanager
def acting(user: Any, *, channel_name: str | None = None, path: str = "") -> Iterator[None]:
    """Name ``user`` as the actor of every audit entry written inside the block.

    Keeps the request's address when there is one. auditlog's own ``set_actor`` never
    resets its context variable, so a stale actor would linger into the next piece of
    work in the same worker thread; this restores the previous value on exit.
    """
    with contextlib.ExitStack() as stack:
        if channel_name is not None:
            stack.enter_context(via(channel_name, path))
        if user is None or not getattr(user, "is_authenticated", False):
            yield
            return
        previous = auditlog_value.get(None) or {}
        data = {k: v for k, v in previous.items() if k != "signal_duid"}
        data["actor"] = user
        token = auditlog_value.set({})
        try:
            with set_extra_data(data):
                yield
        finally:
            auditlog_value.reset(token)


def current_actor() -> Any:
    value = auditlog_value.get(None) or {}
    return value.get("actor")


def _agency_id_of(target: Model) -> int | None:
    if hasattr(target, "agency_id"):
        return target.agency_id
    if target._meta.label_lower == "tenancy.agency":
        return target.pk
    return None


def _extra(target: Model, event: str, agency_id: int | None, details: Mapping | None) -> dict:
    data = additional_data(agency_id if agency_id is not None else _agency_id_of(target))
    data["event"] = event
    if details:
        data["details"] = json.loads(json.dumps(dict(details), default=str))
    return data


def _plain(value: Any) -> Any:
    """Values as the trail keeps them: JSON-native ones as they are (a list of
    recommended pairs stays a list), anything else as its text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return smart_str(value)


def record(
    event: str,
    target: Model,
    *,
    details: Mapping[str, Any] | None = None,
    agency_id: int | None = None,
    changes: Mapping[str, tuple[Any, Any]] | None = None,
) -> LogEntry:
    """A named domain event about ``target`` ("promosi", "serah terima jabatan", ...)."""
    _check(event)
    return LogEntry.objects.log_create(
        target,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={k: [_plain(a), _plain(b)] for k, (a, b) in (changes or {}).items()},
        additional_data=_extra(target, event, agency_id, details),
    )


def record_access(
    event: str,
    target: Model,
    *,
    details: Mapping[str, Any] | None = None,
    agency_id: int | None = None,
) -> LogEntry:
    """Somebody read or took data out (an export, a personal-data download)."""
    _check(event)
    return LogEntry.objects.log_create(
        target,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        changes={"event": ["", event]},
        additional_data=_extra(target, event, agency_id, details),
    )


def entries_by(user: Any, limit: int = 500) -> list[LogEntry]:
    """What the trail holds about one person's own actions (their data-access request)."""
    return list(LogEntry.objects.filter(actor=user).order_by("timestamp")[:limit])


class BulkTrail:
    """Audit entries for rows written in bulk, shaped like django-auditlog's own: one
    entry per object, action create/update, ``changes`` as {field: [old, new]} strings,
    the person who started the work as actor, one ``cid`` shared by the whole batch and
    ``additional_data = {"agency_id", "channel", "event", **extra}``.

    Written with the bulk writer's plain-tuple insert: building a LogEntry per row
    dominated a 60,000-row import.
    """

    COLUMNS = (
        "content_type_id",
        "object_pk",
        "object_id",
        "object_repr",
        "action",
        "changes",
        "changes_text",
        "actor_id",
        "actor_email",
        "additional_data",
        "cid",
        "timestamp",
    )

    def __init__(
        self,
        *,
        agency_id: int,
        event: str,
        cid: str,
        models: Iterable[type[Model]],
        actor: Any = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        _check(event)
        actor = actor if actor is not None else current_actor()
        self.actor_id = getattr(actor, "pk", None)
        self.actor_email = getattr(actor, "email", None) or None
        self.cid = cid
        data = {"agency_id": agency_id, "channel": channel.get(), "event": event, **(extra or {})}
        # Read before the caller's transaction: on SQLite the import's transaction must
        # start with a write.
        self.content_type_ids = {m: ContentType.objects.get_for_model(m).pk for m in models}
        self.names = {m: {f.attname: f.name for f in m._meta.concrete_fields} for m in models}
        self.rows: list[tuple[Any, ...]] = []
        # The same for every entry: adapted for the database once, not per row.
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.extra_db = connection.ops.adapt_json_value(data, None)

    def _add(self, model: type[Model], pk: int, text: str, action: int, changes: dict) -> None:
        self.rows.append(
            (
                self.content_type_ids[model],
                str(pk),
                pk,
                text,
                action,
                changes,
                "",
                self.actor_id,
                self.actor_email,
                self.extra_db,
                self.cid,
                self.now,
            )
        )

    def created(
        self,
        model: type[Model],
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        ids: Sequence[int],
        reprs: Iterable[str],
    ) -> None:
        names = [self.names[model][c] for c in columns]
        add, create = self._add, LogEntry.Action.CREATE
        for row, pk, text in zip(rows, ids, reprs, strict=True):
            changes = {"id": ["None", str(pk)]}
            for name, value in zip(names, row, strict=True):
                if value is not None:
                    changes[name] = ["None", str(value)]
            add(model, pk, text, create, changes)

    def updated(
        self, model: type[Model], pk: int, text: str, changes: Mapping[str, tuple[Any, Any]]
    ) -> None:
        self._add(
            model,
            pk,
            text,
            LogEntry.Action.UPDATE,
            {name: [smart_str(old), smart_str(new)] for name, (old, new) in changes.items()},
        )

    def flush(self, insert: Any) -> int:
        """Write the collected entries with ``insert`` (the bulk writer's
        ``SqlInsert``-shaped callable) and start afresh."""
        count = len(self.rows)
        if count:
            insert(
                LogEntry,
                self.COLUMNS,
                self.rows,
                returning=False,
                adapted=("additional_data", "timestamp"),
            )
        self.rows = []
        return count
