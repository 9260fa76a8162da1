"""The yearly JP totals (``JpTotal``): kept by every writer of credits, equal to the sum
of the credits after any sequence of writes, repaired by ``rebuild_totals`` (audited),
backfilled by the migration."""

from __future__ import annotations

import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.learning import experiential, jp, mentoring
from sigap.learning.models import Form, JpCredit, JpTotal
from sigap.learning.tests import factories as f
from sigap.platform.bulk import SqlInsert
from sigap.tenancy.context import activate
from sigap.workforce.models import Assignment
from sigap.workforce.tests import factories as wf

LEARNING = Path(__file__).resolve().parents[1]


def _sums(agency) -> dict[tuple[int, int], Decimal]:
    rows = JpCredit.all_objects.filter(agency=agency).values_list("employee_id", "year")
    return {(e, y): s for e, y, s in rows.annotate(s=Sum("jp")).order_by()}


def _totals(agency) -> dict[tuple[int, int], Decimal]:
    rows = JpTotal.all_objects.filter(agency=agency).values_list("employee_id", "year", "jp")
    return {(e, y): jp_ for e, y, jp_ in rows}


@pytest.fixture
def world(agency, opd, hr):
    world = f.build(agency, opd)
    world.pairs = [
        mentoring.create_pair(
            agency,
            mentor=world.staff[0],
            mentee=mentee,
            goals="Siap menjadi pengawas",
            started_on=dt.date(2025, 1, 1),
            by=hr,
        )
        for mentee in world.staff[1:]
    ]
    with activate(agency):
        world.posts = [
            wf.position(agency, world.bidang, f"ROT-{i}", f"Analis {i}") for i in range(2)
        ]
    return world


def _bulk(agency, credits: list[tuple[int, int, Decimal]]) -> None:
    """Credits written the way the demo and imports write them: plain rows in bulk."""
    rows = [
        (agency.pk, e, day.year, day, value, "programme", Form.TEKNIS, "Pelatihan")
        for e, day, value in credits
    ]
    SqlInsert()(
        JpCredit,
        ("agency_id", "employee_id", "year", "day", "jp", "source", "form", "title"),
        rows,
        returning=False,
    )
    jp.add_to_totals(agency.pk, [(e, day.year, value) for e, day, value in credits])


days = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2026, 11, 30))
cents = st.decimals(min_value=0, max_value=40, places=2)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("mentoring"), st.integers(0, 2), days, st.integers(30, 180)),
        st.tuples(
            st.just("bulk"),
            st.lists(st.tuples(st.integers(0, 3), days, cents), min_size=1, max_size=6),
        ),
        st.tuples(st.just("rotation"), st.integers(0, 3), st.integers(0, 1)),
    ),
    max_size=8,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_totals_equal_the_sum_of_credits_after_any_writes(world, hr, ops):
    agency = world.agency
    with transaction.atomic():  # each example starts from the same world
        rotations = 0
        for op in ops:
            if op[0] == "mentoring":  # the real function, with its monthly cap (0 JP rows)
                _, who, day, minutes = op
                mentoring.log_session(world.pairs[who], held_on=day, minutes=minutes, by=hr)
            elif op[0] == "bulk":
                _bulk(agency, [(world.staff[w].pk, day, v) for w, day, v in op[1]])
            else:  # a rotation in the history, credited by the experiential run
                _, who, post = op
                rotations += 1
                day = dt.date(2025, 1, 1) + dt.timedelta(days=20 * rotations)
                with activate(agency):
                    wf.place(world.staff[who], world.posts[post], day, Assignment.Kind.ROTATION)
                experiential.credit_experience(agency, day.year, by=hr)
        assert _totals(agency) == _sums(agency)
        with activate(agency):
            for e in world.staff:
                for year in (2025, 2026):
                    assert jp.total(e.pk, year) == _sums(agency).get((e.pk, year), 0)
        transaction.set_rollback(True)


def test_rebuild_repairs_the_totals_and_is_audited(world, hr):
    agency = world.agency
    a, b, c = world.staff[:3]
    _bulk(agency, [(a.pk, dt.date(2026, 2, 1), Decimal("6.75")), (b.pk, dt.date(2025, 5, 1), 8)])
    _bulk(agency, [(a.pk, dt.date(2026, 3, 1), Decimal("2.25"))])
    assert _totals(agency) == {(a.pk, 2026): 9, (b.pk, 2025): 8}
    # Damage: a wrong sum, a lost row, a stray row.
    JpTotal.all_objects.filter(employee=a).update(jp=1)
    JpTotal.all_objects.filter(employee=b).delete()
    jp.add_to_totals(agency.pk, [(c.pk, 2026, Decimal(5))])
    assert jp.rebuild_totals(agency, by=hr) == 3
    assert _totals(agency) == _sums(agency) == {(a.pk, 2026): 9, (b.pk, 2025): 8}
    entry = LogEntry.objects.get(additional_data__event="total JP dibangun ulang")
    assert entry.actor == hr and entry.additional_data["details"]["repaired"] == 3
    assert jp.rebuild_totals(agency) == 0  # nothing left to repair


def test_the_command_rebuilds_every_pemda(world, hr, capsys):
    a = world.staff[0]
    _bulk(world.agency, [(a.pk, dt.date(2026, 2, 1), Decimal(4))])
    JpTotal.all_objects.all().delete()
    call_command("rebuild_jp_totals", by=hr.username)
    assert f"{world.agency.slug}: 1 total JP diperbaiki" in capsys.readouterr().out
    assert _totals(world.agency) == {(a.pk, 2026): 4}
    entry = LogEntry.objects.get(additional_data__event="total JP dibangun ulang")
    assert entry.actor == hr and entry.additional_data["channel"] == "command"


def test_the_migration_backfills_from_the_credits(world):
    a, b = world.staff[:2]
    _bulk(world.agency, [(a.pk, dt.date(2026, 2, 1), Decimal("1.10"))] * 3)
    _bulk(world.agency, [(b.pk, dt.date(2025, 2, 1), Decimal(0))])
    JpTotal.all_objects.all().delete()
    from importlib import import_module

    backfill = import_module("sigap.learning.migrations.0003_jp_totals").BACKFILL
    with connection.cursor() as cursor:
        cursor.execute(backfill)
    assert _totals(world.agency) == {(a.pk, 2026): Decimal("3.30"), (b.pk, 2025): 0}


def test_every_writer_of_credits_keeps_the_totals():
    """A module that inserts ``JpCredit`` rows (create or bulk) also calls
    ``add_to_totals`` in the same function: a new writer cannot forget the totals."""
    writers = []
    for path in [*LEARNING.glob("*.py"), LEARNING.parents[1] / "bench" / "jp_ledger.py"]:
        tree = ast.parse(path.read_text())
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef):
                continue
            source = ast.unparse(fn)
            writes = "JpCredit.objects.create(" in source or any(
                isinstance(n, ast.Call)
                and any(isinstance(a, ast.Name) and a.id == "JpCredit" for a in n.args[:1])
                for n in ast.walk(fn)
            )
            if writes:
                writers.append(f"{path.name}:{fn.name}")
                assert "add_to_totals(" in source, f"{path.name}:{fn.name} skips the totals"
    assert len(writers) >= 5  # completion, mentoring, experiential, demo, bench
