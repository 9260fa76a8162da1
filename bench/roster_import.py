"""bench.roster_import: a 60,000-row ASN roster checked (dry run) and imported.

    python -m bench.roster_import                    # 60,000 rows, .xlsx, then a re-import
    python -m bench.roster_import --rows 5000 --format csv
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench python -m bench.roster_import

Builds a throwaway database with one province (30 OPD × 4 bidang, ~800 positions), then a
realistic roster file: Indonesian names, NIPs consistent with birth date, TMT CPNS and
gender, golongan plausible for education and years of service, positions and units that
exist. Timed separately, through the same functions the pages and the worker call:

* ``roster_import.validate`` (s): ``upload_roster`` — read the file, check every row
  against the registry, store the report (the dry run). Target with import: < 60 s.
* ``roster_import.import`` (s): ``start_import`` → the task (inline backend) — read and
  check again, then write employees, ranks, assignments, educations and one audit entry
  per row written, in one transaction.
* ``roster_import.total`` (s): the two together, against the 60 s target.
* ``roster_import.reimport.validate`` / ``.import`` (s): the same roster again as CSV with
  5 % of the people moved to another position (updates by NIP, no duplicates).
* ``roster_import.peak_rss`` (MiB).

Each timing also reports the CPU seconds of the process (``cpu_s``): on a shared machine
wall time includes waiting for the CPU.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import time
import zipfile
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from bench._harness import (
    bench_database,
    count_queries,
    emit,
    emit_machine,
    exit_cleanly_on_sigterm,
    mib,
    peak_rss_bytes,
)

TARGET_SECONDS = 60.0
OPD_COUNT = 30
BIDANG_PER_OPD = 4

GOLONGAN_ORDER = [
    "II/a",
    "II/b",
    "II/c",
    "II/d",
    "III/a",
    "III/b",
    "III/c",
    "III/d",
    "IV/a",
    "IV/b",
    "IV/c",
    "IV/d",
    "IV/e",
]
# PP 17/2020 and earlier: the starting golongan follows the diploma used to enter.
START_GOLONGAN = {"SMA": "II/a", "D3": "II/c", "S1": "III/a", "D4": "III/a", "S2": "III/b"}
EDUCATION_MIX = [("SMA", 15), ("D3", 15), ("S1", 55), ("D4", 5), ("S2", 10)]
STUDY_FIELDS = {
    "SMA": ["IPA", "IPS", "Administrasi Perkantoran"],
    "D3": ["Akuntansi", "Keperawatan", "Teknik Informatika", "Administrasi Negara"],
    "D4": ["Akuntansi Sektor Publik", "Teknik Sipil", "Kebidanan"],
    "S1": [
        "Akuntansi",
        "Ekonomi Pembangunan",
        "Ilmu Hukum",
        "Administrasi Publik",
        "Ilmu Pemerintahan",
        "Teknik Sipil",
        "Kesehatan Masyarakat",
        "Pendidikan Matematika",
        "Teknik Informatika",
        "Agroteknologi",
    ],
    "S2": ["Magister Manajemen", "Magister Hukum", "Magister Administrasi Publik"],
}
INSTITUTIONS = [
    "Universitas Jambi",
    "Universitas Andalas",
    "Universitas Sriwijaya",
    "Universitas Gadjah Mada",
    "Universitas Indonesia",
    "Institut Pemerintahan Dalam Negeri",
    "Politeknik Negeri Padang",
    "Universitas Terbuka",
    "SMA Negeri 1 Jambi",
    "SMK Negeri 2 Muara Bungo",
]
OPD_NAMES = [
    "Dinas Pendidikan",
    "Dinas Kesehatan",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Sosial",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Penanaman Modal dan PTSP",
    "Badan Kepegawaian dan Pengembangan SDM",
    "Badan Pengelolaan Keuangan dan Aset Daerah",
    "Badan Perencanaan Pembangunan Daerah",
    "Inspektorat",
]


# -- the province ---------------------------------------------------------------------


def build_province() -> tuple[Any, list[tuple[str, str]]]:
    """An agency with units and positions, built through the domain functions."""
    from sigap.tenancy import org
    from sigap.tenancy.context import unscoped
    from sigap.tenancy.models import Agency, OrgUnit
    from sigap.workforce.models import JabatanType
    from sigap.workforce.registry import records

    with unscoped():
        agency = Agency.objects.create(
            slug="bench-prov", name="Pemerintah Provinsi Bench", kind="provinsi", region_code="15"
        )
    placements: list[tuple[str, str]] = []  # (unit code, position code)
    for i in range(OPD_COUNT):
        base = OPD_NAMES[i % len(OPD_NAMES)]
        opd = org.create_unit(
            agency, kind=OrgUnit.Kind.OPD, name=f"{base} {i + 1}", code=f"OPD{i + 1:02d}"
        )
        for code, title, kind in (
            ("KADIS", "Kepala", JabatanType.JPT_PRATAMA),
            ("SEKRE", "Sekretaris", JabatanType.ADMINISTRATOR),
        ):
            p = records.create_position(
                agency, unit=opd, code=f"{opd.code}-{code}", title=title, jabatan_type=kind
            )
            placements.append((opd.code, p.code))
        for b in range(BIDANG_PER_OPD):
            bidang = org.create_unit(
                agency,
                kind=OrgUnit.Kind.BIDANG,
                name=f"Bidang {b + 1} {opd.name}",
                code=f"{opd.code}.B{b + 1}",
                parent=opd,
            )
            for code, title, kind, formasi in (
                ("KABID", "Kepala Bidang", JabatanType.ADMINISTRATOR, 1),
                ("KASI", "Kepala Seksi", JabatanType.PENGAWAS, 2),
                ("ANALIS", "Analis Kebijakan", JabatanType.FUNGSIONAL, 20),
                ("PRANATA", "Pranata Komputer", JabatanType.FUNGSIONAL, 10),
                ("PENGADMIN", "Pengadministrasi Umum", JabatanType.PELAKSANA, 40),
                ("PENGOLAH", "Pengolah Data", JabatanType.PELAKSANA, 40),
            ):
                p = records.create_position(
                    agency,
                    unit=bidang,
                    code=f"{bidang.code}-{code}",
                    title=title,
                    jabatan_type=kind,
                    formasi=formasi,
                )
                placements.append((bidang.code, p.code))
    return agency, placements


# -- the roster -----------------------------------------------------------------------


def _names(rng: random.Random) -> tuple[list[str], list[str], list[str]]:
    from faker import Faker

    fake = Faker("id_ID")
    fake.seed_instance(rng.randint(0, 2**31))
    male = sorted({fake.first_name_male() for _ in range(600)})
    female = sorted({fake.first_name_female() for _ in range(600)})
    last = sorted({fake.last_name() for _ in range(600)})
    return male, female, last


def _fmt(d: dt.date) -> str:
    return f"{d.day:02d}-{d.month:02d}-{d.year}"


def make_roster(n: int, placements: list[tuple[str, str]], seed: int = 20261) -> list[dict]:
    """``n`` consistent roster rows (keys as in ``roster.COLUMNS``)."""
    rng = random.Random(seed)
    male, female, last = _names(rng)
    today = dt.date.today()  # noqa: DTZ011 - a calendar date, no time zone involved
    sequence: dict[tuple[dt.date, int, int, str], int] = {}
    levels = [lvl for lvl, weight in EDUCATION_MIX for _ in range(weight)]
    rows = []
    for i in range(n):
        gender = "L" if rng.random() < 0.52 else "P"
        birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randint(0, 35 * 365))
        level = rng.choice(levels)
        entry_age = {"SMA": 19, "D3": 22, "D4": 23, "S1": 23, "S2": 26}[level] + rng.randint(0, 10)
        tmt_year = min(birth.year + entry_age, today.year - 1)
        tmt = dt.date(tmt_year, rng.choice([1, 3, 4]), 1)
        if tmt < birth.replace(year=birth.year + 18, day=min(birth.day, 28)):
            tmt = dt.date(birth.year + 19, 1, 1)
        key = (birth, tmt.year, tmt.month, gender)
        sequence[key] = sequence.get(key, 0) + 1
        nip = f"{birth:%Y%m%d}{tmt:%Y%m}{1 if gender == 'L' else 2}{sequence[key]:03d}"
        # One golongan step every four years of service, within the ladder.
        years = (today - tmt).days // 365
        start = GOLONGAN_ORDER.index(START_GOLONGAN[level])
        steps = min(years // 4, len(GOLONGAN_ORDER) - 1 - start)
        golongan = GOLONGAN_ORDER[start + steps]
        tmt_golongan = dt.date(tmt.year + 4 * steps, 4 if steps else tmt.month, 1)
        if tmt_golongan > today:
            tmt_golongan = tmt
        unit_code, position_code = placements[rng.randrange(len(placements))]
        jab_start = tmt + dt.timedelta(days=rng.randint(0, max((today - tmt).days - 1, 0)))
        first = rng.choice(male if gender == "L" else female)
        grad = min(birth.year + entry_age - rng.randint(0, 2), tmt.year)
        rows.append(
            {
                "nip": nip,
                "nama": f"{first} {rng.choice(last)}",
                "jenis_kelamin": gender,
                "tanggal_lahir": birth,
                "jenis_asn": "PNS",
                "nomor_pppk": "",
                "tmt_cpns": tmt,
                "golongan": golongan,
                "tmt_golongan": tmt_golongan,
                "kode_unit": unit_code,
                "kode_jabatan": position_code,
                "tmt_jabatan": jab_start,
                "nomor_sk_jabatan": f"821.2/{i + 1:05d}/BKPSDM/{jab_start.year}",
                "tanggal_sk_jabatan": jab_start - dt.timedelta(days=rng.randint(0, 20)),
                "pendidikan": level,
                "jurusan": rng.choice(STUDY_FIELDS[level]),
                "institusi": rng.choice(INSTITUTIONS),
                "tahun_lulus": grad,
            }
        )
    return rows


def move_some(rows: list[dict], placements: list[tuple[str, str]], share: float) -> list[dict]:
    """A later export: ``share`` of the people moved to another position this month."""
    rng = random.Random(7)
    today = dt.date.today()  # noqa: DTZ011 - a calendar date, no time zone involved
    moved = []
    for r in rows:
        r = dict(r)
        if rng.random() < share and r["tmt_jabatan"] < today - dt.timedelta(days=1):
            r["kode_unit"], r["kode_jabatan"] = placements[rng.randrange(len(placements))]
            r["tmt_jabatan"] = r["tanggal_sk_jabatan"] = today
            r["nomor_sk_jabatan"] = f"{r['nomor_sk_jabatan']}/M"
        moved.append(r)
    return moved


def to_csv(rows: list[dict]) -> bytes:
    import csv

    from sigap.workforce.roster import COLUMNS

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")  # as Excel with Indonesian regional settings
    writer.writerow([c.header for c in COLUMNS])
    for r in rows:
        writer.writerow(
            [_fmt(v) if isinstance(v, dt.date) else v for v in (r[c.key] for c in COLUMNS)]
        )
    return ("\ufeff" + out.getvalue()).encode()


def to_xlsx(rows: list[dict]) -> bytes:
    """An .xlsx shaped like Excel's own: shared strings, dates as serials with a date style.

    Written by hand because openpyxl needs minutes for 60,000 rows on a busy machine, and
    the file's making is not what is measured."""
    from sigap.workforce.roster import COLUMNS

    strings: dict[str, int] = {}
    epoch = dt.date(1899, 12, 30)

    def col(i: int) -> str:
        name = ""
        i += 1
        while i:
            i, rem = divmod(i - 1, 26)
            name = chr(65 + rem) + name
        return name

    def cell(ref: str, value: Any) -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, dt.date):
            return f'<c r="{ref}" s="1"><v>{(value - epoch).days}</v></c>'
        if isinstance(value, int):
            return f'<c r="{ref}"><v>{value}</v></c>'
        index = strings.setdefault(str(value), len(strings))
        return f'<c r="{ref}" t="s"><v>{index}</v></c>'

    lines = []
    table = [[c.header for c in COLUMNS]] + [[r[c.key] for c in COLUMNS] for r in rows]
    for n, values in enumerate(table, start=1):
        cells = "".join(cell(f"{col(i)}{n}", v) for i, v in enumerate(values))
        lines.append(f'<row r="{n}">{cells}</row>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel_ns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    sheet = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>{"".join(lines)}</sheetData></worksheet>'
    shared = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} {rel_ns}><sheets>'
            '<sheet name="Data ASN" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {ns}>'
            '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd\\-mm\\-yyyy"/></numFmts>'
            '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs>'
            "</styleSheet>"
        ),
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><sst {ns} count="{len(strings)}" '
            f'uniqueCount="{len(strings)}">{shared}</sst>'
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return out.getvalue()


# -- measuring ------------------------------------------------------------------------


def _timed(fn):  # noqa: ANN001, ANN202 - a tiny local helper
    wall, cpu = time.perf_counter(), time.process_time()
    with count_queries() as queries:
        result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu, queries[0]


def run_pass(
    label: str, agency: Any, user: Any, content: bytes, file_name: str
) -> tuple[float, Any]:
    from auditlog.models import LogEntry

    from sigap.workforce.models import RosterImport
    from sigap.workforce.roster import start_import, upload_roster

    (ri, _), v_wall, v_cpu, v_q = _timed(
        lambda: upload_roster(agency, file_name=file_name, content=content, by=user)
    )
    problems = [p for p in ri.problems if not p.get("info")]
    emit(
        f"roster_import{label}.validate",
        round(v_wall, 2),
        "s",
        cpu_s=round(v_cpu, 2),
        rows=ri.total_rows,
        problems=len(problems),
        first_problems=problems[:3],
        file=file_name,
        file_mib=mib(len(content)),
        queries=v_q,
    )
    if ri.status != RosterImport.Status.VALIDATED:
        raise SystemExit(f"bench: the generated roster has problems: {problems[:5]}")
    entries_before = LogEntry.objects.count()
    ri, i_wall, i_cpu, i_q = _timed(lambda: start_import(ri, by=user))
    emit(
        f"roster_import{label}.import",
        round(i_wall, 2),
        "s",
        cpu_s=round(i_cpu, 2),
        status=ri.status,
        rows=ri.processed_rows,
        created=ri.created_count,
        updated=ri.updated_count,
        rows_per_s=round(ri.processed_rows / i_wall) if i_wall else None,
        audit_entries=LogEntry.objects.count() - entries_before,
        queries=i_q,
    )
    if ri.status != RosterImport.Status.DONE:
        raise SystemExit(f"bench: import ended {ri.status}: {ri.problems[:3]}")
    total = v_wall + i_wall
    emit(
        f"roster_import{label}.total",
        round(total, 2),
        "s",
        cpu_s=round(v_cpu + i_cpu, 2),
        target_s=TARGET_SECONDS,
        within_target=total < TARGET_SECONDS,
    )
    return total, ri


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    parser.add_argument("--no-reimport", action="store_true", help="skip the second pass")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    exit_cleanly_on_sigterm()

    emit_machine()
    with bench_database(args.database_url) as db:
        from sigap.accounts.models import Role, RoleGrant, User
        from sigap.workforce.models import Employee

        start = time.perf_counter()
        agency, placements = build_province()
        hr = User.objects.create_user("bkpsdm.bench", None, full_name="BKPSDM Bench")
        RoleGrant.objects.create(user=hr, agency=agency, role=Role.HR)
        rows = make_roster(args.rows, placements)
        content = to_xlsx(rows) if args.format == "xlsx" else to_csv(rows)
        emit(
            "roster_import.setup",
            round(time.perf_counter() - start, 2),
            "s",
            database=db.vendor,
            positions=len(placements),
            rows=len(rows),
        )
        run_pass("", agency, hr, content, f"roster.{args.format}")
        if not args.no_reimport:
            again = to_csv(move_some(rows, placements, 0.05))
            run_pass(".reimport", agency, hr, again, "roster-bulan-depan.csv")
            employees = Employee.all_objects.filter(agency=agency).count()
            emit("roster_import.employees_after_reimport", employees, "rows", expected=len(rows))
        emit("roster_import.peak_rss", mib(peak_rss_bytes()), "MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
