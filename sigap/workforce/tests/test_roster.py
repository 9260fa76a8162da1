"""Importing the ASN roster: dry run, all-or-nothing import, re-import, audit, pages, API."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.db import IntegrityError
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import OrgUnit
from sigap.workforce.models import (
    Assignment,
    Education,
    Employee,
    JabatanType,
    RankHistory,
    RosterImport,
)
from sigap.workforce.registry import queries, records
from sigap.workforce.roster import importer as roster_import
from sigap.workforce.roster.importer import (
    problems_of,
    run_import,
    start_import,
    upload_roster,
)
from sigap.workforce.roster.rules import COLUMNS, template_workbook
from sigap.workforce.roster.xlsx import iter_xlsx_rows

Status = RosterImport.Status


@pytest.fixture(autouse=True)
def tasks_inline(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def units(agency, opd):
    bidang = org.create_unit(
        agency, kind=OrgUnit.Kind.BIDANG, name="Bidang Pendaftaran Penduduk", code="PDD", parent=opd
    )
    kadis = records.create_position(
        agency,
        unit=opd,
        code="DUKCAPIL-KADIS",
        title="Kepala Dinas",
        jabatan_type=JabatanType.JPT_PRATAMA,
    )
    analis = records.create_position(
        agency,
        unit=bidang,
        code="PDD-ANALIS",
        title="Analis Kependudukan",
        jabatan_type=JabatanType.FUNGSIONAL,
        formasi=5,
    )
    # In another OPD: moving there from PDD is a mutasi by the one rule (moves.py).
    setda = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Sekretariat Daerah", code="SETDA")
    pelaksana = records.create_position(
        agency,
        unit=setda,
        code="PDD-PENGADMIN",
        title="Pengadministrasi Kependudukan",
        jabatan_type=JabatanType.PELAKSANA,
        formasi=10,
    )
    return {"opd": opd, "bidang": bidang, "kadis": kadis, "analis": analis, "pelaksana": pelaksana}


def nip(birth: dt.date, tmt: dt.date, gender: str, seq: int) -> str:
    return f"{birth:%Y%m%d}{tmt:%Y%m}{1 if gender == 'L' else 2}{seq:03d}"


def person(i: int = 1, **overrides: object) -> dict[str, object]:
    """A valid PNS row; ``i`` varies the NIP sequence and the name."""
    gender = "L" if i % 2 else "P"
    birth, tmt = dt.date(1985, 3, 15), dt.date(2010, 1, 1)
    row: dict[str, object] = {
        "nip": nip(birth, tmt, gender, i),
        "nama": f"Pegawai Nomor {i}",
        "jenis_kelamin": gender,
        "tanggal_lahir": "15-03-1985",
        "jenis_asn": "PNS",
        "nomor_pppk": "",
        "tmt_cpns": "01-01-2010",
        "golongan": "III/c",
        "tmt_golongan": "01-04-2018",
        "kode_unit": "PDD",
        "kode_jabatan": "PDD-ANALIS",
        "tmt_jabatan": "02-01-2022",
        "nomor_sk_jabatan": f"821.2/{i:03d}/BKPSDM/2022",
        "tanggal_sk_jabatan": "",
        "pendidikan": "S1",
        "jurusan": "Akuntansi",
        "institusi": "Universitas Jambi",
        "tahun_lulus": "2008",
    }
    row.update(overrides)
    return row


def csv_file(rows: list[dict[str, object]], *, delimiter: str = ",", bom: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow([c.header for c in COLUMNS])
    for r in rows:
        writer.writerow([r.get(c.key, "") for c in COLUMNS])
    return (("\ufeff" if bom else "") + out.getvalue()).encode()


def xlsx_file(rows: list[dict[str, object]]) -> bytes:
    """An ordinary workbook as Excel users make them: real date cells, text NIPs."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data ASN"
    ws.append([c.header for c in COLUMNS])
    for r in rows:
        values = []
        for c in COLUMNS:
            v = r.get(c.key, "")
            if isinstance(v, str) and c.key.startswith(("tanggal", "tmt")) and v.count("-") == 2:
                d, m, y = (int(x) for x in v.split("-"))
                v = dt.date(y, m, d)
            elif c.key == "tahun_lulus" and v:
                v = int(str(v))
            values.append(v if v != "" else None)
        ws.append(values)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def shown(ri: RosterImport) -> list[dict]:
    """The report as an Indonesian reader sees it: problems are stored as codes with
    parameters and written out when shown (issue 8, item 11)."""
    with translation.override("id"):
        return problems_of(ri)


def problems_at(ri: RosterImport) -> set[tuple[int | None, str]]:
    return {(p["row"], p["column"]) for p in ri.problems if not p.get("info")}


def import_file(agency, hr, content: bytes, name: str = "asn.csv") -> RosterImport:
    ri, _ = upload_roster(agency, file_name=name, content=content, by=hr)
    assert ri.status == Status.VALIDATED, ri.problems
    # The task is enqueued once the status change commits: run it as a commit would.
    with TestCase.captureOnCommitCallbacks(execute=True):
        ri = start_import(ri, by=hr)
    ri.refresh_from_db()
    assert ri.status == Status.DONE, RosterImport.all_objects.get(pk=ri.pk).problems
    return ri


# -- the dry run ----------------------------------------------------------------------


def test_dry_run_of_a_valid_roster_writes_nothing_and_predicts_the_import(agency, units, hr):
    ri, created = upload_roster(
        agency, file_name="asn.csv", content=csv_file([person(1), person(2)]), by=hr
    )
    assert created and ri.status == Status.VALIDATED
    assert (ri.total_rows, ri.created_count, ri.updated_count) == (2, 2, 0)
    assert ri.problems == []
    assert Employee.all_objects.count() == 0


def test_import_with_bad_rows_reports_each_one_and_writes_nothing(agency, units, hr):
    rows = [
        person(1),  # row 2: fine
        person(2, nip="19850315201001200"),  # row 3: 17 digits
        person(3, tanggal_lahir="16-03-1985"),  # row 4: NIP says 15 March
        person(4, kode_unit="TIDAKADA"),  # row 5: unknown unit
        person(5, kode_jabatan="JAB-X"),  # row 6: unknown position
        person(6, kode_jabatan="DUKCAPIL-KADIS"),  # row 7: position of another unit
        person(7, tmt_jabatan="01-01-2009"),  # row 8: before TMT CPNS
        person(8, tmt_golongan="01-01-2999"),  # row 9: in the future
        person(9, golongan="V/a"),  # row 10: unknown golongan
        person(1, nama="Kembar"),  # row 11: duplicate NIP of row 2
        person(12, jenis_kelamin="L"),  # row 12: NIP digit 15 says female
        person(13, tanggal_lahir="15-03-2010", nip=""),  # row 13: under 18, no NIP
        person(15, pendidikan="S9"),  # row 14: unknown education level
    ]
    ri, _ = upload_roster(agency, file_name="asn.csv", content=csv_file(rows), by=hr)

    assert ri.status == Status.INVALID
    assert ri.total_rows == 13
    found = problems_at(ri)
    expected = {
        (3, "NIP"),
        (4, "Tanggal Lahir"),
        (5, "Kode Unit"),
        (6, "Kode Jabatan"),
        (7, "Kode Jabatan"),
        (8, "TMT Jabatan"),
        (9, "TMT Golongan"),
        (10, "Golongan"),
        (11, "NIP"),
        (12, "Jenis Kelamin"),
        (13, "Tanggal Lahir"),
        (13, "NIP"),
        (14, "Pendidikan Terakhir"),
    }
    assert expected <= found
    assert not {r for r, _ in found} & {2}, "the valid row has no problem"
    messages = {(p["row"], p["column"]): p["message"] for p in shown(ri)}
    assert messages[(3, "NIP")] == "NIP harus 18 digit; yang diisi 17 digit."
    assert "sudah ada di baris 2" in messages[(11, "NIP")]
    assert Employee.all_objects.count() == 0
    with pytest.raises(Exception, match="tidak dapat dijalankan"):
        start_import(ri, by=hr)
    assert Employee.all_objects.count() == 0


@pytest.mark.parametrize(
    ("bad_nip", "message"),
    [
        ("1985031520100110O1", "NIP hanya boleh berisi angka 0–9; karakter ke-17 bukan angka."),
        ("19851315201001 1001", "Digit 5–6 NIP (bulan lahir) bernilai 13: harus 01–12."),
        ("198503152010013001", "Digit 15 NIP (jenis kelamin) bernilai 3"),
        ("198503152010011000", "Digit 16–18 NIP (nomor urut) tidak boleh 000"),
        ("198503152000011001", "TMT CPNS tidak boleh sebelum pegawai berusia 18 tahun"),
    ],
)
def test_nip_is_checked_on_every_row_with_its_own_message(agency, units, hr, bad_nip, message):
    rows = [person(i) for i in range(1, 6)] + [person(6, nip=bad_nip)] + [person(7)]
    ri, _ = upload_roster(agency, file_name="asn.csv", content=csv_file(rows), by=hr)
    nip_problems = [p for p in shown(ri) if p["column"] == "NIP"]
    assert [p["row"] for p in nip_problems] == [7]
    assert message in nip_problems[0]["message"]


def test_nip_typed_as_a_number_in_excel_is_reported(agency, units, hr):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([c.header for c in COLUMNS])
    row = person(1)
    ws.append([float(row["nip"]) if c.key == "nip" else row[c.key] for c in COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    ri, _ = upload_roster(agency, file_name="asn.xlsx", content=out.getvalue(), by=hr)
    assert ri.status == Status.INVALID
    assert "format kolom NIP sebagai Teks" in shown(ri)[0]["message"]


def test_missing_columns_are_reported_once_not_per_row(agency, units, hr):
    content = b"NIP,Nama\n198503152010011001,Budi\n198503152010011002,Ani\n"
    ri, _ = upload_roster(agency, file_name="asn.csv", content=content, by=hr)
    assert ri.status == Status.INVALID
    assert {p["row"] for p in ri.problems} == {1}
    assert any(p["column"] == "Kode Jabatan" for p in ri.problems)


def test_pppk_rows_use_the_pppk_number_and_no_nip(agency, units, hr):
    pppk = person(
        1, nip="", jenis_asn="PPPK", nomor_pppk="2023 0101 0001", golongan="", tmt_golongan=""
    )
    pppk_with_nip = person(2, jenis_asn="PPPK", nomor_pppk="20230102")
    ri, _ = upload_roster(
        agency, file_name="asn.csv", content=csv_file([pppk, pppk_with_nip]), by=hr
    )
    assert problems_at(ri) == {(3, "NIP")}
    import_file(agency, hr, csv_file([pppk]), name="pppk.csv")
    e = Employee.all_objects.get()
    assert (e.kind, e.nip, e.pppk_number) == ("pppk", None, "202301010001")


# -- the import -----------------------------------------------------------------------


def test_import_creates_employee_with_rank_position_and_education(agency, units, hr):
    ri = import_file(
        agency,
        hr,
        csv_file([person(1), person(2, kode_unit="SETDA", kode_jabatan="PDD-PENGADMIN")]),
    )
    assert (ri.created_count, ri.updated_count, ri.processed_rows) == (2, 0, 2)
    with activate(agency):
        e = queries.with_current_state(Employee.objects.filter(nip=person(1)["nip"])).get()
        assert e.full_name == "Pegawai Nomor 1"
        assert e.birth_date == dt.date(1985, 3, 15) and e.gender == "L"
        assert e.current_position_id == units["analis"].pk
        assert e.current_golongan == "III/c"
        assert Employee.objects.get(pk=e.pk).latest_golongan == "III/c"  # kept on the row
        assignment = Assignment.objects.get(employee=e)
        assert assignment.kind == Assignment.Kind.APPOINTMENT
        assert assignment.sk_number == "821.2/001/BKPSDM/2022"
        assert assignment.sk_date == assignment.starts_on == dt.date(2022, 1, 2)
        education = Education.objects.get(employee=e)
        assert (education.level, education.field_group) == ("S1", "ekonomi")


def test_import_is_audited_entry_by_entry_with_actor_and_import(agency, units, hr):
    ri = import_file(agency, hr, csv_file([person(1), person(2)]))
    entries = LogEntry.objects.filter(
        additional_data__import_id=ri.pk, additional_data__channel="import"
    ).exclude(content_type__model="rosterimport")
    # 2 employees, 2 ranks, 2 assignments, 2 educations
    assert entries.count() == 8
    assert set(entries.values_list("actor_id", flat=True)) == {hr.pk}
    assert {e.additional_data["agency_id"] for e in entries} == {agency.pk}
    employee_entry = entries.get(content_type__model="employee", object_repr__contains="Nomor 1")
    assert employee_entry.action == LogEntry.Action.CREATE
    assert employee_entry.changes["full_name"] == ["None", "Pegawai Nomor 1"]
    # Entries read like the ones django-auditlog writes for a single save().
    for entry in entries:
        obj = entry.content_type.model_class().all_objects.get(pk=entry.object_id)
        assert entry.object_repr == str(obj)
        assert entry.changes["id"] == ["None", str(obj.pk)]
    transitions = LogEntry.objects.filter(content_type__model="rosterimport", object_id=ri.pk)
    statuses = [e.changes["status"] for e in transitions.order_by("pk")]
    assert statuses[-3:] == [["validated", "queued"], ["queued", "running"], ["running", "done"]]


def test_reimport_updates_by_nip_and_never_duplicates(agency, units, hr):
    import_file(agency, hr, csv_file([person(1), person(2)]))
    import_file(agency, hr, csv_file([person(1), person(2)]), name="lagi.csv")
    assert Employee.all_objects.count() == 2
    assert RankHistory.all_objects.count() == 2
    assert Assignment.all_objects.count() == 2
    assert Education.all_objects.count() == 2

    moved = person(
        1,
        nama="Pegawai Nomor 1, S.E.",
        kode_unit="SETDA",
        kode_jabatan="PDD-PENGADMIN",
        tmt_jabatan="01-07-2024",
        nomor_sk_jabatan="821.2/777/BKPSDM/2024",
        golongan="III/d",
        tmt_golongan="01-04-2022",
    )
    ri = import_file(agency, hr, csv_file([moved, person(2)]), name="mutasi.csv")
    assert (ri.created_count, ri.updated_count) == (0, 1)
    assert Employee.all_objects.count() == 2
    with activate(agency):
        e = queries.with_current_state(Employee.objects.filter(nip=moved["nip"])).get()
        assert e.full_name == "Pegawai Nomor 1, S.E."
        assert e.current_position_id == units["pelaksana"].pk
        assert e.current_golongan == "III/d"
        assert Employee.objects.get(pk=e.pk).latest_golongan == "III/d"
        history = list(Assignment.objects.filter(employee=e).order_by("starts_on"))
        assert [a.position_id for a in history] == [units["analis"].pk, units["pelaksana"].pk]
        assert history[0].ends_on == dt.date(2024, 6, 30)
        assert history[1].kind == Assignment.Kind.MUTATION and history[1].ends_on is None
        assert RankHistory.objects.filter(employee=e).count() == 2
        assert Education.objects.filter(employee=e).count() == 1
    # The move is audited: the name change, the closed position, the new position and rank.
    entries = LogEntry.objects.filter(additional_data__import_id=ri.pk).exclude(
        content_type__model="rosterimport"
    )
    by_action = {(x.content_type.model, x.action) for x in entries}
    assert by_action == {
        ("employee", LogEntry.Action.UPDATE),
        ("assignment", LogEntry.Action.UPDATE),
        ("assignment", LogEntry.Action.CREATE),
        ("rankhistory", LogEntry.Action.CREATE),
    }
    closed = entries.get(content_type__model="assignment", action=LogEntry.Action.UPDATE)
    assert closed.changes == {"ends_on": ["None", "2024-06-30"]}
    assert closed.object_repr == str(Assignment.all_objects.get(pk=closed.object_id))
    renamed = entries.get(content_type__model="employee")
    assert renamed.changes == {"full_name": ["Pegawai Nomor 1", "Pegawai Nomor 1, S.E."]}


def test_a_move_dated_before_the_current_position_is_a_problem(agency, units, hr):
    import_file(agency, hr, csv_file([person(1)]))
    earlier = person(1, kode_unit="SETDA", kode_jabatan="PDD-PENGADMIN", tmt_jabatan="01-01-2021")
    ri, _ = upload_roster(agency, file_name="b.csv", content=csv_file([earlier]), by=hr)
    assert problems_at(ri) == {(2, "TMT Jabatan")}


def test_a_rank_recorded_with_another_golongan_on_the_same_tmt_is_a_problem(agency, units, hr):
    import_file(agency, hr, csv_file([person(1)]))
    ri, _ = upload_roster(
        agency, file_name="b.csv", content=csv_file([person(1, golongan="III/b")]), by=hr
    )
    assert problems_at(ri) == {(2, "Golongan")}


def test_import_is_all_or_nothing_when_the_database_fails_midway(agency, units, hr, monkeypatch):
    ri, _ = upload_roster(
        agency, file_name="asn.csv", content=csv_file([person(i) for i in range(1, 6)]), by=hr
    )
    real = roster_import.write_batch
    calls = []

    def failing_second_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise IntegrityError("disk penuh (simulasi)")
        return real(*args, **kwargs)

    monkeypatch.setattr(roster_import, "write_batch", failing_second_batch)
    monkeypatch.setattr(roster_import, "BATCH_SIZE", 2)
    # The task uses the module default; pass it explicitly through run_import too.
    RosterImport.all_objects.filter(pk=ri.pk).update(status=Status.QUEUED)
    ri = run_import(ri.pk, actor_id=hr.pk, batch_size=2)

    assert len(calls) == 2, "the first batch was written before the failure"
    assert ri.status == Status.FAILED
    assert "tidak ada data yang ditulis" in shown(ri)[0]["message"]
    assert "disk penuh" in shown(ri)[0]["message"]
    # The audit entry keeps the reason's code, not a sentence in one language.
    failed = LogEntry.objects.get(additional_data__event="impor roster gagal")
    reason = failed.additional_data["details"]["reason"]
    assert reason["code"] == "import_failed_because" and "disk penuh" in reason["params"]["cause"]
    assert Employee.all_objects.count() == 0
    assert RankHistory.all_objects.count() == 0
    assert not LogEntry.objects.filter(
        additional_data__import_id=ri.pk, content_type__model="employee"
    ).exists()
    assert RosterImport.all_objects.get(pk=ri.pk).status == Status.FAILED


def test_progress_advances_batch_by_batch(agency, units, hr):
    ri, _ = upload_roster(
        agency, file_name="asn.csv", content=csv_file([person(i) for i in range(1, 6)]), by=hr
    )
    RosterImport.all_objects.filter(pk=ri.pk).update(status=Status.QUEUED)
    seen: list[int] = []
    ri = run_import(ri.pk, actor_id=hr.pk, batch_size=2, on_progress=seen.append)
    assert seen == [2, 4, 5]
    assert RosterImport.all_objects.get(pk=ri.pk).processed_rows == 5


@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_to_other_connections_during_the_import(agency, units, hr):
    """The page polls from another request: it must see progress before the commit."""
    from django.db import DEFAULT_DB_ALIAS, connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time; progress shows at commit there")
    ri, _ = upload_roster(
        agency, file_name="asn.csv", content=csv_file([person(i) for i in range(1, 6)]), by=hr
    )
    RosterImport.all_objects.filter(pk=ri.pk).update(status=Status.QUEUED)
    real = connections[DEFAULT_DB_ALIAS]
    reader = type(real)(dict(real.settings_dict), DEFAULT_DB_ALIAS)
    seen_elsewhere: list[int] = []

    def look(_: int) -> None:
        with reader.cursor() as cursor:
            cursor.execute(
                "SELECT processed_rows, status FROM workforce_rosterimport WHERE id = %s", [ri.pk]
            )
            processed, status = cursor.fetchone()
        assert status == Status.RUNNING
        seen_elsewhere.append(processed)

    try:
        run_import(ri.pk, actor_id=hr.pk, batch_size=2, on_progress=look)
    finally:
        reader.close()
    assert seen_elsewhere == [2, 4, 5]
    assert Employee.all_objects.count() == 5


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("asn.csv", lambda rows: csv_file(rows)),
        ("asn.csv", lambda rows: csv_file(rows, delimiter=";", bom=True)),
        ("asn.xlsx", xlsx_file),
    ],
    ids=["csv-comma", "csv-semicolon-utf8-sig", "xlsx"],
)
def test_csv_and_xlsx_import_the_same(agency, units, hr, name, make):
    rows = [person(1), person(2, tanggal_sk_jabatan="28-12-2021")]
    import_file(agency, hr, make(rows), name=name)
    with activate(agency):
        assert Employee.objects.count() == 2
        assert Assignment.objects.get(employee__nip=person(2)["nip"]).sk_date == dt.date(
            2021, 12, 28
        )
        assert set(Education.objects.values_list("graduation_year", flat=True)) == {2008}


def test_changed_registry_between_dry_run_and_import_fails_without_writing(agency, units, hr):
    ri, _ = upload_roster(agency, file_name="asn.csv", content=csv_file([person(1)]), by=hr)
    with activate(agency):
        units["analis"].is_active = False
        units["analis"].save()
    with TestCase.captureOnCommitCallbacks(execute=True):
        ri = start_import(ri, by=hr)
    ri.refresh_from_db()
    assert ri.status == Status.FAILED
    assert Employee.all_objects.count() == 0
    assert any("berubah sejak pemeriksaan" in p["message"] for p in shown(ri))


# -- uploads and idempotency ----------------------------------------------------------


def test_same_file_uploaded_twice_while_pending_is_not_imported_twice(agency, units, hr, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    content = csv_file([person(1)])
    first, created = upload_roster(agency, file_name="asn.csv", content=content, by=hr)
    again, created_again = upload_roster(agency, file_name="salinan.csv", content=content, by=hr)
    assert created and not created_again and again.pk == first.pk

    with TestCase.captureOnCommitCallbacks(execute=True):
        start_import(first, by=hr)
        start_import(RosterImport.all_objects.get(pk=first.pk), by=hr)
    assert len(default_task_backend.results) == 1
    queued, created_while_queued = upload_roster(agency, file_name="x.csv", content=content, by=hr)
    assert not created_while_queued and queued.pk == first.pk

    # The worker picks it up once; a second delivery of the same task does nothing.
    run_import(first.pk, actor_id=hr.pk)
    run_import(first.pk, actor_id=hr.pk)
    assert Employee.all_objects.count() == 1
    assert RosterImport.all_objects.get(pk=first.pk).status == Status.DONE
    # Once done, the same file may be uploaded again (a re-import updates, never duplicates).
    _, created_after = upload_roster(agency, file_name="asn.csv", content=content, by=hr)
    assert created_after


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("asn.xls", b"\xd0\xcf\x11\xe0", "Format .xls"),
        ("asn.pdf", b"%PDF-1.4", "Jenis berkas tidak didukung"),
        ("asn.xlsx", b"NIP,Nama\n", "bukan berkas Excel"),
        ("asn.csv", b"PK\x03\x04zip", "bukan teks CSV"),
        ("asn.csv", b"", "Berkas kosong"),
    ],
)
def test_other_file_types_are_refused_in_indonesian(agency, hr, name, content, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        upload_roster(agency, file_name=name, content=content, by=hr)
    assert message in exc.value.message_dict["file"][0]
    assert not RosterImport.all_objects.exists()


def test_oversize_upload_is_refused(agency, hr, monkeypatch):
    from django.core.exceptions import ValidationError

    from sigap.workforce.roster import rules as roster

    monkeypatch.setattr(roster, "MAX_FILE_BYTES", 100)
    with pytest.raises(ValidationError, match="terlalu besar"):
        upload_roster(agency, file_name="asn.csv", content=b"x" * 101, by=hr)


# -- template and export --------------------------------------------------------------


def test_template_has_the_columns_an_example_and_the_valid_codes(agency, units, hr):
    wb = openpyxl.load_workbook(io.BytesIO(template_workbook(agency)))
    data = wb["Data ASN"]
    assert [c.value for c in data[1]] == [c.header for c in COLUMNS]
    assert data.max_row == 2
    assert "PDD" in {r[0] for r in wb["Unit"].iter_rows(min_row=2, values_only=True)}
    assert "IV/e" in {r[0] for r in wb["Golongan"].iter_rows(min_row=2, values_only=True)}


def test_the_template_example_row_is_never_imported(agency, units, hr):
    # Issue 8, item 10: the template uploaded as it was downloaded used to import its
    # sample "Budi Santoso" as a real ASN.
    ri, _ = upload_roster(
        agency, file_name="templat.xlsx", content=template_workbook(agency), by=hr
    )
    assert ri.status != Status.VALIDATED
    assert any("tidak berisi data ASN" in p["message"] for p in shown(ri))
    wb = openpyxl.load_workbook(io.BytesIO(template_workbook(agency)))
    wb["Data ASN"].append([person(3).get(c.key) or None for c in COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    import_file(agency, hr, out.getvalue(), "templat-terisi.xlsx")
    with activate(agency):
        assert list(Employee.objects.values_list("full_name", flat=True)) == ["Pegawai Nomor 3"]


def test_template_code_lists_are_sheets_with_drop_downs(agency, units, hr):
    wb = openpyxl.load_workbook(io.BytesIO(template_workbook(agency)))
    assert {"Unit", "Jabatan", "Golongan", "Jenjang"} <= set(wb.sheetnames)
    assert "PDD-ANALIS" in {r[0] for r in wb["Jabatan"].iter_rows(min_row=2, values_only=True)}
    formulas = {dv.formula1 for dv in wb["Data ASN"].data_validations.dataValidation}
    assert any("Unit!" in f for f in formulas) and any("Jabatan!" in f for f in formulas)
    assert any("Golongan!" in f for f in formulas) and '"L,P"' in formulas


def test_impossible_date_is_reported_as_not_existing_not_as_a_format(agency, units, hr):
    ri, _ = upload_roster(
        agency,
        file_name="asn.csv",
        content=csv_file([person(1, tanggal_lahir="31-02-1992")]),
        by=hr,
    )
    (problem,) = [p for p in shown(ri) if p["column"] == "Tanggal Lahir"]
    assert "tidak ada di kalender" in problem["message"] and "29" in problem["message"]
    assert "DD-MM-YYYY" not in problem["message"]


def test_export_re_imports_without_changes(agency, units, hr, login):
    # Issue 8, item 13: the export has the import's columns (export → edit → re-import).
    import_file(
        agency,
        hr,
        csv_file([person(1), person(2, pendidikan="", jurusan="", institusi="", tahun_lulus="")]),
    )
    exported = login(hr).get(reverse("workforce:asn_export")).content
    wb = openpyxl.load_workbook(io.BytesIO(exported))
    ws = wb["Data ASN"]
    header = [c.value for c in ws[1]]
    assert header[: len(COLUMNS)] == [c.header for c in COLUMNS]
    ws.cell(row=2, column=header.index("Nama") + 1, value="Pegawai Nomor Satu")
    out = io.BytesIO()
    wb.save(out)
    ri = import_file(agency, hr, out.getvalue(), "ekspor.xlsx")
    with activate(agency):
        names = set(Employee.objects.values_list("full_name", flat=True))
    assert names == {"Pegawai Nomor Satu", "Pegawai Nomor 2"}
    assert ri.problems == [] or all(p.get("info") for p in ri.problems)


# -- the streaming xlsx reader --------------------------------------------------------

cell_values = st.one_of(
    st.none(),
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20
    ).map(lambda s: s.strip() or None),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.booleans(),
)


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cell_values, max_size=8), min_size=1, max_size=8))
def test_streaming_reader_reads_what_openpyxl_reads(grid):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data ASN"
    for r, row in enumerate(grid, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    wb.save(out)
    content = out.getvalue()

    expected = []
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    for number, row in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        if values:
            expected.append((number, values))
    book.close()
    assert list(iter_xlsx_rows(content)) == expected


# -- pages ----------------------------------------------------------------------------


def test_hr_checks_then_imports_a_roster_through_the_pages(agency, units, hr, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(hr)
    page = client.get(reverse("workforce:roster_import"))
    assert page.status_code == 200 and "Unduh templat" in page.content.decode()

    upload = SimpleUploadedFile("asn.csv", csv_file([person(1), person(2)]), "text/csv")
    response = client.post(reverse("workforce:roster_import"), {"file": upload})
    ri = RosterImport.all_objects.get()
    detail_url = reverse("workforce:roster_import_detail", args=[ri.pk])
    assert response.status_code == 302 and response["Location"] == detail_url

    detail = client.get(detail_url).content.decode()
    assert "Jalankan impor" in detail and "2 ASN baru dibuat" in detail
    assert Employee.all_objects.count() == 0

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(detail_url)
    assert RosterImport.all_objects.get().status == Status.DONE
    assert Employee.all_objects.count() == 2
    done = client.get(detail_url).content.decode()
    assert "Impor selesai" in done and "Jalankan impor" not in done


def test_the_report_lists_every_problem_with_row_and_column(agency, units, hr, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(hr)
    bad = csv_file([person(1, nip="123"), person(2, kode_unit="NOPE")])
    client.post(reverse("workforce:roster_import"), {"file": SimpleUploadedFile("asn.csv", bad)})
    ri = RosterImport.all_objects.get()
    page = client.get(reverse("workforce:roster_import_detail", args=[ri.pk])).content.decode()
    assert "NIP harus 18 digit; yang diisi 3 digit." in page
    assert "Unit dengan kode &#x27;NOPE&#x27; tidak ada di Sigap." in page
    assert "Jalankan impor" not in page
    assert '<th scope="col">Baris</th>' in page


def test_upload_page_refuses_other_types_with_an_indonesian_message(agency, hr, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login(hr).post(
        reverse("workforce:roster_import"),
        {"file": SimpleUploadedFile("asn.docx", b"PK\x03\x04")},
    )
    assert response.status_code == 200
    assert "Unggah berkas .xlsx atau .csv" in response.content.decode()


def test_running_import_page_polls_every_two_seconds(agency, units, hr, login):
    ri, _ = upload_roster(agency, file_name="asn.csv", content=csv_file([person(1)]), by=hr)
    RosterImport.all_objects.filter(pk=ri.pk).update(status=Status.RUNNING, processed_rows=0)
    client = login(hr)
    url = reverse("workforce:roster_import_detail", args=[ri.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page and "<progress" in page

    RosterImport.all_objects.filter(pk=ri.pk).update(processed_rows=1)
    partial = client.get(url, headers={"HX-Request": "true"})
    assert "1 dari 1 baris ditulis" in partial.content.decode()
    assert "HX-Refresh" not in partial

    RosterImport.all_objects.filter(pk=ri.pk).update(status=Status.DONE)
    finished = client.get(url, headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true"


def test_another_agencys_import_is_not_found(agency, units, hr, other_admin, login):
    ri, _ = upload_roster(agency, file_name="asn.csv", content=csv_file([person(1)]), by=hr)
    client = login(other_admin)
    assert client.get(reverse("workforce:roster_import_detail", args=[ri.pk])).status_code == 404
    assert client.post(reverse("workforce:roster_import_detail", args=[ri.pk])).status_code == 404
    assert client.get(f"/api/v1/roster-imports/{ri.pk}").status_code == 404


# -- API ------------------------------------------------------------------------------


def test_api_uploads_reports_and_runs_an_import(agency, units, hr, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(hr)
    bad = client.post(
        "/api/v1/roster-imports",
        {"file": SimpleUploadedFile("asn.csv", csv_file([person(1, golongan="V/z")]))},
    )
    assert bad.status_code == 201
    assert bad.json()["status"] == "invalid"
    assert bad.json()["problems"][0]["column"] == "Golongan"
    refused = client.post(f"/api/v1/roster-imports/{bad.json()['id']}/run")
    assert refused.status_code == 409

    content = csv_file([person(1), person(2)])
    created = client.post(
        "/api/v1/roster-imports", {"file": SimpleUploadedFile("asn.csv", content)}
    )
    assert created.status_code == 201 and created.json()["status"] == "validated"
    again = client.post("/api/v1/roster-imports", {"file": SimpleUploadedFile("b.csv", content)})
    assert again.status_code == 200 and again.json()["id"] == created.json()["id"]

    with TestCase.captureOnCommitCallbacks(execute=True):
        run = client.post(f"/api/v1/roster-imports/{created.json()['id']}/run")
    assert run.status_code == 202
    report = client.get(f"/api/v1/roster-imports/{created.json()['id']}").json()
    assert (report["status"], report["processed_rows"], report["created_count"]) == ("done", 2, 2)
    listing = client.get("/api/v1/roster-imports").json()
    assert [i["id"] for i in listing["items"]][:2] == [created.json()["id"], bad.json()["id"]]


# -- hostile files (issue 8, items 3 and 5) ---------------------------------------------

CSV_LIMIT = csv.field_size_limit()


def test_a_csv_cell_over_the_csv_limit_is_a_problem_on_its_row_and_column(agency, units, hr):
    huge = "x" * (CSV_LIMIT + 1)
    content = csv_file([person(1), person(2, institusi=huge), person(3)])
    ri, _ = upload_roster(agency, file_name="asn.csv", content=content, by=hr)
    assert ri.status != Status.VALIDATED
    problems = [p for p in shown(ri) if not p.get("info")]
    assert [(p["row"], p["column"]) for p in problems] == [(3, "Institusi Pendidikan")]
    assert "lebih dari 131.072 karakter" in problems[0]["message"]


def test_an_unclosed_quote_swallowing_the_file_is_reported_not_a_server_error(
    agency, units, hr, login
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    good = csv_file([person(1)])
    content = good + b'"' + b"y" * (CSV_LIMIT + 10) + b"\n" + b"more,lines\n" * 3
    response = login(hr).post(
        reverse("workforce:roster_import"), {"file": SimpleUploadedFile("asn.csv", content)}
    )
    assert response.status_code in (200, 302)
    ri = RosterImport.all_objects.get()
    assert ri.status != Status.VALIDATED
    assert (3, "NIP") in problems_at(ri)


def test_a_huge_cell_in_the_header_row_is_reported_on_row_one(agency, units, hr):
    header = ",".join(c.header for c in COLUMNS[:3]) + "," + "h" * (CSV_LIMIT + 1) + "\n"
    ri, _ = upload_roster(agency, file_name="asn.csv", content=header.encode(), by=hr)
    assert ri.status != Status.VALIDATED
    assert [(p["row"], p["column"]) for p in shown(ri)] == [(1, "kolom ke-4")]


def test_problem_texts_never_echo_a_full_nik_to_hr(agency, units, hr, login):
    nik = "3171012345678901"
    grouped = "3171 0123 4567 8902"
    rows = [
        person(1, kode_unit=nik),
        person(2, tahun_lulus=nik),
        person(3, kode_jabatan=grouped),
        person(4, tanggal_lahir=nik),
    ]
    ri, _ = upload_roster(agency, file_name="asn.csv", content=csv_file(rows), by=hr)
    text = json.dumps(ri.problems)
    assert nik not in text and grouped not in text and "45678901" not in text
    assert "3171************" in text
    # The NIP (18 digits, public on every SK) is still quoted where it helps.
    page = login(hr).get(reverse("workforce:roster_import_detail", args=[ri.pk])).content.decode()
    assert nik not in page and "3171************" in page
