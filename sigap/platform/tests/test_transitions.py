"""Generated: every declared workflow table, walked state by state.

For each stateful model (``platform.transitions.WORKFLOWS``) and every pair of states,
a record in the first state is moved to the second: an allowed move succeeds, stamps
its time, and records its named audit event; every other move is refused with a clear
message and changes nothing. Apps provide a record in a given state through
``sigap/<app>/tests/workflow_fixtures.py``: ``FACTORIES = {Model: make(agency, state)}``.
"""

from __future__ import annotations

import importlib
from itertools import product
from pathlib import Path

import pytest
from auditlog.models import LogEntry

from sigap.platform.transitions import WORKFLOWS, TransitionRefused, transition, try_transition
from sigap.tenancy.context import activate

ROOT = Path(__file__).resolve().parents[2]


def _factories() -> dict:
    found: dict = {}
    for path in sorted(ROOT.glob("*/tests/workflow_fixtures.py")):
        module = importlib.import_module(f"sigap.{path.parts[-3]}.tests.workflow_fixtures")
        found.update(module.FACTORIES)
    return found


def _states(flow) -> list[str]:
    return [c for c, _ in flow.model._meta.get_field(flow.field).choices]


CASES = [
    (flow, source, target)
    for flow in WORKFLOWS
    for source, target in product(_states(flow), repeat=2)
    if source != target
]


def test_every_workflow_has_a_factory():
    missing = [f.model.__name__ for f in WORKFLOWS if f.model not in _factories()]
    assert missing == [], "add FACTORIES to the app's tests/workflow_fixtures.py"


@pytest.mark.parametrize(
    "flow,source,target",
    CASES,
    ids=[f"{f.model.__name__}:{s}->{t}" for f, s, t in CASES],
)
def test_the_table_decides(flow, source, target, agency):
    make = _factories()[flow.model]
    with activate(agency):
        record = make(agency, source)
        assert getattr(record, flow.field) == source
        before = LogEntry.objects.count()
        if flow.allows(source, target):
            transition(record, target, field_name=flow.field)
            record.refresh_from_db()
            assert getattr(record, flow.field) == target
            if target in flow.stamps:
                assert getattr(record, flow.stamps[target]) is not None
            event = LogEntry.objects.order_by("-pk").first()
            assert event.additional_data["event"] == flow.transitions[(source, target)]
        else:
            with pytest.raises(TransitionRefused) as refused:
                transition(record, target, field_name=flow.field)
            assert "tidak dapat diubah" in refused.value.messages[0]
            assert try_transition(record, target, field_name=flow.field) is False
            record.refresh_from_db()
            assert getattr(record, flow.field) == source
            assert LogEntry.objects.count() == before
