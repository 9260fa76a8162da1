"""The cached "N of M" of the "below target" lists (``learning.counts``): after any
sequence of credits, moves between units, departures, new ASN and rebuilds they equal a
recount, for the whole pemda and for unit subtrees; a new day, the PPPK setting, the
roster import's bulk writes and a writer's rolled-back reads are seen too; reading the
list writes nothing to the database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.learning import counts, jp, needs
from sigap.learning.models import Form, JpCredit, JpTotal
from sigap.learning.tests import factories as f
from sigap.platform.bulk import SqlInsert
from sigap.tenancy.context import activate
from sigap.tenancy.models import Agency
from sigap.workforce.models import Employee, RosterImport
from sigap.workforce.registry import records
from sigap.workforce.signals import registry_changed
from sigap.workforce.tests import factories as wf

YEAR = 2026


@pytest.fixture
def world(agency, opd):
    world = f.build(agency, opd, people=4)
    with activate(agency):
        world.secretariat = wf.unit(agency, "SEK", "Sekretariat", parent=opd)
        world.health = wf.unit(agency, "DINKES", "Dinas Kesehatan")
        world.posts = [
            wf.position(agency, world.bidang, "PLK-2", "Analis Kependudukan"),
            wf.position(agency, world.secretariat, "SEK-1", "Analis Keuangan"),
            wf.position(agency, world.health, "KES-1", "Analis Kesehatan"),
        ]
    return world


def _scopes(world) -> list[tuple[str, ...] | None]:
    return [
        None,
        (world.opd.path,),
        (world.bidang.path,),
        (world.secretariat.path, world.health.path),
    ]


def _recount(agency, paths) -> tuple[int, int]:
    """Below and with a target, from every placed ASN's standing (nothing stored)."""
    rows = [s for s in needs.standing(agency, YEAR, unit_paths=paths) if s.target]
    return sum(s.below for s in rows), len(rows)


def _listed(agency, paths) -> tuple[int, int]:
    _rows, below, total = needs.below_target_page(agency, YEAR, unit_paths=paths, limit=3)
    return below, total


def _assert_counts_hold(world) -> None:
    with activate(world.agency):
        for paths in _scopes(world):
            assert _listed(world.agency, paths) == _recount(world.agency, paths), paths


def _credit(agency, employee_id: int, value: Decimal, day: dt.date) -> None:
    SqlInsert()(
        JpCredit,
        ("agency_id", "employee_id", "year", "day", "jp", "source", "form", "title"),
        [(agency.pk, employee_id, day.year, day, value, "programme", Form.TEKNIS, "Pelatihan")],
        returning=False,
    )
    jp.add_to_totals(agency.pk, [(employee_id, day.year, value)])


operations = st.lists(
    st.one_of(
        st.tuples(st.just("credit"), st.integers(0, 5), st.sampled_from([4, 8, 12, 16, 20])),
        st.tuples(st.just("move"), st.integers(0, 5), st.integers(0, 2)),
        st.tuples(st.just("retire"), st.integers(0, 5)),
        st.tuples(st.just("hire"), st.integers(0, 2)),
        st.tuples(st.just("rebuild")),
    ),
    max_size=8,
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_cached_counts_equal_a_recount_after_any_writes(world, hr, ops):
    agency = world.agency
    with transaction.atomic():  # each example starts from the same world
        people = list(world.staff)
        _assert_counts_hold(world)  # cached now: what follows must keep them true
        for step, op in enumerate(ops):
            day = dt.date(YEAR, 6, 1) + dt.timedelta(days=step)
            if op[0] == "credit":
                _, who, value = op
                _credit(agency, people[who % len(people)].pk, Decimal(value), day)
            elif op[0] == "move":  # between units, through the registry's function
                _, who, post = op
                employee = people[who % len(people)]
                employee.refresh_from_db()
                if employee.status == Employee.Status.ACTIVE:
                    records.move_employee(
                        employee,
                        position=world.posts[post],
                        sk_number=f"SK/M/{step}",
                        sk_date=day,
                        starts_on=day,
                    )
            elif op[0] == "retire":
                employee = people[op[1] % len(people)]
                employee.refresh_from_db()
                if employee.status == Employee.Status.ACTIVE:
                    records.end_employment(employee, status=Employee.Status.RETIRED, on=day, by=hr)
            elif op[0] == "hire":
                with activate(agency):
                    people.append(
                        wf.asn(
                            agency,
                            f"Pegawai Baru {step}",
                            seq=100 + step,
                            post=world.posts[op[1]],
                            since=day,
                        )
                    )
            else:
                jp.rebuild_totals(agency, by=hr)
            _assert_counts_hold(world)
        transaction.set_rollback(True)


def _cached(agency) -> tuple[int, int, int] | None:
    """The cache's entry for the whole pemda today under the current stamp."""
    key = counts.cache_key(
        agency.pk, counts.version(agency.pk), YEAR, agency.today(), None, jp.pppk_target()
    )
    return caches[counts.CACHE].get(key)


def test_counts_are_kept_and_read_again_until_something_changes(world):
    agency = world.agency
    with activate(agency):
        assert _cached(agency) is None
        # Four ASN, none with JP: 4 below of 4, 4 without JP.
        assert _listed(agency, None) == (4, 4)
        assert _cached(agency) == (4, 4, 4)
        with CaptureQueriesContext(connection) as read_again:
            assert _listed(agency, None) == (4, 4)
        # Under 20 JP → 20 JP: the person leaves the list; the cached entry is not used.
        _credit(agency, world.staff[0].pk, Decimal(20), dt.date(YEAR, 3, 1))
        with CaptureQueriesContext(connection) as counted_again:
            assert _listed(agency, None) == (3, 4)
        assert _cached(agency) == (3, 4, 3)
        # The cached entry saves the counting statements (two for the whole pemda).
        assert len(counted_again) == len(read_again) + 2
        # A credit that crosses no target (0 → 1 JP) keeps the cached counts in use.
        stamp = counts.version(agency.pk)
        _credit(agency, world.staff[1].pk, Decimal(1), dt.date(YEAR, 3, 1))
        assert counts.version(agency.pk) == stamp
        assert _listed(agency, None) == _recount(agency, None) == (3, 4)
        assert _cached(agency) == (3, 4, 3)  # still "without JP" 3: not counted again


def test_reading_the_list_writes_nothing(world, hr, login):
    client = login(hr)
    for _ in range(2):  # counted (and cached), then read from the cache
        with CaptureQueriesContext(connection) as queries:
            page = client.get(f"/kerja/pembelajaran/capaian-jp/?year={YEAR}")
        assert page.status_code == 200
        writes = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}
        ]
        assert writes == []


def test_counts_read_by_a_writer_that_rolls_back_are_not_reused(world):
    agency = world.agency
    with activate(agency):
        assert _listed(agency, None) == (4, 4)
        with transaction.atomic():
            # One change (one new stamp), then the list read in the same transaction.
            _credit(agency, world.staff[0].pk, Decimal(20), dt.date(YEAR, 3, 1))
            assert _listed(agency, None) == (3, 4)
            transaction.set_rollback(True)
        assert _listed(agency, None) == (4, 4)
        # Another writer's single change: with a stamp that counted up (old + 1) it would
        # find the rolled-back transaction's entry, (3, 4), under its number.
        Employee.objects.filter(pk=world.staff[1].pk).update(status=Employee.Status.RETIRED)
        counts.changed(agency.pk)
        assert _listed(agency, None) == _recount(agency, None) == (3, 3)


def test_the_stamp_key_holds_for_any_cache_backend(world, settings):
    """Keys a memcached would take (ASCII, no spaces or control characters, < 250)."""
    key = counts.cache_key(
        2**40, 2**62, YEAR, dt.date(YEAR, 12, 31), ("/" + "x" * 500,), Decimal("20.00")
    )
    assert len(key) < 250 and key.isascii() and not any(c.isspace() for c in key)
    assert key.endswith(":20")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    agency = world.agency
    with activate(agency):  # a cache that keeps nothing: every request counts
        assert _listed(agency, None) == _recount(agency, None) == (4, 4)


def test_a_new_day_counts_afresh_and_drops_the_past_days(world, monkeypatch):
    agency = world.agency
    with activate(agency):
        today = agency.today()
        # A move dated tomorrow: today the person still counts in the bidang, tomorrow
        # in the secretariat, with nothing written in between.
        records.move_employee(
            world.staff[0],
            position=world.posts[1],
            sk_number="SK/BESOK",
            sk_date=today,
            starts_on=today + dt.timedelta(days=1),
        )
        bidang, secretariat = (world.bidang.path,), (world.secretariat.path,)
        assert _listed(agency, bidang) == _recount(agency, bidang) == (4, 4)
        assert _listed(agency, secretariat) == (0, 0)
        monkeypatch.setattr(Agency, "today", lambda self: today + dt.timedelta(days=1))
        assert _listed(agency, bidang) == _recount(agency, bidang) == (3, 3)
        assert _listed(agency, secretariat) == _recount(agency, secretariat) == (1, 1)


def test_the_pppk_setting_is_part_of_the_counts(world, settings):
    agency = world.agency
    with activate(agency):
        pppk = records.create_employee(
            agency,
            kind=Employee.Kind.PPPK,
            full_name="Pegawai PPPK",
            gender="P",
            birth_date=dt.date(1990, 1, 1),
            service_start=dt.date(2023, 1, 1),
            pppk_number="PPPK-2023-0009",
        )
        wf.place(pppk, world.posts[0], dt.date(2023, 1, 1))
        assert _listed(agency, None) == (5, 5)
        settings.SIGAP_PPPK_TARGET_JP = 0  # PPPK without a target leave the list and M
        assert _listed(agency, None) == _recount(agency, None) == (4, 4)


def test_bulk_writes_of_the_registry_make_the_counts_stale(world):
    agency = world.agency
    with activate(agency):
        before = _listed(agency, None)
        # A bulk writer (the roster import) ends an ASN's post without model signals.
        Employee.objects.filter(pk=world.staff[0].pk).update(status=Employee.Status.RETIRED)
        assert _listed(agency, None) == before  # not seen: nothing said it changed
        registry_changed.send(sender=RosterImport, agency_id=agency.pk)
        assert _listed(agency, None) == _recount(agency, None) == (before[0] - 1, before[1] - 1)


def test_the_rebuild_of_the_totals_repairs_the_counts_too(world, hr):
    agency = world.agency
    with activate(agency):
        _credit(agency, world.staff[0].pk, Decimal(20), dt.date(YEAR, 3, 1))
        assert _listed(agency, None) == (3, 4)
        # Damage the totals behind the functions' back: the cached counts follow them
        # no more than the list does, until the repair.
        JpTotal.objects.filter(employee=world.staff[0]).update(jp=Decimal(2))
        assert _listed(agency, None) == (3, 4)
        jp.rebuild_totals(agency, by=hr)
        assert _listed(agency, None) == _recount(agency, None) == (3, 4)
        JpTotal.objects.filter(employee=world.staff[0]).delete()
        call_command("rebuild_jp_totals", by=hr.username)
        assert _listed(agency, None) == _recount(agency, None) == (3, 4)
        JpCredit.objects.filter(employee=world.staff[0]).delete()  # a credit wrongly kept
        jp.rebuild_totals(agency, by=hr)
        assert _listed(agency, None) == _recount(agency, None) == (4, 4)
