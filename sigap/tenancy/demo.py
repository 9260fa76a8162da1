"""Demo pemda and their organisation trees (seeds 000–004)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from sigap.platform.demo import DemoContext
from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import Agency, OrgUnit

AGENCIES = [
    # slug, name, kind, region code (Kemendagri), time zone
    ("jambi", "Pemerintah Provinsi Jambi", Agency.Kind.PROVINCE, "15", Agency.TimeZone.WIB),
    ("tebo", "Pemerintah Kabupaten Tebo", Agency.Kind.REGENCY, "15.09", Agency.TimeZone.WIB),
    ("sawahlunto", "Pemerintah Kota Sawahlunto", Agency.Kind.CITY, "13.73", Agency.TimeZone.WIB),
    (
        "dki-jakarta",
        "Pemerintah Provinsi DKI Jakarta",
        Agency.Kind.PROVINCE,
        "31",
        Agency.TimeZone.WIB,
    ),
]

# (code, name, short name, bidang) — the OPDs every demo pemda has, most service-facing first.
OPDS = [
    (
        "DUKCAPIL",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Disdukcapil",
        [
            "Pelayanan Pendaftaran Penduduk",
            "Pelayanan Pencatatan Sipil",
            "Pengelolaan Informasi Administrasi Kependudukan",
        ],
    ),
    (
        "DPMPTSP",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "DPMPTSP",
        ["Pelayanan Perizinan", "Pengaduan dan Informasi", "Penanaman Modal"],
    ),
    (
        "BKPSDM",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "BKPSDM",
        ["Pengadaan dan Informasi Kepegawaian", "Mutasi dan Promosi", "Pengembangan Kompetensi"],
    ),
    (
        "DINKES",
        "Dinas Kesehatan",
        "Dinkes",
        ["Pelayanan Kesehatan", "Kesehatan Masyarakat", "Sumber Daya Kesehatan"],
    ),
    # Its bidang depend on the pemda's level (demo_geography.json, "education_bidang").
    ("DISDIK", "Dinas Pendidikan", "Disdik", []),
    (
        "INSPEKTORAT",
        "Inspektorat Daerah",
        "Inspektorat",
        ["Pengawasan Wilayah I", "Pengawasan Wilayah II"],
    ),
    (
        "BAPPEDA",
        "Badan Perencanaan Pembangunan Daerah",
        "Bappeda",
        ["Perencanaan Ekonomi", "Perencanaan Sosial Budaya"],
    ),
    (
        "BPKAD",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "BPKAD",
        ["Anggaran", "Perbendaharaan", "Aset"],
    ),
    (
        "DINSOS",
        "Dinas Sosial",
        "Dinsos",
        ["Rehabilitasi Sosial", "Perlindungan dan Jaminan Sosial"],
    ),
    (
        "KOMINFO",
        "Dinas Komunikasi dan Informatika",
        "Diskominfo",
        ["Aplikasi Informatika", "Informasi dan Komunikasi Publik"],
    ),
    (
        "PUPR",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "Dinas PUPR",
        ["Bina Marga", "Sumber Daya Air", "Penataan Ruang"],
    ),
    ("DISHUB", "Dinas Perhubungan", "Dishub", ["Lalu Lintas", "Angkutan"]),
    ("DLH", "Dinas Lingkungan Hidup", "DLH", ["Pengelolaan Sampah", "Pengendalian Pencemaran"]),
    (
        "DISNAKER",
        "Dinas Tenaga Kerja",
        "Disnaker",
        ["Penempatan Tenaga Kerja", "Hubungan Industrial"],
    ),
    ("DISKOP", "Dinas Koperasi dan UKM", "Diskop UKM", ["Koperasi", "Usaha Mikro"]),
    ("SATPOLPP", "Satuan Polisi Pamong Praja", "Satpol PP", ["Penegakan Perda", "Ketertiban Umum"]),
    (
        "BPBD",
        "Badan Penanggulangan Bencana Daerah",
        "BPBD",
        ["Kedaruratan dan Logistik", "Rehabilitasi dan Rekonstruksi"],
    ),
    ("DISPAR", "Dinas Pariwisata dan Ekonomi Kreatif", "Disparekraf", ["Destinasi", "Pemasaran"]),
    (
        "DISTAN",
        "Dinas Pertanian dan Ketahanan Pangan",
        "Distan",
        ["Tanaman Pangan", "Ketahanan Pangan"],
    ),
    (
        "DISDAG",
        "Dinas Perindustrian dan Perdagangan",
        "Disperindag",
        ["Perdagangan", "Perindustrian"],
    ),
]

# How much of the tree each scale builds, per pemda.
SCALES = {
    "small": {
        "opds": 8,
        "seksi_per_bidang": 1,
        "upt_per_opd": 1,
        "districts": 2,
        "villages_per_district": 2,
    },
    "city": {
        "opds": 16,
        "seksi_per_bidang": 2,
        "upt_per_opd": 2,
        "districts": 8,
        "villages_per_district": 5,
    },
    "province": {
        "opds": len(OPDS),
        "seksi_per_bidang": 3,
        "upt_per_opd": 3,
        "districts": 44,
        "villages_per_district": 6,
    },
}


GEOGRAPHY_FILE = Path(__file__).resolve().parent / "data" / "demo_geography.json"


@cache
def geography() -> dict:
    """Each demo pemda's real kecamatan and the education bidang of its level (issue 8,
    item 16: a province had "Kecamatan Salatiga" and a kabupaten ran SMA/SMK)."""
    return json.loads(GEOGRAPHY_FILE.read_text(encoding="utf-8"))


def seed(ctx: DemoContext) -> None:
    shape = SCALES[ctx.scale]
    for slug, name, kind, region, tz in AGENCIES:
        agency = Agency.objects.create(
            slug=slug, name=name, kind=kind, region_code=region, time_zone=tz
        )
        ctx.count("pemda")
        with activate(agency):
            _seed_tree(ctx, agency, shape, big=slug == "dki-jakarta" or ctx.scale == "small")


def _seed_tree(ctx: DemoContext, agency: Agency, shape: dict, big: bool) -> None:
    n_opds = shape["opds"] if big else max(6, shape["opds"] // 2)
    for code, name, short, bidangs in OPDS[:n_opds]:
        if code == "DISDIK":
            bidangs = geography()["education_bidang"][agency.kind]
        opd = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name=name, code=code, short_name=short)
        ctx.count("unit")
        for i, bidang_name in enumerate(bidangs, start=1):
            bidang = org.create_unit(
                agency,
                kind=OrgUnit.Kind.BIDANG,
                name=f"Bidang {bidang_name}",
                code=f"{code}.B{i}",
                parent=opd,
            )
            ctx.count("unit")
            for j in range(1, shape["seksi_per_bidang"] + 1):
                org.create_unit(
                    agency,
                    kind=OrgUnit.Kind.SEKSI,
                    name=f"Seksi {bidang_name} {j}",
                    code=f"{code}.B{i}.S{j}",
                    parent=bidang,
                )
                ctx.count("unit")
        for k in range(1, shape["upt_per_opd"] + 1):
            org.create_unit(
                agency,
                kind=OrgUnit.Kind.UPT,
                name=f"UPT {short} Wilayah {k}",
                code=f"{code}.UPT{k}",
                parent=opd,
            )
            ctx.count("unit")
    if big:
        _seed_districts(ctx, agency, shape)


def kecamatan_of(agency: Agency) -> list[str]:
    return list(geography()["kecamatan"].get(agency.slug, []))


def _seed_districts(ctx: DemoContext, agency: Agency, shape: dict) -> None:
    """Kecamatan as OPDs with kelurahan as their UPTs: where citizens are served in person."""
    names = kecamatan_of(agency)[: shape["districts"]]
    for d, district_name in enumerate(names, start=1):
        kec = org.create_unit(
            agency,
            kind=OrgUnit.Kind.OPD,
            name=f"Kecamatan {district_name}",
            code=f"KEC{d:02d}",
            short_name=f"Kec. {district_name}",
        )
        ctx.count("unit")
        for v in range(1, shape["villages_per_district"] + 1):
            org.create_unit(
                agency,
                kind=OrgUnit.Kind.UPT,
                name=f"Kelurahan {district_name} {v}",
                code=f"KEC{d:02d}.KEL{v:02d}",
                parent=kec,
            )
            ctx.count("unit")
