"""One fact, one record: a move recorded by the roster import, by accepting a placement
recommendation or by the registry's domain function gives the same history rows, and
its kind follows the one rule in ``moves.py``."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import TestCase

from sigap.tenancy.context import activate
from sigap.workforce.models import Assignment, Employee, JabatanType, RosterImport
from sigap.workforce.moves import kind_of_move, move_kind
from sigap.workforce.placement import engine as placement
from sigap.workforce.registry import records
from sigap.workforce.roster.importer import start_import, upload_roster
from sigap.workforce.roster.rules import COLUMNS
from sigap.workforce.tests import factories as f

BIRTH, CPNS = dt.date(1985, 3, 12), dt.date(2010, 1, 1)
SK = "821.2/321/BKPSDM/2026"
SK_DATE, STARTS = dt.date(2026, 1, 20), dt.date(2026, 2, 1)


@pytest.fixture(autouse=True)
def _tasks_inline(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def posts(agency, opd):
    bidang = f.unit(agency, "DUK.B1", "Bidang Pelayanan", parent=opd)
    bkd = f.unit(agency, "BKD", "Badan Kepegawaian Daerah")
    return {
        "bidang": bidang,
        "bkd": bkd,
        "clerk": f.position(agency, bidang, "ADM", "Pengadministrasi", JabatanType.PELAKSANA),
        "same_opd": f.position(agency, bidang, "ANL", "Analis Kependudukan", formasi=5),
        "other_opd": f.position(agency, bkd, "ANL-BKD", "Analis SDM Aparatur", formasi=5),
        "head": f.position(
            agency, bkd, "KASUBBAG", "Kepala Subbagian", JabatanType.PENGAWAS, formasi=5
        ),
    }


def _person(agency, posts, seq: int) -> Employee:
    return f.asn(
        agency,
        f"Pegawai {seq}",
        birth=BIRTH,
        start=CPNS,
        seq=seq,
        education=None,
        post=posts["clerk"],
        since=dt.date(2015, 1, 1),
        sk_number="SK/awal",
    )


def _history(employee: Employee) -> list[tuple]:
    with activate(employee.agency):
        return [
            (
                a.kind,
                a.position_id,
                a.position.unit_id,
                a.is_primary,
                a.starts_on,
                a.ends_on,
                a.sk_number,
                a.sk_date,
            )
            for a in Assignment.objects.filter(employee=employee)
            .select_related("position")
            .order_by("starts_on")
        ]


def _by_import(agency, hr, employee: Employee, target) -> None:
    row = {
        "nip": employee.nip,
        "nama": employee.full_name,
        "jenis_kelamin": employee.gender,
        "tanggal_lahir": f"{employee.birth_date:%d-%m-%Y}",
        "jenis_asn": "PNS",
        "tmt_cpns": f"{employee.service_start:%d-%m-%Y}",
        "golongan": "III/c",
        "tmt_golongan": f"{CPNS:%d-%m-%Y}",
        "kode_unit": target.unit.code,
        "kode_jabatan": target.code,
        "tmt_jabatan": f"{STARTS:%d-%m-%Y}",
        "nomor_sk_jabatan": SK,
        "tanggal_sk_jabatan": f"{SK_DATE:%d-%m-%Y}",
    }
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.header for c in COLUMNS])
    writer.writerow([row.get(c.key, "") for c in COLUMNS])
    ri, _ = upload_roster(agency, file_name="mutasi.csv", content=out.getvalue().encode(), by=hr)
    assert ri.status == RosterImport.Status.VALIDATED, ri.problems
    with TestCase.captureOnCommitCallbacks(execute=True):
        start_import(ri, by=hr)
    ri.refresh_from_db()
    assert ri.status == RosterImport.Status.DONE, ri.problems


def _by_placement(agency, hr, employee: Employee, target) -> None:
    run = placement.run_placement(
        agency, positions=[target], candidates=[employee], by=hr, on=dt.date(2026, 1, 5)
    )
    with activate(agency):
        rec = run.recommendations.get()
    placement.accept_recommendation(rec, sk_number=SK, sk_date=SK_DATE, starts_on=STARTS, by=hr)


def _by_domain_function(agency, hr, employee: Employee, target) -> None:
    records.move_employee(
        employee, position=target, sk_number=SK, sk_date=SK_DATE, starts_on=STARTS
    )


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("same_opd", Assignment.Kind.ROTATION),
        ("other_opd", Assignment.Kind.MUTATION),
        ("head", Assignment.Kind.PROMOTION),
    ],
)
def test_the_same_move_gets_the_same_history_whatever_the_channel(agency, posts, hr, target, kind):
    channels = [_by_import, _by_placement, _by_domain_function]
    people = [_person(agency, posts, seq) for seq in range(1, len(channels) + 1)]
    for channel, person in zip(channels, people, strict=True):
        channel(agency, hr, person, posts[target])
    histories = [_history(p) for p in people]
    assert histories[0] == histories[1] == histories[2]
    (first, moved) = histories[0]
    assert first[0] == Assignment.Kind.APPOINTMENT and first[5] == STARTS - dt.timedelta(days=1)
    assert moved[:2] == (kind, posts[target].pk) and moved[5] is None
    assert moved[6:] == (SK, SK_DATE)


def test_the_rule_on_positions_and_on_plain_values_agree(agency, posts):
    with activate(agency):
        clerk = posts["clerk"]
        for name in ("same_opd", "other_opd", "head"):
            post = posts[name]
            assert kind_of_move(clerk, post) == move_kind(
                clerk.jabatan_type, clerk.unit.path, post.jabatan_type, post.unit.path
            )
        assert kind_of_move(None, clerk) == Assignment.Kind.APPOINTMENT
        # Fungsional and pelaksana are both non-managerial: either way is no promotion.
        assert kind_of_move(posts["same_opd"], clerk) == Assignment.Kind.ROTATION
        assert kind_of_move(posts["head"], posts["other_opd"]) == Assignment.Kind.ROTATION


def test_a_departed_asn_cannot_be_moved(agency, posts):
    person = _person(agency, posts, 1)
    records.end_employment(person, status=Employee.Status.RESIGNED, on=dt.date(2026, 1, 31))
    with pytest.raises(records.ValidationError):
        _by_domain_function(agency, None, person, posts["same_opd"])
