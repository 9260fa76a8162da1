"""State machines as tables, and the one place that moves a record between states.

Each stateful model declares its allowed moves next to the model::

    IMPORT_FLOW = Workflow(
        RosterImport,
        transitions={("validated", "queued"): "impor roster dijadwalkan", ...},
        stamps={"done": "finished_at"},
    )

and every change of state goes through ``transition`` (or ``try_transition`` where a
lost race is a normal outcome, e.g. two workers claiming the same job). It locks the
row (``SELECT … FOR UPDATE``; SQLite serialises writers anyway), checks the table,
sets the state, its timestamp and any other fields, saves, records the named audit
event with the actor of the surrounding work, and queues side effects after commit.
The generated test walks ``WORKFLOWS``: each allowed move succeeds, every other is
refused with a clear message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from auditlog.context import disable_auditlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy

from sigap.audit.events import record, register_events
from sigap.platform.effects import after_commit

WORKFLOWS: list[Workflow] = []
REFUSED = gettext_lazy("Status tidak dapat diubah dari “%(source)s” menjadi “%(target)s”.")


class TransitionRefused(ValidationError):
    """The table does not allow this move from the record's current state."""


@dataclass(frozen=True)
class Workflow:
    model: type[Model]
    # (from, to) -> the audit event's name
    transitions: Mapping[tuple[str, str], str]
    field: str = "status"
    # target state -> a datetime field set to now when the record enters it
    stamps: Mapping[str, str] = dataclass_field(default_factory=dict)

    def __post_init__(self) -> None:
        values = {v for pair in self.transitions for v in pair}
        choices = {c for c, _ in self.model._meta.get_field(self.field).choices or []}
        unknown = values - choices if choices else set()
        if unknown:
            raise ValueError(f"{self.model.__name__}: unknown states {sorted(unknown)}")
        register_events({name: name.capitalize() for name in self.transitions.values()})
        WORKFLOWS.append(self)

    def allows(self, source: str, target: str) -> bool:
        return (source, target) in self.transitions

    def targets(self, source: str) -> list[str]:
        return [t for s, t in self.transitions if s == source]

    def label(self, state: str) -> str:
        return str(self.lazy_label(state))

    def lazy_label(self, state: str) -> Any:
        """A state's label, written in the language active when it is shown."""
        return dict(self.model._meta.get_field(self.field).choices).get(state, state)

    def refusal(self, source: str, target: str) -> TransitionRefused:
        # Lazy, with the states' lazy labels: the message is written in the reader's
        # language wherever it is shown (a page, the API), not the one active here.
        return TransitionRefused(
            REFUSED,
            code="transition_refused",
            params={"source": self.lazy_label(source), "target": self.lazy_label(target)},
        )


def _text(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(getattr(value, "pk", value))


def workflow_of(model: type[Model], field_name: str = "status") -> Workflow:
    for flow in WORKFLOWS:
        if flow.model is model and flow.field == field_name:
            return flow
    raise LookupError(f"No workflow declared for {model.__name__}.{field_name}")


def _move(
    obj: Model,
    target: str,
    *,
    flow: Workflow,
    details: Mapping[str, Any] | None,
    fields: Mapping[str, Any],
    effects: Iterable[Callable[[], Any]],
    refuse: bool,
) -> bool:
    with transaction.atomic():
        locked = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
        source = getattr(locked, flow.field)
        if not flow.allows(source, target):
            if refuse:
                raise flow.refusal(source, target)
            # Keep the caller's copy truthful about where the record really is.
            setattr(obj, flow.field, source)
            return False
        changed = {flow.field: target, **fields}
        if target in flow.stamps:
            changed.setdefault(flow.stamps[target], timezone.now())
        diff = {}
        for name, value in changed.items():
            before = getattr(locked, name)
            if before != value:
                diff[name] = (_text(before), _text(value))
            setattr(locked, name, value)
            setattr(obj, name, value)
        # One trail entry per move: the named event carrying the field diff, instead of
        # auditlog's anonymous diff beside a second entry naming the event.
        with disable_auditlog():
            locked.save(update_fields=list(changed))
        record(flow.transitions[(source, target)], locked, details=details, changes=diff)
        for effect in effects:
            after_commit(effect)
    return True


def transition(
    obj: Model,
    target: str,
    *,
    details: Mapping[str, Any] | None = None,
    effects: Iterable[Callable[[], Any]] = (),
    field_name: str = "status",
    **fields: Any,
) -> Model:
    """Move ``obj`` to ``target`` or raise ``TransitionRefused``."""
    flow = workflow_of(type(obj), field_name)
    _move(obj, target, flow=flow, details=details, fields=fields, effects=effects, refuse=True)
    return obj


def try_transition(
    obj: Model,
    target: str,
    *,
    details: Mapping[str, Any] | None = None,
    effects: Iterable[Callable[[], Any]] = (),
    field_name: str = "status",
    **fields: Any,
) -> bool:
    """Move ``obj`` to ``target`` if the table allows it from its current state; False
    (and nothing written) when another request or worker got there first."""
    flow = workflow_of(type(obj), field_name)
    return _move(
        obj, target, flow=flow, details=details, fields=fields, effects=effects, refuse=False
    )
