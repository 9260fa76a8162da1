"""Real concurrent responses on PostgreSQL: many responses for one day's count row at
once lose no count, and two submissions for one event store one. SQLite serialises
writers, so these skip there."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from sigap.surveys import counts, responses
from sigap.surveys.models import Channel, Response
from sigap.surveys.tests import factories
from sigap.tenancy.context import activate

pytestmark = pytest.mark.django_db(transaction=True)
ANSWERS = {f"u{i}": 3 for i in range(1, 10)}


def _needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")


def _race(fns) -> list[str]:
    barrier = threading.Barrier(len(fns))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(fn) -> None:
        try:
            barrier.wait()
            fn()
            result = "ok"
        except ValidationError:
            result = "refused"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(fn,)) for fn in fns]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_concurrent_responses_lose_no_count(agency, opd):
    _needs_postgresql()
    svc = factories.service(agency, opd)
    events = [factories.event(svc) for _ in range(8)]
    outcomes = _race(
        [lambda e=e: responses.submit(e, channel=Channel.KIOSK, answers=ANSWERS) for e in events]
    )
    assert outcomes == ["ok"] * 8
    with activate(agency):
        everything = list(Response.objects.all())
        assert counts.stored() == counts.recomputed(everything)
        assert counts.stored_by_unit() == counts.recomputed_by_unit(everything)


def test_two_submissions_for_one_event_store_one(agency, opd):
    _needs_postgresql()
    event = factories.event(factories.service(agency, opd))
    outcomes = _race([lambda: responses.submit(event, channel=Channel.KIOSK, answers=ANSWERS)] * 2)
    assert sorted(outcomes) == ["ok", "refused"]
    with activate(agency):
        assert Response.objects.count() == 1
