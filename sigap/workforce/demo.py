"""Demo ASN populations for the demo pemda (issue 4, item 10).

For each agency: the competency catalogue, a workforce policy, the jabatan catalogue per
unit (heads of OPD, bidang, seksi, UPT, kecamatan and kelurahan; fungsional and pelaksana
staff positions with a formasi above one) with its competency standard and relevant fields
of study, and an ASN population whose records hang together the way a SIASN export does:

* NIP = birth date + TMT CPNS + gender + a sequence unique per (birth date, TMT, gender);
* golongan starts from the education held at CPNS (SMA II/a, D-III II/c, S-1 III/a, S-2
  III/b) and rises every four years or so, on the 1 April / 1 October promotion periods,
  up to the ceiling the education (or a structural post) allows;
* a few years of mutation history per person (appointment, rotations, mutations,
  promotions, the odd special assignment or secondment) with SK numbers;
* competency assessments around the position's standard, uneven between OPDs (seed 002);
* fields of study mostly, not always, relevant to the position (seed 003: "an economics
  graduate to finance"), so that the placement advisor has something to improve;
* some vacant and some over-filled positions, some people retiring within twelve months,
  many due for rotation, and open action items for the handover (serah terima).

Speed: the province scale builds ~69,000 ASN and ~950,000 rows in all, so people are
built in memory as plain tuples, 4,000 at a time, and written with ``executemany``
INSERTs (``bulk_create`` for the catalogue and positions), one transaction per agency:
about 35 s of CPU at province scale, without raising the seed's peak memory.
Neither path goes through django-auditlog. That is acceptable for seed data, which is
generated rather than entered by anyone; the policy is still made through its domain
function and is audited.

Deterministic: every random draw comes from ``ctx.rng`` / ``ctx.faker`` in a fixed order,
so the same ``--seed`` on the same day gives the same people (dates are relative to today
so that "retiring within 12 months" and "rotation due" stay true whenever the demo runs).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from sigap.accounts.models import Role, User
from sigap.platform.bulk import BulkWriter
from sigap.platform.demo import DemoContext
from sigap.platform.stored_text import text
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workforce.models import (
    DEFAULT_BUP,
    ActionItem,
    Assignment,
    Competency,
    CompetencyAssessment,
    Education,
    Employee,
    JabatanType,
    Position,
    PositionRequirement,
    RankHistory,
)
from sigap.workforce.moves import move_kind
from sigap.workforce.reference import (
    classify_study_field,
    competency_catalogue,
    golongan_list,
    golongan_rank,
)
from sigap.workforce.registry import ensure_policy, refresh_latest_golongan

# ASN per agency and scale. The "big" agency is DKI Jakarta (seed 002's staff mobility).
SIZES: dict[str, dict[str, int]] = {
    "small": {"jambi": 150, "tebo": 150, "sawahlunto": 150, "dki-jakarta": 150},
    "city": {"jambi": 800, "tebo": 500, "sawahlunto": 350, "dki-jakarta": 2_000},
    "province": {"jambi": 6_000, "tebo": 3_000, "sawahlunto": 1_500, "dki-jakarta": 60_000},
}
FLUSH_EVERY = 4_000  # employees built in memory before their rows are written
BULK_BATCH = 2_000

J = JabatanType
F, P = J.FUNGSIONAL, J.PELAKSANA

# --------------------------------------------------------------------------- reference


@dataclass(frozen=True)
class StaffTitle:
    title: str
    jabatan_type: str
    fields: tuple[str, ...]  # relevant study-field groups
    technical: tuple[str, ...]  # competency codes of the technical standard


def _t(title: str, kind: str, fields: str, technical: str = "") -> StaffTitle:
    return StaffTitle(title, kind, tuple(fields.split()), tuple(technical.split()))


# Positions of an OPD's secretariat, held at OPD level. Finance second: most OPDs get one.
GENERIC_STAFF = [
    _t("Pengelola Keuangan", P, "ekonomi", "TK-KEUANGAN"),
    _t("Analis Sumber Daya Manusia Aparatur", F, "manajemen sosial hukum", "TK-KEPEGAWAIAN"),
    _t("Perencana", F, "ekonomi manajemen teknik_sipil", "TK-PERENCANAAN"),
    _t("Pengadministrasi Perkantoran", P, "manajemen umum"),
    _t("Pranata Komputer", F, "informatika", "TK-TIK"),
]


@dataclass(frozen=True)
class OpdProfile:
    technical: tuple[str, ...]
    fields: tuple[str, ...]
    staff: tuple[StaffTitle, ...]


def _p(technical: str, fields: str, *staff: StaffTitle) -> OpdProfile:
    return OpdProfile(tuple(technical.split()), tuple(fields.split()), staff)


# Technical standard, relevant fields and typical staff positions per OPD (by unit code).
PROFILES: dict[str, OpdProfile] = {
    "DUKCAPIL": _p(
        "TK-ADMINDUK TK-TIK",
        "manajemen informatika hukum",
        _t("Petugas Registrasi Kependudukan", P, "manajemen umum", "TK-ADMINDUK TK-PENGADUAN"),
        _t("Administrator Database Kependudukan", F, "informatika", "TK-ADMINDUK TK-TIK"),
        _t("Pengolah Data Kependudukan", P, "informatika manajemen umum", "TK-ADMINDUK"),
    ),
    "DPMPTSP": _p(
        "TK-PERIZINAN TK-PENGADUAN",
        "manajemen hukum ekonomi",
        _t("Verifikator Perizinan", P, "hukum teknik_sipil ekonomi", "TK-PERIZINAN"),
        _t("Analis Perizinan Berusaha", F, "hukum ekonomi manajemen", "TK-PERIZINAN"),
        _t("Pengelola Pengaduan", P, "sosial hukum manajemen", "TK-PENGADUAN"),
        _t("Penata Kelola Penanaman Modal", F, "ekonomi", "TK-PERIZINAN TK-PERENCANAAN"),
    ),
    "BKPSDM": _p(
        "TK-KEPEGAWAIAN",
        "manajemen sosial hukum",
        _t("Analis Sumber Daya Manusia Aparatur", F, "manajemen sosial hukum", "TK-KEPEGAWAIAN"),
        _t("Pengelola Data Kepegawaian", P, "informatika manajemen", "TK-KEPEGAWAIAN TK-TIK"),
        _t("Asesor Sumber Daya Manusia Aparatur", F, "sosial", "TK-KEPEGAWAIAN"),
        _t("Widyaiswara", F, "pendidikan manajemen", "TK-KEPEGAWAIAN"),
    ),
    "DINKES": _p(
        "TK-KESEHATAN",
        "kesehatan",
        _t("Perawat", F, "kesehatan", "TK-KESEHATAN"),
        _t("Bidan", F, "kesehatan", "TK-KESEHATAN"),
        _t("Dokter", F, "kesehatan", "TK-KESEHATAN"),
        _t("Nutrisionis", F, "kesehatan", "TK-KESEHATAN"),
        _t("Pengadministrasi Layanan Kesehatan", P, "kesehatan manajemen umum", "TK-KESEHATAN"),
    ),
    "DISDIK": _p(
        "TK-PENDIDIKAN",
        "pendidikan",
        _t("Guru", F, "pendidikan", "TK-PENDIDIKAN"),
        _t("Pengawas Sekolah", F, "pendidikan", "TK-PENDIDIKAN"),
        _t("Pengelola Data Pendidikan", P, "informatika pendidikan", "TK-PENDIDIKAN TK-TIK"),
        _t("Tenaga Administrasi Sekolah", P, "manajemen umum", "TK-PENDIDIKAN"),
    ),
    "INSPEKTORAT": _p(
        "TK-PENGAWASAN TK-KEUANGAN",
        "ekonomi hukum",
        _t("Auditor", F, "ekonomi", "TK-PENGAWASAN TK-KEUANGAN"),
        _t(
            "Pengawas Penyelenggaraan Urusan Pemerintahan Daerah",
            F,
            "hukum manajemen",
            "TK-PENGAWASAN TK-HUKUM",
        ),
        _t("Pengadministrasi Pengawasan", P, "manajemen ekonomi", "TK-PENGAWASAN"),
    ),
    "BAPPEDA": _p(
        "TK-PERENCANAAN",
        "ekonomi teknik_sipil manajemen",
        _t("Perencana", F, "ekonomi teknik_sipil manajemen", "TK-PERENCANAAN"),
        _t("Analis Data dan Informasi", P, "informatika", "TK-PERENCANAAN TK-TIK"),
        _t("Penyusun Program dan Anggaran", P, "ekonomi manajemen", "TK-PERENCANAAN TK-KEUANGAN"),
    ),
    "BPKAD": _p(
        "TK-KEUANGAN",
        "ekonomi",
        _t("Analis Keuangan Pusat dan Daerah", F, "ekonomi", "TK-KEUANGAN"),
        _t("Bendahara", P, "ekonomi", "TK-KEUANGAN"),
        _t("Penyusun Laporan Keuangan", P, "ekonomi", "TK-KEUANGAN"),
        _t("Pengelola Barang Milik Daerah", P, "ekonomi manajemen", "TK-KEUANGAN"),
    ),
    "DINSOS": _p(
        "TK-PENGADUAN",
        "sosial",
        _t("Pekerja Sosial", F, "sosial", "TK-PENGADUAN"),
        _t("Penyuluh Sosial", F, "sosial", "TK-KOMUNIKASI-PUBLIK"),
        _t("Pengelola Bantuan Sosial", P, "sosial ekonomi", "TK-PENGADUAN TK-KEUANGAN"),
    ),
    "KOMINFO": _p(
        "TK-TIK TK-KOMUNIKASI-PUBLIK",
        "informatika sosial",
        _t("Pranata Komputer", F, "informatika", "TK-TIK"),
        _t("Pranata Hubungan Masyarakat", F, "sosial", "TK-KOMUNIKASI-PUBLIK"),
        _t("Statistisi", F, "informatika", "TK-TIK TK-PERENCANAAN"),
        _t("Pengelola Layanan Aspirasi", P, "sosial manajemen", "TK-PENGADUAN"),
    ),
    "PUPR": _p(
        "TK-INFRASTRUKTUR",
        "teknik_sipil",
        _t("Teknik Jalan dan Jembatan", F, "teknik_sipil", "TK-INFRASTRUKTUR"),
        _t("Teknik Pengairan", F, "teknik_sipil", "TK-INFRASTRUKTUR"),
        _t("Penata Ruang", F, "teknik_sipil", "TK-INFRASTRUKTUR TK-PERENCANAAN"),
        _t("Pengawas Lapangan", P, "teknik_sipil umum", "TK-INFRASTRUKTUR"),
    ),
    "DISHUB": _p(
        "TK-INFRASTRUKTUR",
        "teknik_sipil manajemen",
        _t("Penguji Kendaraan Bermotor", F, "teknik_sipil umum", "TK-INFRASTRUKTUR"),
        _t("Petugas Pengatur Lalu Lintas", P, "umum", "TK-INFRASTRUKTUR"),
        _t("Analis Transportasi", P, "teknik_sipil ekonomi", "TK-PERENCANAAN"),
    ),
    "DLH": _p(
        "TK-INFRASTRUKTUR",
        "pertanian teknik_sipil",
        _t("Pengendali Dampak Lingkungan", F, "teknik_sipil pertanian", "TK-INFRASTRUKTUR"),
        _t("Pengawas Lingkungan Hidup", F, "pertanian teknik_sipil", "TK-PENGAWASAN"),
        _t("Pengelola Persampahan", P, "umum teknik_sipil", "TK-INFRASTRUKTUR"),
    ),
    "DISNAKER": _p(
        "TK-PERIZINAN TK-HUKUM",
        "hukum manajemen ekonomi",
        _t("Mediator Hubungan Industrial", F, "hukum", "TK-HUKUM"),
        _t("Pengantar Kerja", F, "sosial manajemen", "TK-PERIZINAN"),
        _t("Pengawas Ketenagakerjaan", F, "hukum", "TK-HUKUM TK-PENGAWASAN"),
    ),
    "DISKOP": _p(
        "TK-KEUANGAN TK-PERIZINAN",
        "ekonomi",
        _t("Pengawas Koperasi", F, "ekonomi", "TK-KEUANGAN TK-PENGAWASAN"),
        _t("Penyuluh Koperasi", F, "ekonomi sosial", "TK-KEUANGAN"),
        _t("Pendamping Usaha Mikro", P, "ekonomi manajemen", "TK-PERIZINAN"),
    ),
    "SATPOLPP": _p(
        "TK-HUKUM",
        "hukum",
        _t("Polisi Pamong Praja", F, "hukum umum", "TK-HUKUM"),
        _t("Penyidik Pegawai Negeri Sipil", P, "hukum", "TK-HUKUM"),
    ),
    "BPBD": _p(
        "TK-INFRASTRUKTUR TK-KOMUNIKASI-PUBLIK",
        "teknik_sipil sosial",
        _t("Analis Kebencanaan", F, "teknik_sipil sosial", "TK-INFRASTRUKTUR"),
        _t("Petugas Pusat Pengendalian Operasi", P, "informatika umum", "TK-KOMUNIKASI-PUBLIK"),
        _t("Pengelola Logistik", P, "manajemen ekonomi", "TK-KEUANGAN"),
    ),
    "DISPAR": _p(
        "TK-KOMUNIKASI-PUBLIK TK-PERENCANAAN",
        "ekonomi sosial",
        _t("Adyatama Kepariwisataan dan Ekonomi Kreatif", F, "ekonomi sosial", "TK-PERENCANAAN"),
        _t("Pengelola Destinasi Wisata", P, "manajemen sosial", "TK-KOMUNIKASI-PUBLIK"),
    ),
    "DISTAN": _p(
        "TK-PERENCANAAN",
        "pertanian ekonomi",
        _t("Penyuluh Pertanian", F, "pertanian", "TK-PERENCANAAN"),
        _t("Pengawas Mutu Hasil Pertanian", F, "pertanian", "TK-PENGAWASAN"),
        _t("Analis Ketahanan Pangan", P, "pertanian ekonomi", "TK-PERENCANAAN"),
    ),
    "DISDAG": _p(
        "TK-PERIZINAN",
        "ekonomi hukum",
        _t("Pengawas Perdagangan", F, "ekonomi hukum", "TK-PERIZINAN TK-PENGAWASAN"),
        _t("Penera", F, "teknik_sipil umum", "TK-PENGAWASAN"),
        _t("Analis Pasar", P, "ekonomi", "TK-PERENCANAAN"),
    ),
    # Kecamatan and kelurahan: where citizens are served in person.
    "KEC": _p(
        "TK-ADMINDUK TK-PENGADUAN",
        "manajemen sosial",
        _t("Pengadministrasi Kependudukan", P, "manajemen umum", "TK-ADMINDUK"),
        _t("Analis Pelayanan", P, "manajemen sosial", "TK-PENGADUAN TK-PERIZINAN"),
        _t("Pengelola Keuangan", P, "ekonomi", "TK-KEUANGAN"),
        _t("Pengelola Pemberdayaan Masyarakat", P, "sosial", "TK-PENGADUAN"),
    ),
}
DEFAULT_PROFILE = PROFILES["DUKCAPIL"]

MANAGERIAL = [
    "MNJ-INTEGRITAS",
    "MNJ-KERJASAMA",
    "MNJ-KOMUNIKASI",
    "MNJ-ORIENTASI-HASIL",
    "MNJ-PELAYANAN",
    "MNJ-PENGEMBANGAN-DIRI",
    "MNJ-PERUBAHAN",
    "MNJ-KEPUTUSAN",
]
SOCIO_CULTURAL = "SK-PEREKAT-BANGSA"


@dataclass(frozen=True)
class TypeProfile:
    """Standard and population shape of one jabatan type."""

    managerial: int  # how many managerial competencies the standard lists
    managerial_level: int
    socio_level: int
    technical_level: int
    min_golongan: str
    age: tuple[float, float]  # typical age band of holders
    min_service: int  # years of service before holding it
    education: tuple[tuple[str, float], ...]
    rank_cap: str  # golongan a structural post lets its holder reach
    rank: int  # for "promotion" vs "rotation"


TYPES: dict[str, TypeProfile] = {
    J.JPT_PRATAMA: TypeProfile(
        8, 4, 4, 3, "IV/b", (48, 59.5), 22, (("S2", 0.75), ("S1", 0.2), ("S3", 0.05)), "IV/d", 5
    ),
    J.ADMINISTRATOR: TypeProfile(
        6, 3, 3, 3, "III/d", (40, 57.5), 14, (("S2", 0.45), ("S1", 0.55)), "IV/b", 4
    ),
    J.PENGAWAS: TypeProfile(
        5, 3, 3, 3, "III/b", (33, 57.5), 8, (("S1", 0.7), ("S2", 0.15), ("D3", 0.15)), "III/d", 3
    ),
    F: TypeProfile(
        4,
        2,
        2,
        3,
        "III/a",
        (24, 57.5),
        1,
        (("S1", 0.68), ("D3", 0.15), ("D4", 0.07), ("S2", 0.1)),
        "IV/a",
        2,
    ),
    P: TypeProfile(
        3, 2, 1, 2, "II/a", (21, 57.5), 0, (("SMA", 0.35), ("D3", 0.25), ("S1", 0.4)), "", 1
    ),
}
HEAD_TYPES = {J.JPT_PRATAMA, J.ADMINISTRATOR, J.PENGAWAS}

# Age at CPNS by the education held then; golongan at entry and the regular ceiling.
CPNS_AGE = {
    "SMA": (19, 30),
    "D3": (21, 32),
    "D4": (22, 33),
    "S1": (23, 35),
    "S2": (25, 35),
    "S3": (28, 38),
}
ENTRY_GOLONGAN = {
    "SMA": "II/a",
    "D3": "II/c",
    "D4": "III/a",
    "S1": "III/a",
    "S2": "III/b",
    "S3": "III/c",
}
EDUCATION_CAP = {
    "SMA": "III/b",
    "D3": "III/c",
    "D4": "III/d",
    "S1": "III/d",
    "S2": "IV/a",
    "S3": "IV/b",
}

# (field of study, S-1 degree) per study-field group; the group follows from the name
# through reference.classify_study_field (checked in the tests).
FIELDS: dict[str, list[tuple[str, str]]] = {
    "ekonomi": [
        ("Akuntansi", "S.Ak."),
        ("Ekonomi Pembangunan", "S.E."),
        ("Manajemen Keuangan", "S.E."),
        ("Perpajakan", "S.E."),
    ],
    "manajemen": [
        ("Administrasi Negara", "S.AP"),
        ("Ilmu Pemerintahan", "S.IP"),
        ("Administrasi Publik", "S.AP"),
        ("Manajemen", "S.M."),
    ],
    "hukum": [("Ilmu Hukum", "S.H."), ("Hukum Tata Negara", "S.H.")],
    "kesehatan": [
        ("Keperawatan", "S.Kep."),
        ("Kebidanan", "S.Keb."),
        ("Kesehatan Masyarakat", "S.K.M."),
        ("Farmasi", "S.Farm."),
        ("Gizi", "S.Gz."),
        ("Kedokteran", "dr."),
    ],
    "pendidikan": [
        ("Pendidikan Matematika", "S.Pd."),
        ("Pendidikan Bahasa Indonesia", "S.Pd."),
        ("Bimbingan Konseling", "S.Pd."),
        ("Pendidikan Guru Sekolah Dasar", "S.Pd."),
    ],
    "teknik_sipil": [
        ("Teknik Sipil", "S.T."),
        ("Arsitektur", "S.Ars."),
        ("Perencanaan Wilayah dan Kota", "S.PWK"),
        ("Teknik Lingkungan", "S.T."),
    ],
    "informatika": [
        ("Teknik Informatika", "S.Kom."),
        ("Sistem Informasi", "S.Kom."),
        ("Ilmu Komputer", "S.Kom."),
        ("Statistika", "S.Stat."),
    ],
    "sosial": [
        ("Sosiologi", "S.Sos."),
        ("Ilmu Komunikasi", "S.I.Kom."),
        ("Psikologi", "S.Psi."),
        ("Kesejahteraan Sosial", "S.Sos."),
    ],
    "pertanian": [
        ("Agribisnis", "S.P."),
        ("Kehutanan", "S.Hut."),
        ("Peternakan", "S.Pt."),
        ("Perikanan", "S.Pi."),
    ],
}
MASTER_FIELDS: dict[str, tuple[str, str]] = {
    "ekonomi": ("Magister Akuntansi", "M.Ak."),
    "manajemen": ("Magister Administrasi Publik", "M.AP"),
    "hukum": ("Magister Ilmu Hukum", "M.H."),
    "kesehatan": ("Magister Kesehatan Masyarakat", "M.K.M."),
    "pendidikan": ("Magister Pendidikan", "M.Pd."),
    "teknik_sipil": ("Magister Teknik Sipil", "M.T."),
    "informatika": ("Magister Ilmu Komputer", "M.Kom."),
    "sosial": ("Magister Ilmu Komunikasi", "M.I.Kom."),
    "pertanian": ("Magister Agribisnis", "M.P."),
}
SCHOOL_FIELDS = ["IPA", "IPS", "SMK Akuntansi", "SMK Teknik Komputer dan Jaringan"]
FIELD_GROUPS = list(FIELDS)

NATIONAL_UNIVERSITIES = [
    "Universitas Indonesia",
    "Universitas Gadjah Mada",
    "Institut Teknologi Bandung",
    "Institut Pertanian Bogor",
    "Universitas Padjadjaran",
    "Universitas Terbuka",
    "Institut Pemerintahan Dalam Negeri",
    "Politeknik STIA LAN Jakarta",
]
LOCAL: dict[str, tuple[str, list[str]]] = {
    # city for school names, nearby universities
    "jambi": ("Jambi", ["Universitas Jambi", "Universitas Batanghari", "Poltekkes Kemenkes Jambi"]),
    "tebo": (
        "Muara Tebo",
        ["Universitas Jambi", "Universitas Muara Bungo", "Universitas Batanghari"],
    ),
    "sawahlunto": (
        "Sawahlunto",
        ["Universitas Andalas", "Universitas Negeri Padang", "Poltekkes Kemenkes Padang"],
    ),
    "dki-jakarta": (
        "Jakarta",
        ["Universitas Negeri Jakarta", "Universitas Trisakti", "Poltekkes Kemenkes Jakarta I"],
    ),
}

# Codes of CompetencyAssessment.Method (the page and the API accept only these).
ASSESSMENT_METHODS = ["assessment_center", "uji_kompetensi", "penilaian_atasan"]
ACTION_TITLES = [
    "Tindak lanjut temuan audit Inspektorat tahun {year}",
    "Penyusunan SOP pelayanan {unit}",
    "Evaluasi hasil survei kepuasan masyarakat semester {half}",
    "Laporan kinerja triwulan {quarter} tahun {year}",
    "Penyelesaian pengaduan masyarakat yang tertunda di {unit}",
    "Pemutakhiran data kepegawaian SIASN {unit}",
    "Monitoring realisasi anggaran {unit}",
    "Persiapan evaluasi SAKIP {unit}",
    "Rekonsiliasi aset {unit}",
]

RETIRING_SOON_SHARE = 0.03
PPPK_SHARE = 0.10  # of fungsional and pelaksana staff


@cache
def _field_group(field_of_study: str) -> str:
    return classify_study_field(field_of_study)


@cache
def _golongan_codes() -> list[str]:
    return [g.code for g in golongan_list()]


def _next_golongan(code: str) -> str:
    codes = _golongan_codes()
    return codes[min(codes.index(code) + 1, len(codes) - 1)]


def _years(n: float) -> dt.timedelta:
    return dt.timedelta(days=round(n * 365.25))


def _promotion_period(day: dt.date) -> dt.date:
    """Kenaikan pangkat takes effect on 1 April or 1 October: the first on or after ``day``."""
    if day <= dt.date(day.year, 4, 1):
        return dt.date(day.year, 4, 1)
    if day <= dt.date(day.year, 10, 1):
        return dt.date(day.year, 10, 1)
    return dt.date(day.year + 1, 4, 1)


# --------------------------------------------------------------------------- positions


@dataclass
class PositionPlan:
    unit: OrgUnit
    code: str
    title: str
    jabatan_type: str
    formasi: int
    relevant_fields: list[str]
    technical: tuple[str, ...]
    opd_root: str  # code of the OPD (or kecamatan) the unit belongs to
    is_head: bool
    holders: int = 0
    position_id: int = 0


def _head_title(unit: OrgUnit) -> str:
    if unit.kind == OrgUnit.Kind.OPD:
        if unit.code == "INSPEKTORAT":
            return "Inspektur Daerah"
        if unit.code.startswith("KEC"):
            return unit.name.replace("Kecamatan", "Camat", 1)
        return f"Kepala {unit.name}"
    if unit.kind == OrgUnit.Kind.UPT and unit.code.startswith("KEC"):
        return unit.name.replace("Kelurahan", "Lurah", 1)
    return f"Kepala {unit.name}"


def _head_type(unit: OrgUnit) -> str:
    if unit.kind == OrgUnit.Kind.OPD:
        return J.ADMINISTRATOR if unit.code.startswith("KEC") else J.JPT_PRATAMA
    if unit.kind == OrgUnit.Kind.BIDANG:
        return J.ADMINISTRATOR
    return J.PENGAWAS  # seksi, UPT, kelurahan


def _profile(opd_root: str) -> OpdProfile:
    return PROFILES.get("KEC" if opd_root.startswith("KEC") else opd_root, DEFAULT_PROFILE)


# Share of the staff budget each unit kind gets, and how many staff positions it may have.
STAFF_WEIGHT = {"opd": 3.0, "bidang": 2.0, "seksi": 1.0, "upt": 2.5, "kec": 2.0, "kel": 2.0}
MAX_STAFF_POSITIONS = {"opd": 4, "bidang": 3, "seksi": 2, "upt": 3, "kec": 3, "kel": 2}


def _unit_class(unit: OrgUnit) -> str:
    if unit.code.startswith("KEC"):
        return "kec" if unit.kind == OrgUnit.Kind.OPD else "kel"
    return str(unit.kind)


def plan_positions(ctx: DemoContext, units: list[OrgUnit], target: int) -> list[PositionPlan]:
    """Heads for every unit, then staff positions sized so that the formasi adds up to
    about ``target`` (error diffusion across units keeps the total close at any scale)."""
    rng = ctx.rng
    plans: list[PositionPlan] = []
    for unit in units:
        root = unit.code.split(".")[0]
        profile = _profile(root)
        head_type = _head_type(unit)
        plans.append(
            PositionPlan(
                unit,
                f"{unit.code}.KEPALA",
                _head_title(unit),
                head_type,
                1,
                list(profile.fields),
                profile.technical[:2],
                root,
                True,
            )
        )
        if unit.kind == OrgUnit.Kind.OPD:
            secretary = (
                unit.name.replace("Kecamatan", "Sekretaris Kecamatan", 1)
                if root.startswith("KEC")
                else f"Sekretaris {unit.short_name or unit.name}"
            )
            plans.append(
                PositionPlan(
                    unit,
                    f"{unit.code}.SEKRETARIS",
                    secretary,
                    J.ADMINISTRATOR,
                    1,
                    ["manajemen", "ekonomi"],
                    ("TK-PERENCANAAN", "TK-KEUANGAN"),
                    root,
                    True,
                )
            )
    budget = max(0, target - len(plans))
    total_weight = sum(STAFF_WEIGHT[_unit_class(u)] for u in units) or 1.0
    per_weight = budget / total_weight
    carry = 0.0
    for unit in units:
        cls = _unit_class(unit)
        root = unit.code.split(".")[0]
        profile = _profile(root)
        carry += per_weight * STAFF_WEIGHT[cls]
        allocation = int(carry)
        # Every OPD keeps a secretariat (finance, HR...), even at the smallest scale.
        if cls == "opd":
            allocation = max(allocation, 2)
        if allocation < 2:
            continue
        carry -= allocation
        n = min(MAX_STAFF_POSITIONS[cls], allocation // 2, max(1, allocation // 6))
        if cls == "opd":
            # Service OPDs put a front-desk position at OPD level; then the secretariat.
            candidates = [profile.staff[0], *GENERIC_STAFF]
        else:
            candidates = list(profile.staff)
            rng.shuffle(candidates)
        chosen = _unique_titles(candidates)[:n]
        shares = [rng.uniform(0.6, 1.4) for _ in chosen]
        formasi = _split(allocation, shares)
        for i, (title, f) in enumerate(zip(chosen, formasi, strict=True), start=1):
            plans.append(
                PositionPlan(
                    unit,
                    f"{unit.code}.J{i}",
                    title.title,
                    title.jabatan_type,
                    f,
                    list(title.fields),
                    title.technical,
                    root,
                    False,
                )
            )
    return plans


def _unique_titles(titles: list[StaffTitle]) -> list[StaffTitle]:
    seen: set[str] = set()
    out = []
    for t in titles:
        if t.title not in seen:
            seen.add(t.title)
            out.append(t)
    return out


def _split(total: int, shares: list[float]) -> list[int]:
    """``total`` in parts of at least 2, proportional to ``shares`` (largest remainder)."""
    n = len(shares)
    rest = total - 2 * n
    s = sum(shares)
    raw = [rest * x / s for x in shares]
    parts = [2 + int(r) for r in raw]
    left = total - sum(parts)
    order = sorted(range(n), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    for i in order[:left]:
        parts[i] += 1
    return parts


def decide_occupancy(ctx: DemoContext, plans: list[PositionPlan], keep_filled: set[str]) -> None:
    """How many people hold each position: mostly the formasi, some vacant, some over."""
    rng = ctx.rng
    for plan in plans:
        if plan.is_head:
            plan.holders = 0 if rng.random() < 0.07 else 1
        else:
            f, r = plan.formasi, rng.random()
            if r < 0.62:
                plan.holders = f
            elif r < 0.85:
                plan.holders = f - rng.randint(1, max(1, f // 4))
            else:
                plan.holders = f + rng.randint(1, max(1, f // 10))
        if plan.code in keep_filled:
            plan.holders = max(plan.holders, plan.formasi)
    # Every agency shows the advisor and the continuity page something to work on.
    heads = [p for p in plans if p.is_head and p.code not in keep_filled]
    vacant = [p for p in heads if p.holders == 0]
    for plan in rng.sample(heads, min(len(heads), max(0, 2 - len(vacant)))):
        plan.holders = 0
    staff = [p for p in plans if not p.is_head]
    if staff and not any(p.holders > p.formasi for p in staff):
        rng.choice(staff).holders += 1
    if staff and not any(p.holders < p.formasi for p in staff):
        plan = rng.choice(staff)
        plan.holders = plan.formasi - 1


# --------------------------------------------------------------------------- people


@dataclass
class Batch:
    """Rows of up to FLUSH_EVERY people, written together once their pks exist."""

    employees: list[tuple] = field(default_factory=list)
    educations: list[tuple] = field(default_factory=list)
    ranks: list[tuple] = field(default_factory=list)
    assignments: list[tuple] = field(default_factory=list)
    assessments: list[tuple] = field(default_factory=list)
    actions: list[tuple] = field(default_factory=list)
    holds: list[tuple[int, str]] = field(default_factory=list)  # (index, position code)


class AgencyBuilder:
    def __init__(
        self,
        ctx: DemoContext,
        agency: Agency,
        plans: list[PositionPlan],
        competencies: dict[str, int],
        nip_sequences: dict[str, int],
    ) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.agency = agency
        self.plans = plans
        self.nip_sequences = nip_sequences
        self.today = agency.today()
        self.city, local_universities = LOCAL.get(agency.slug, ("Jakarta", []))
        self.universities = local_universities * 3 + NATIONAL_UNIVERSITIES
        self.sk_counter: dict[tuple[str, int], int] = defaultdict(int)
        self.batch = Batch()
        self.holders: dict[str, list[int]] = defaultdict(list)  # position code -> employee pks
        self.requirements = _requirements_by_code(plans, competencies)
        self.by_type: dict[str, list[PositionPlan]] = defaultdict(list)
        for plan in plans:
            self.by_type[plan.jabatan_type].append(plan)
        self.staff_plans = self.by_type[F] + self.by_type[P]
        self.staff_by_root: dict[str, list[PositionPlan]] = defaultdict(list)
        for plan in self.staff_plans:
            self.staff_by_root[plan.opd_root].append(plan)
        # Uneven competency between OPDs (seed 002): a per-OPD offset on assessed levels.
        roots = sorted({p.opd_root for p in plans})
        self.opd_offset = {root: self.rng.gauss(0, 0.45) for root in roots}
        self.counts: dict[str, int] = defaultdict(int)

    # -- numbering

    def sk(self, code: str, day: dt.date) -> str:
        """Nomor SK in the usual pemda form, e.g. 821.2/123/BKPSDM/2023."""
        self.sk_counter[(code, day.year)] += 1
        return f"{code}/{self.sk_counter[(code, day.year)]}/BKPSDM/{day.year}"

    def nip(self, birth: dt.date, tmt: dt.date, gender: str) -> str:
        g = "1" if gender == "L" else "2"
        prefix = f"{birth.year:04d}{birth.month:02d}{birth.day:02d}{tmt.year:04d}{tmt.month:02d}{g}"
        # Nomor urut per (birth date, TMT, gender), shared by all demo pemda: a NIP is
        # national, so no two demo ASN anywhere share one.
        sequence = self.nip_sequences[prefix] = self.nip_sequences.get(prefix, 0) + 1
        if sequence > 999:
            raise RuntimeError(f"NIP sequence exhausted for {prefix}")  # three digits only
        return f"{prefix}{sequence:03d}"

    # -- one person

    def person(
        self, plan: PositionPlan, *, retiring_soon: bool = False, force_actions: int = 0
    ) -> None:
        rng, today = self.rng, self.today
        tp = TYPES[plan.jabatan_type]
        bup = DEFAULT_BUP[plan.jabatan_type]
        is_pppk = plan.jabatan_type in (F, P) and rng.random() < PPPK_SHARE
        gender = "P" if rng.random() < (0.5 if plan.jabatan_type in (F, P) else 0.3) else "L"
        education = _weighted(rng, tp.education)
        cpns_lo, cpns_hi = CPNS_AGE[education]
        min_service = 0 if is_pppk else tp.min_service
        age_lo = max(tp.age[0], cpns_lo + min_service + 0.2)
        age_hi = min(tp.age[1], bup - 1.0)
        if retiring_soon:
            age = bup - rng.uniform(0.05, 0.85)  # retires within the next twelve months
        else:
            age = rng.uniform(age_lo, max(age_lo, age_hi))
        birth = today - _years(age)
        if is_pppk:
            # PPPK were first appointed in 2019; contract staff join at any age.
            year = rng.randint(2019, today.year - 1 if today.month < 3 else today.year)
            start = dt.date(year, rng.choice([1, 3, 4, 7]), 1)
            if start > today:
                start = dt.date(year - 1, 3, 1)
            if (start - birth).days < 365.25 * 19:
                birth = start - _years(rng.uniform(20, 30))
        else:
            cpns_age = rng.uniform(cpns_lo, max(cpns_lo, min(cpns_hi, age - min_service - 0.1)))
            day = birth + _years(cpns_age)
            start = dt.date(day.year, day.month, 1)
        gelar_pre, gelar_post, educations, cpns_level = self.education_history(
            plan, education, birth, start, gender
        )
        first = (
            self.ctx.faker.first_name_female()
            if gender == "P"
            else self.ctx.faker.first_name_male()
        )
        last = (
            self.ctx.faker.last_name_female() if gender == "P" else self.ctx.faker.last_name_male()
        )
        name = f"{gelar_pre}{first} {last}{gelar_post}"
        identifier = self.nip(birth, start, gender)
        # PPPK number layout is unconfirmed: demo numbers reuse the NIP pattern.
        nip, pppk_number = (None, identifier) if is_pppk else (identifier, None)
        kind = Employee.Kind.PPPK if is_pppk else Employee.Kind.PNS
        employee = (kind, nip, pppk_number, name, gender, birth, start)
        b = self.batch
        idx = len(b.employees)
        b.employees.append(employee)
        b.holds.append((idx, plan.code))
        for row in educations:
            b.educations.append((idx, *row))
        if not is_pppk:
            self.rank_history(idx, plan, education, cpns_level, start)
        unit_id = self.assignment_history(idx, plan, start)
        self.assessments(idx, plan, start)
        self.action_items(idx, plan, unit_id, force_actions)

    def education_history(
        self, plan: PositionPlan, level: str, birth: dt.date, start: dt.date, gender: str
    ) -> tuple[str, str, list[tuple], str]:
        """Rows (level, field, group, institution, year), the degree titles and the level
        held at CPNS (a master's is often earned later, on tugas belajar)."""
        rng = self.rng
        school_year = birth.year + 18
        rows: list[tuple] = [
            ("SMA", f := rng.choice(SCHOOL_FIELDS), _field_group(f), self.school(f), school_year)
        ]
        if level == "SMA":
            return "", "", rows, "SMA"
        relevant = plan.relevant_fields and rng.random() < (0.75 if plan.is_head else 0.65)
        groups = [g for g in plan.relevant_fields if g in FIELDS]
        group = rng.choice(groups) if relevant and groups else rng.choice(FIELD_GROUPS)
        options = FIELDS[group]
        if level in ("D3", "D4"):
            options = [o for o in options if o[1] != "dr."] or FIELDS["manajemen"]
        if gender == "L":
            options = [o for o in options if o[0] != "Kebidanan"]  # midwifery admits women
        field_name, degree = rng.choice(options)
        first_level = "S1" if level in ("S2", "S3") else level
        later_master = level in ("S2", "S3") and rng.random() < 0.5
        first_year = min(
            start.year - rng.randint(0, 2),
            school_year + (3 if level == "D3" else 4) + rng.randint(0, 2),
        )
        first_year = max(first_year, school_year + 3)
        rows.append(
            (
                first_level,
                field_name,
                _field_group(field_name),
                rng.choice(self.universities),
                first_year,
            )
        )
        pre = "dr. " if degree == "dr." else ""
        post = "" if degree == "dr." else f", {degree}"
        if first_level == "D3":
            post = ", A.Md."
        elif first_level == "D4":
            post = ", S.Tr."
        cpns_level = first_level
        if level in ("S2", "S3"):
            master_group = group if rng.random() < 0.6 else "manajemen"
            master_name, master_degree = MASTER_FIELDS[master_group]
            if later_master and start.year + 4 <= self.today.year:
                year = rng.randint(start.year + 3, self.today.year - 1)
            else:
                year = max(first_year + 2, min(start.year, first_year + rng.randint(2, 4)))
            if year <= start.year:
                cpns_level = "S2"
            rows.append(
                ("S2", master_name, _field_group(master_name), rng.choice(self.universities), year)
            )
            post += f", {master_degree}"
            if level == "S3":
                doctor_year = min(self.today.year, year + rng.randint(3, 8))
                rows.append(
                    (
                        "S3",
                        "Ilmu Administrasi",
                        _field_group("Ilmu Administrasi"),
                        rng.choice(NATIONAL_UNIVERSITIES),
                        doctor_year,
                    )
                )
                pre = "Dr. " + pre
        return pre, post, rows, cpns_level

    def school(self, field_of_study: str) -> str:
        kind = "SMK" if field_of_study.startswith("SMK") else "SMA"
        return f"{kind} Negeri {self.rng.randint(1, 12)} {self.city}"

    def rank_history(
        self, idx: int, plan: PositionPlan, education: str, cpns_level: str, start: dt.date
    ) -> None:
        rng, tp = self.rng, TYPES[plan.jabatan_type]
        golongan = ENTRY_GOLONGAN[cpns_level]
        cap = max(EDUCATION_CAP[education], tp.rank_cap, key=golongan_rank)
        self.batch.ranks.append(
            (idx, golongan, start, self.sk("813.3", start - dt.timedelta(days=30)))
        )
        tmt = start
        structural = plan.jabatan_type in HEAD_TYPES
        while golongan_rank(golongan) < golongan_rank(cap):
            # Regular promotion every four years; structural posts sometimes sooner (pilihan).
            interval = rng.choice([3, 4, 4] if structural else [4, 4, 5, 6])
            tmt = _promotion_period(tmt + _years(interval) - dt.timedelta(days=60))
            if tmt > self.today:
                break
            golongan = _next_golongan(golongan)
            self.batch.ranks.append(
                (idx, golongan, tmt, self.sk("823.3", tmt - dt.timedelta(days=45)))
            )

    def assignment_history(self, idx: int, plan: PositionPlan, start: dt.date) -> int:
        """Appointment, a few moves, then the current post. Returns the current unit's id."""
        rng, today = self.rng, self.today
        service_days = (today - start).days
        tenure = rng.triangular(0.1, 9.5, 2.0)
        tenure_days = min(round(tenure * 365.25), service_days)
        if plan.is_head:
            tenure_days = min(tenure_days, max(30, service_days - 365))
        current_start = today - dt.timedelta(days=tenure_days)
        moves: list[tuple[PositionPlan, dt.date]] = []
        if (current_start - start).days >= 180:
            moves.append((self.earlier_position(plan, first=True), start))
            room = (current_start - start).days - 360
            if room > 360:
                k = rng.choice([0, 1, 1, 2])
                offsets = (
                    sorted(rng.sample(range(180, 180 + room, 60), k)) if room // 60 >= k else []
                )
                for off in offsets:
                    moves.append(
                        (self.earlier_position(plan, first=False), start + dt.timedelta(days=off))
                    )
        else:
            current_start = start
        moves.append((plan, current_start))
        # Appointed straight into the post they still hold: one row, not a "move" to itself.
        moves = [m for i, m in enumerate(moves) if i == 0 or m[0] is not moves[i - 1][0]]
        previous: PositionPlan | None = None
        for i, (p, day) in enumerate(moves):
            ends = moves[i + 1][1] - dt.timedelta(days=1) if i + 1 < len(moves) else None
            # The one rule (moves.py); the OPD code stands in for the unit path's top.
            kind = move_kind(
                previous.jabatan_type if previous else None,
                previous.opd_root if previous else None,
                p.jabatan_type,
                p.opd_root,
            )
            sk_date = day - dt.timedelta(days=rng.randint(3, 40))
            self.batch.assignments.append(
                (
                    idx,
                    p.position_id,
                    kind,
                    True,
                    self.sk("821.2", sk_date),
                    sk_date,
                    day,
                    ends,
                    "",
                    None,
                )
            )
            previous = p
        if rng.random() < 0.05 and service_days > 720:
            # A past special assignment or secondment, alongside the primary post.
            kind = rng.choice([Assignment.Kind.SPECIAL, Assignment.Kind.SECONDMENT])
            begin = start + dt.timedelta(days=rng.randint(180, service_days - 400))
            end = begin + dt.timedelta(days=rng.randint(90, 360))
            other = rng.choice(self.plans)
            self.batch.assignments.append(
                (
                    idx,
                    other.position_id,
                    kind,
                    False,
                    self.sk("800.1.11", begin),
                    begin,
                    begin,
                    end,
                    "",
                    text("demo_data"),  # notes.ASSIGNMENT_NOTES
                )
            )
        return plan.unit.pk

    def earlier_position(self, plan: PositionPlan, *, first: bool) -> PositionPlan:
        rng = self.rng
        if not first and plan.jabatan_type == J.JPT_PRATAMA and self.by_type[J.ADMINISTRATOR]:
            return rng.choice(self.by_type[J.ADMINISTRATOR])
        if not first and plan.jabatan_type == J.ADMINISTRATOR and self.by_type[J.PENGAWAS]:
            return rng.choice(self.by_type[J.PENGAWAS])
        if not plan.is_head and rng.random() < 0.4:
            return plan  # stayed in the same kind of post, e.g. appointed straight into it
        same_opd = self.staff_by_root.get(plan.opd_root)
        if same_opd and rng.random() < 0.5:
            return rng.choice(same_opd)  # careers mostly grow inside one OPD
        return rng.choice(self.staff_plans or self.plans)

    def assessments(self, idx: int, plan: PositionPlan, start: dt.date) -> None:
        rng, today = self.rng, self.today
        aptitude = rng.gauss(0, 0.7) + self.opd_offset[plan.opd_root]
        earliest = max(start, today - dt.timedelta(days=3 * 365))
        span = max(1, (today - earliest).days)
        assessed_on = earliest + dt.timedelta(days=rng.randrange(span))
        method = rng.choice(ASSESSMENT_METHODS)
        for competency_id, required in self.requirements[plan.code]:
            level = min(5, max(1, round(required + aptitude + rng.gauss(0, 0.6) - 0.3)))
            self.batch.assessments.append((idx, competency_id, level, assessed_on, method))
            if rng.random() < 0.08 and (assessed_on - start).days > 800:
                # An older assessment: the history the gap report compares against.
                earlier = assessed_on - dt.timedelta(days=rng.randint(400, 800))
                self.batch.assessments.append(
                    (
                        idx,
                        competency_id,
                        max(1, level - rng.randint(0, 1)),
                        earlier,
                        "Uji kompetensi",
                    )
                )

    def action_items(self, idx: int, plan: PositionPlan, unit_id: int, force: int) -> None:
        rng, today = self.rng, self.today
        n = force
        if not n and rng.random() < (0.5 if plan.is_head else 0.04):
            n = rng.randint(1, 3)
        for i in range(n):
            title = rng.choice(ACTION_TITLES).format(
                year=today.year - rng.randint(0, 1),
                half=rng.randint(1, 2),
                quarter=rng.randint(1, 4),
                unit=plan.unit.short_name or plan.unit.name,
            )
            due = today + dt.timedelta(days=rng.randint(-60, 120))
            done = i >= force and rng.random() < 0.3
            status = ActionItem.Status.DONE if done else ActionItem.Status.OPEN
            self.batch.actions.append((idx, title, unit_id, due, status))

    # -- writing

    def flush(self) -> None:
        b = self.batch
        if not b.employees:
            return
        agency_id = self.agency.pk
        before = Employee.all_objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        _insert(
            Employee,
            ["agency", "kind", "nip", "pppk_number", "full_name", "gender", "birth_date"]
            + ["service_start", "status"],
            [(agency_id, *row, Employee.Status.ACTIVE) for row in b.employees],
        )
        # Read the new pks back by identifier (unique per agency): no reliance on id order.
        new = Employee.all_objects.filter(agency_id=agency_id, pk__gt=before)
        by_identifier = {
            nip or pppk: pk for pk, nip, pppk in new.values_list("pk", "nip", "pppk_number")
        }
        pks = [by_identifier[row[1] or row[2]] for row in b.employees]
        for idx, code in b.holds:
            self.holders[code].append(pks[idx])
        _insert(
            Education,
            ["agency", "employee", "level", "field_of_study", "field_group", "institution"]
            + ["graduation_year"],
            [(agency_id, pks[i], *rest) for i, *rest in b.educations],
        )
        _insert(
            RankHistory,
            ["agency", "employee", "golongan", "tmt", "sk_number"],
            [(agency_id, pks[i], *rest) for i, *rest in b.ranks],
        )
        refresh_latest_golongan(pks)
        _insert(
            Assignment,
            ["agency", "employee", "position", "kind", "is_primary", "sk_number", "sk_date"]
            + ["starts_on", "ends_on", "note", "note_text"],
            [(agency_id, pks[i], *rest) for i, *rest in b.assignments],
        )
        _insert(
            CompetencyAssessment,
            ["agency", "employee", "competency", "level", "assessed_on", "method"],
            [(agency_id, pks[i], *rest) for i, *rest in b.assessments],
        )
        now = timezone.now()
        _insert(
            ActionItem,
            ["agency", "owner", "title", "unit", "due_on", "status", "created_at"],
            [(agency_id, pks[i], *rest, now) for i, *rest in b.actions],
        )
        self.counts["ASN"] += len(b.employees)
        self.counts["riwayat pendidikan"] += len(b.educations)
        self.counts["riwayat pangkat"] += len(b.ranks)
        self.counts["riwayat jabatan"] += len(b.assignments)
        self.counts["asesmen kompetensi"] += len(b.assessments)
        self.counts["tindak lanjut"] += len(b.actions)
        self.batch = Batch()


def _insert(model: type[Model], names: list[str], rows: list[tuple]) -> None:
    """Plain-tuple inserts through the platform's bulk writer (the one the roster import
    uses): the rows ``bulk_create`` would write, without a model instance per row (a
    third of the CPU at province scale). The seeder records one summary, not a trail."""
    if not rows:
        return
    columns = [model._meta.get_field(name).attname for name in names]
    BulkWriter().insert(model, columns, rows, returning=False)


def _weighted(rng, options: tuple[tuple[str, float], ...]) -> str:
    r = rng.random() * sum(w for _, w in options)
    for value, weight in options:
        r -= weight
        if r <= 0:
            return value
    return options[-1][0]


# --------------------------------------------------------------------------- seeding


def seed(ctx: DemoContext) -> None:
    sizes = SIZES[ctx.scale]
    nip_sequences: dict[str, int] = {}
    for agency in Agency.objects.filter(slug__in=sizes).order_by("slug"):
        with transaction.atomic():
            _seed_agency(ctx, agency, sizes[agency.slug], nip_sequences)


def _seed_agency(
    ctx: DemoContext, agency: Agency, target: int, nip_sequences: dict[str, int]
) -> None:
    with acting_for(agency):
        ensure_policy(agency)
        competencies = _seed_competencies(agency)
        # Creation order (pk), not path: paths embed pk digits, so their string order
        # shifts with the id sequence and the demo would stop being deterministic.
        units = list(OrgUnit.objects.order_by("pk"))
        dukcapil = next((u for u in units if u.code == "DUKCAPIL"), None)
        plans = plan_positions(ctx, units, target)
        _write_positions(agency, plans, competencies)
        # The demo logins' own posts are always filled (see _link_logins).
        keep = {f"{dukcapil.code}.KEPALA", f"{dukcapil.code}.J1"} if dukcapil else set()
        decide_occupancy(ctx, plans, keep)
        builder = AgencyBuilder(ctx, agency, plans, competencies, nip_sequences)
        # Which people retire within twelve months: a share of everyone, at least two.
        total = sum(p.holders for p in plans)
        retiring = set(
            ctx.rng.sample(range(total), min(total, max(2, round(total * RETIRING_SOON_SHARE))))
        )
        slot = 0
        for plan in plans:
            for i in range(plan.holders):
                force = 0
                if plan.code in keep and i == 0:
                    force = 3 if plan.is_head else 1  # open work for the handover demo
                builder.person(plan, retiring_soon=slot in retiring, force_actions=force)
                slot += 1
                if len(builder.batch.employees) >= FLUSH_EVERY:
                    builder.flush()
        builder.flush()
        _acting_heads(builder)
        _link_logins(agency, builder)
        for what, n in builder.counts.items():
            ctx.count(what, n)
        ctx.count("jabatan", len(plans))


def _seed_competencies(agency: Agency) -> dict[str, int]:
    rows = [
        Competency(agency=agency, code=c["code"], name=c["name"], kind=c["kind"])
        for c in competency_catalogue()
    ]
    Competency.all_objects.bulk_create(rows)
    return {c.code: c.pk for c in rows}


def _standard(plan: PositionPlan) -> list[tuple[str, int]]:
    tp = TYPES[plan.jabatan_type]
    rows = [(code, tp.managerial_level) for code in MANAGERIAL[: tp.managerial]]
    rows.append((SOCIO_CULTURAL, tp.socio_level))
    rows += [(code, tp.technical_level) for code in plan.technical]
    return rows


def _write_positions(
    agency: Agency, plans: list[PositionPlan], competencies: dict[str, int]
) -> None:
    positions = [
        Position(
            agency=agency,
            unit=plan.unit,
            code=plan.code,
            title=plan.title,
            jabatan_type=plan.jabatan_type,
            min_golongan=TYPES[plan.jabatan_type].min_golongan,
            relevant_fields=plan.relevant_fields,
            formasi=plan.formasi,
        )
        for plan in plans
    ]
    Position.all_objects.bulk_create(positions, batch_size=BULK_BATCH)
    for plan, position in zip(plans, positions, strict=True):
        plan.position_id = position.pk
    PositionRequirement.all_objects.bulk_create(
        [
            PositionRequirement(
                agency=agency,
                position_id=plan.position_id,
                competency_id=competencies[code],
                level=level,
            )
            for plan in plans
            for code, level in _standard(plan)
        ],
        batch_size=BULK_BATCH,
    )


def _requirements_by_code(
    plans: list[PositionPlan], competencies: dict[str, int]
) -> dict[str, list[tuple[int, int]]]:
    return {p.code: [(competencies[c], level) for c, level in _standard(p)] for p in plans}


def _acting_heads(builder: AgencyBuilder) -> None:
    """Half the vacant heads have a Plt: the head of the parent unit (or the OPD's
    secretary for a vacant OPD head), as pemda do while a post waits for its holder."""
    rng, today = builder.rng, builder.today
    by_unit = {p.unit.pk: p for p in builder.plans if p.is_head and p.code.endswith(".KEPALA")}
    rows = []
    for plan in builder.plans:
        if not plan.is_head or plan.holders or rng.random() < 0.5:
            continue
        if plan.unit.parent_id and plan.unit.parent_id in by_unit:
            acting_plan = by_unit[plan.unit.parent_id]
        else:
            acting_plan = next(
                (p for p in builder.plans if p.code == f"{plan.unit.code}.SEKRETARIS"), None
            )
        holders = builder.holders.get(acting_plan.code, []) if acting_plan else []
        if not holders:
            continue
        begin = today - dt.timedelta(days=rng.randint(20, 200))
        rows.append(
            Assignment(
                agency=builder.agency,
                employee_id=holders[0],
                position_id=plan.position_id,
                kind=Assignment.Kind.ACTING,
                is_primary=False,
                sk_number=builder.sk("800.1.3.3", begin),
                sk_date=begin,
                starts_on=begin,
                note_text=text("demo_acting"),  # notes.ASSIGNMENT_NOTES
            )
        )
    Assignment.all_objects.bulk_create(rows)
    builder.counts["Plt"] += len(rows)


def _link_logins(agency: Agency, builder: AgencyBuilder) -> None:
    """Give demo logins an ASN record: the unit head and officer of Disdukcapil (whose
    grants are on that OPD) hold its head and front-desk posts; HR and the inspector sit
    in the secretariat of BKPSDM and of the Inspektorat."""

    def staff_of(opd_code: str) -> list[str]:
        return [p.code for p in builder.plans if p.unit.code == opd_code and not p.is_head]

    wanted = {
        Role.UNIT_HEAD: ["DUKCAPIL.KEPALA"],
        Role.OFFICER: ["DUKCAPIL.J1"],
        Role.HR: staff_of("BKPSDM"),
        Role.INSPECTOR: staff_of("INSPEKTORAT"),
    }
    used: set[int] = set()
    for role, codes in wanted.items():
        user = User.objects.filter(username=f"{role.value}.{agency.slug}").first()
        candidates = [pk for code in codes for pk in builder.holders.get(code, [])]
        pk = next((pk for pk in candidates if pk not in used), None)
        if user is None or pk is None:
            continue
        used.add(pk)
        Employee.all_objects.filter(pk=pk).update(user=user)
        # Demo data: the login takes the ASN's name so that every page shows one person.
        name = Employee.all_objects.filter(pk=pk).values_list("full_name", flat=True).get()
        User.objects.filter(pk=user.pk).update(full_name=name)
