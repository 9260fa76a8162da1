"""bench.asn_list: the filtered ASN list and the ASN profile at province scale.

    python -m bench.asn_list                          # province demo (60,000 ASN in DKI)
    python -m bench.asn_list --scale small --population 20000 --requests 50
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench python -m bench.asn_list
    python -m bench.asn_list --keep                   # seed once, reuse on the next --keep

Builds the demo data (``seed_demo``, ``--scale``; the province scale gives DKI Jakarta
its 60,000 ASN) on a throwaway database. If the agency (``--agency``) then has fewer ASN
than ``--population``, the rest is generated here with ``bulk_create`` (positions with competency standards, NIPs consistent
with birth date, TMT and gender, rank, education, assessment and assignment histories);
bulk writes bypass the audit trail, which is fine on a throwaway database.

Signed in with Django's test client as ``hr.<agency>``, it times

* ``list.<target>``: ``/kerja/asn/`` with several filters (none, a unit subtree, position
  type and golongan, competency and level, study field, retiring within 12 months,
  rotation due, text search on name and on NIP prefix, and a deep page through a cursor);
* ``profile``: ``/kerja/asn/<id>/`` of randomly chosen ASN (a different one per request);

and, interleaved request by request, a yardstick per target: a plain view (this module's
URLconf) rendering the same rows of the same table with a bare template — anonymous, no
tenancy, no roles, no layout, no derived state — and a **shell yardstick**: the same bare
rows behind the same permission check, signed in, inside the staff layout (what every
staff page costs before its own work; docs/decisions/0014-few-row-pages-and-the-shell-yardstick.md).

Lines printed (one JSON object each), server time as seen by the test client:

* ``asn_list.<target>.p50`` / ``.p95`` (ms) with ``yardstick`` (ms) and ``ratio``;
* ``asn_list.<target>.ratio_p95`` (x), with ``ratio_shell_p95`` (page p95 over the shell
  yardstick's), rows rendered, SQL statements per request of
  page (``queries`` on the first request, ``warm_queries`` once warmed up) and yardstick,
  response bytes;
* ``asn_list.list.<target>.cold.*``: the same, each request right after a write (the
  registry stamp renewed), so nothing the list keeps in the cache is reused
  (``--cold-requests``);
* ``asn_list.setup`` (s): time to build the data, with row counts;
* with ``--reports``: ``asn_list.report.<page>`` (ms), the median of a few requests to
  the competency-gap, rotation, continuity and recruitment pages and the exports.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from bench._harness import (
    bench_database,
    count_queries,
    emit,
    emit_machine,
    settle_like_a_worker,
    site_urlconf,
    stopwatch,
    summarize,
)

PAGE_SIZE = 50

# -------------------------------------------------------------------- yardstick URLconf

EMPLOYEE_ROWS = """<!doctype html><title>asn</title>
<table><caption>ASN</caption>
<thead><tr><th>Nama</th><th>NIP</th><th>Tanggal lahir</th><th>Status</th></tr></thead>
<tbody>{% for e in employees %}<tr><td><a href="/x/{{ e.pk }}/">{{ e.full_name }}</a></td><td>{{ e.nip|default:e.pppk_number }}</td><td>{{ e.birth_date|date:"d-m-Y" }}</td><td>{{ e.get_status_display }}</td></tr>{% endfor %}</tbody>
</table>"""

PROFILE_ROWS = """<!doctype html><title>asn</title>
<h1>{{ e.full_name }}</h1><p>{{ e.nip|default:e.pppk_number }} {{ e.birth_date|date:"d-m-Y" }}</p>
<table><tbody>{% for r in ranks %}<tr><td>{{ r.golongan }}</td><td>{{ r.tmt|date:"d-m-Y" }}</td><td>{{ r.sk_number }}</td></tr>{% endfor %}</tbody></table>
<table><tbody>{% for a in assignments %}<tr><td>{{ a.position_id }}</td><td>{{ a.kind }}</td><td>{{ a.sk_number }}</td><td>{{ a.starts_on|date:"d-m-Y" }}</td><td>{{ a.ends_on|date:"d-m-Y" }}</td></tr>{% endfor %}</tbody></table>
<table><tbody>{% for d in educations %}<tr><td>{{ d.level }}</td><td>{{ d.field_of_study }}</td><td>{{ d.institution }}</td><td>{{ d.graduation_year }}</td></tr>{% endfor %}</tbody></table>
<table><tbody>{% for c in assessments %}<tr><td>{{ c.competency_id }}</td><td>{{ c.level }}</td><td>{{ c.assessed_on|date:"d-m-Y" }}</td></tr>{% endfor %}</tbody></table>"""


@cache
def _template(source: str) -> Any:
    from django.template import engines

    return engines["django"].from_string(source)


def yardstick_list(request: Any) -> Any:
    """As many rows of the ASN table as the page shows, in name order, from an id list."""
    from django.http import HttpResponse

    from sigap.workforce.models import Employee

    ids = [int(x) for x in request.GET.get("ids", "").split(",") if x]
    employees = Employee.all_objects.filter(pk__in=ids).order_by("full_name", "pk")
    return HttpResponse(_template(EMPLOYEE_ROWS).render({"employees": employees}))


def yardstick_profile(request: Any, employee_id: int) -> Any:
    """The same employee and the rows of its history tables, bare."""
    from django.http import HttpResponse

    from sigap.workforce.models import (
        Assignment,
        CompetencyAssessment,
        Education,
        Employee,
        RankHistory,
    )

    e = Employee.all_objects.get(pk=employee_id)
    context = {
        "e": e,
        "ranks": RankHistory.all_objects.filter(employee_id=employee_id).order_by("-tmt"),
        "assignments": Assignment.all_objects.filter(employee_id=employee_id).order_by(
            "-starts_on"
        ),
        "educations": Education.all_objects.filter(employee_id=employee_id),
        "assessments": CompetencyAssessment.all_objects.filter(employee_id=employee_id),
    }
    return HttpResponse(_template(PROFILE_ROWS).render(context))


# The same bare rows inside the signed-in staff shell: the permission check (session, user,
# grants) and the staff layout, nothing of the page's own (no filter form, no scope, no
# derived state). A page whose rows cost less than the shell is judged against this too
# (docs/decisions/0014-few-row-pages-and-the-shell-yardstick.md).
SHELL = '{% extends "shell/staff_base.html" %}{% block content %}{{ rows }}{% endblock %}'


def _in_shell(bare: Callable[..., Any]) -> Callable[..., Any]:
    from django.http import HttpResponse
    from django.utils.safestring import mark_safe

    from sigap.platform.access import staff_permission_required
    from sigap.workforce.permissions import VIEW_ASN

    @staff_permission_required(*VIEW_ASN)
    def view(request: Any, *args: Any, **kwargs: Any) -> Any:
        rows = mark_safe(bare(request, *args, **kwargs).content.decode())  # noqa: S308 - rendered by the bare template
        return HttpResponse(_template(SHELL).render({"rows": rows}, request))

    return view


def _urlpatterns() -> list:
    from django.urls import path

    return [
        path("_bench/asn/", yardstick_list),
        path("_bench/asn/<int:employee_id>/", yardstick_profile),
        path("_bench/shell/asn/", _in_shell(yardstick_list)),
        path("_bench/shell/asn/<int:employee_id>/", _in_shell(yardstick_profile)),
    ]


__getattr__ = site_urlconf(_urlpatterns)


# -------------------------------------------------------------------- population

FIRST_M = "Agus Ahmad Andi Arif Bambang Budi Dedi Dimas Eko Fajar Hadi Hendra Irfan Joko Kurniawan Muhammad Rizky Slamet Taufik Wahyu Yusuf Rudi Hasan Imam Bayu".split()
FIRST_F = "Ani Ayu Dewi Dian Eka Fitri Indah Lestari Maya Nur Putri Rina Sari Siti Sri Wati Yuni Ratna Wulan Nia Desi Lina Tuti Rahma Intan".split()
LAST = "Saputra Santoso Wijaya Pratama Hidayat Nugroho Siregar Lubis Harahap Nasution Simanjuntak Kusuma Setiawan Hakim Rahman Syahputra Gunawan Susanto Halim Purba Sembiring Tanjung Situmorang Sitompul Batubara Rangkuti Effendi Firmansyah Ramadhan Maulana".split()
FIELDS = [
    ("S1 Akuntansi", "ekonomi"),
    ("S1 Ekonomi Pembangunan", "ekonomi"),
    ("S1 Administrasi Negara", "manajemen"),
    ("S1 Ilmu Pemerintahan", "manajemen"),
    ("S1 Ilmu Hukum", "hukum"),
    ("S1 Kesehatan Masyarakat", "kesehatan"),
    ("D3 Keperawatan", "kesehatan"),
    ("S1 Pendidikan Matematika", "pendidikan"),
    ("S1 Teknik Sipil", "teknik_sipil"),
    ("S1 Teknik Informatika", "informatika"),
    ("S1 Sistem Informasi", "informatika"),
    ("S1 Ilmu Komunikasi", "sosial"),
    ("S1 Agribisnis", "pertanian"),
    ("SMA IPA", "umum"),
]
TYPE_MIN_GOLONGAN = {
    "jpt_pratama": "IV/c",
    "administrator": "III/d",
    "pengawas": "III/c",
    "fungsional": "III/a",
    "pelaksana": "",
}
GOLONGAN = [
    "II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d",
    "IV/a", "IV/b", "IV/c", "IV/d",
]  # fmt: skip


def populate(agency: Any, n: int, *, seed: int = 1, today: dt.date | None = None) -> dict:
    """Add ``n`` ASN (with positions, histories, assessments) to ``agency`` in bulk."""
    from django.db import transaction

    from sigap.tenancy.context import activate
    from sigap.tenancy.models import OrgUnit
    from sigap.workforce.models import (
        Assignment,
        Competency,
        CompetencyAssessment,
        Education,
        Employee,
        Position,
        PositionRequirement,
        RankHistory,
    )
    from sigap.workforce.reference import competency_catalogue
    from sigap.workforce.registry import refresh_latest_golongan

    rng = random.Random(seed)
    today = today or dt.datetime.now(tz=dt.UTC).date()
    batch = 5000
    with activate(agency), transaction.atomic():
        existing = {c.code: c for c in Competency.objects.all()}
        new = [
            Competency(agency=agency, code=r["code"], name=r["name"], kind=r["kind"])
            for r in competency_catalogue()
            if r["code"] not in existing
        ]
        Competency.objects.bulk_create(new)
        competencies = list(Competency.objects.order_by("pk"))
        units = list(OrgUnit.objects.order_by("path"))
        # Positions: one head per unit (type by unit kind) plus staff positions whose
        # formasi adds up to about n.
        head_type = {
            OrgUnit.Kind.OPD: "jpt_pratama",
            OrgUnit.Kind.BIDANG: "administrator",
            OrgUnit.Kind.SEKSI: "pengawas",
            OrgUnit.Kind.UPT: "pengawas",
        }
        staff_per_unit = max(1, n // max(1, len(units)))
        positions: list[Position] = []
        code_prefix = f"B{seed}-{rng.randrange(10**6)}"
        for i, unit in enumerate(units):
            positions.append(
                Position(
                    agency=agency,
                    unit=unit,
                    code=f"{code_prefix}-{i}-H",
                    title=f"Kepala {unit.short_name or unit.name}"[:200],
                    jabatan_type=head_type[unit.kind],
                    min_golongan=TYPE_MIN_GOLONGAN[head_type[unit.kind]],
                    relevant_fields=["manajemen"],
                    formasi=1,
                )
            )
            remaining = staff_per_unit
            k = 0
            while remaining > 0:
                kind = "fungsional" if k % 2 else "pelaksana"
                formasi = min(remaining, rng.randint(4, 40))
                field = rng.choice(FIELDS)[1]
                positions.append(
                    Position(
                        agency=agency,
                        unit=unit,
                        code=f"{code_prefix}-{i}-{k}",
                        title=("Analis " if kind == "fungsional" else "Pengadministrasi ")
                        + rng.choice(
                            ["Keuangan", "Kepegawaian", "Perencanaan", "Data", "Umum", "Layanan"]
                        ),
                        jabatan_type=kind,
                        min_golongan=TYPE_MIN_GOLONGAN[kind],
                        relevant_fields=[field],
                        formasi=formasi,
                    )
                )
                remaining -= formasi
                k += 1
        Position.objects.bulk_create(positions, batch_size=batch)
        positions = list(Position.objects.filter(code__startswith=code_prefix).order_by("pk"))
        requirements = []
        req_by_position: dict[int, list[tuple[int, int]]] = {}
        for p in positions:
            for c in rng.sample(competencies, rng.randint(3, 5)):
                level = rng.randint(2, 4)
                requirements.append(
                    PositionRequirement(agency=agency, position=p, competency=c, level=level)
                )
                req_by_position.setdefault(p.pk, []).append((c.pk, level))
        PositionRequirement.objects.bulk_create(requirements, batch_size=batch)

        # Seats to fill: ~93% of formasi, heads in 85% of units.
        seats: list[Position] = []
        for p in positions:
            if p.formasi == 1 and p.jabatan_type != "pelaksana":
                if rng.random() < 0.85:
                    seats.append(p)
            else:
                seats.extend([p] * max(0, round(p.formasi * rng.uniform(0.8, 1.05))))
        rng.shuffle(seats)
        seats = (seats * (n // max(1, len(seats)) + 1))[:n]

        sequence: dict[tuple, int] = {}
        taken = set(Employee.objects.exclude(nip=None).values_list("nip", flat=True))
        employees: list[Employee] = []
        plans: list[tuple] = []
        for i in range(n):
            position = seats[i]
            managerial = position.jabatan_type in ("jpt_pratama", "administrator", "pengawas")
            birth = dt.date(
                rng.randint(1966 if managerial else 1966, 1999),
                rng.randint(1, 12),
                rng.randint(1, 28),
            )
            start_age = rng.randint(20, 32)
            service_start = dt.date(
                min(birth.year + start_age, today.year - 1), rng.choice([1, 3, 4]), 1
            )
            female = rng.random() < 0.48
            gender = "P" if female else "L"
            pppk = rng.random() < 0.08
            key = (birth, service_start.year, service_start.month, gender)
            sequence[key] = sequence.get(key, 0) + 1
            nip = None
            pppk_number = None
            if pppk:
                pppk_number = f"P{agency.pk:02d}{seed:02d}{i:08d}"
            else:
                nip = f"{birth:%Y%m%d}{service_start:%Y%m}{2 if female else 1}{sequence[key]:03d}"
                while nip in taken:  # the demo's own ASN share the NIP space
                    sequence[key] += 1
                    nip = f"{nip[:15]}{sequence[key]:03d}"
                taken.add(nip)
            first = rng.choice(FIRST_F if female else FIRST_M)
            name = f"{first} {rng.choice(LAST)}"
            if rng.random() < 0.5:
                name = f"{rng.choice(FIRST_F if female else FIRST_M)} {name}"
            employees.append(
                Employee(
                    agency=agency,
                    kind="pppk" if pppk else "pns",
                    nip=nip,
                    pppk_number=pppk_number,
                    full_name=name,
                    gender=gender,
                    birth_date=birth,
                    service_start=service_start,
                )
            )
            plans.append((position, service_start, managerial))
        Employee.objects.bulk_create(employees, batch_size=batch)
        created = list(Employee.objects.order_by("-pk").values_list("pk", flat=True)[:n])[::-1]

        ranks: list[RankHistory] = []
        educations: list[Education] = []
        assessments: list[CompetencyAssessment] = []
        assignments: list[Assignment] = []
        n_sk = 0

        def flush(force: bool = False) -> None:
            for model, rows in (
                (RankHistory, ranks),
                (Education, educations),
                (CompetencyAssessment, assessments),
                (Assignment, assignments),
            ):
                if rows and (force or len(rows) >= batch):
                    model.objects.bulk_create(rows, batch_size=batch)
                    rows.clear()

        for employee_id, employee, (position, service_start, managerial) in zip(
            created, employees, plans, strict=True
        ):
            years = max(1, today.year - service_start.year)
            # Rank history: a step every four years from the entry golongan.
            if employee.kind == "pns":
                g = rng.choice([0, 4, 4, 4]) if not managerial else 4
                tmt = service_start
                while True:
                    ranks.append(
                        RankHistory(
                            agency=agency,
                            employee_id=employee_id,
                            golongan=GOLONGAN[min(g, len(GOLONGAN) - 1)],
                            tmt=tmt,
                            sk_number=f"800/{employee_id}/{tmt.year}",
                        )
                    )
                    nxt = dt.date(tmt.year + 4, 4, 1)
                    if nxt > today:
                        break
                    tmt, g = nxt, g + 1
            field_of_study, group = rng.choice(FIELDS)
            educations.append(
                Education(
                    agency=agency,
                    employee_id=employee_id,
                    level=field_of_study[:2] if field_of_study[:2] in ("S1", "D3") else "SMA",
                    field_of_study=field_of_study,
                    field_group=group,
                    institution="Universitas Negeri",
                    graduation_year=service_start.year - 1,
                )
            )
            if rng.random() < 0.2:
                educations.append(
                    Education(
                        agency=agency,
                        employee_id=employee_id,
                        level="S2",
                        field_of_study="S2 Administrasi Publik",
                        field_group="manajemen",
                        institution="Universitas Terbuka",
                        graduation_year=min(today.year, service_start.year + rng.randint(3, 15)),
                    )
                )
            # Assessments: the position's required competencies (some twice) and one more.
            required = req_by_position.get(position.pk, [])
            for competency_id, level in required:
                on = dt.date(
                    rng.randint(max(service_start.year, today.year - 6), today.year - 1),
                    rng.randint(1, 12),
                    1,
                )
                assessments.append(
                    CompetencyAssessment(
                        agency=agency,
                        employee_id=employee_id,
                        competency_id=competency_id,
                        level=max(1, min(5, level + rng.choice([-2, -1, -1, 0, 0, 0, 1]))),
                        assessed_on=on,
                        method="uji kompetensi",
                    )
                )
                if rng.random() < 0.3:
                    assessments.append(
                        CompetencyAssessment(
                            agency=agency,
                            employee_id=employee_id,
                            competency_id=competency_id,
                            level=max(1, min(5, level + rng.choice([-1, 0, 1]))),
                            assessed_on=on - dt.timedelta(days=700),
                            method="asesmen awal",
                        )
                    )
            # Assignment history: 0–2 earlier posts, then the current one.
            moves = min(rng.choice([0, 1, 1, 2]), years // 3)
            start = service_start
            previous = [rng.choice(positions) for _ in range(moves)]
            span = (today - service_start).days
            for j, earlier in enumerate(previous):
                end = service_start + dt.timedelta(days=span * (j + 1) // (moves + 1) - 1)
                n_sk += 1
                assignments.append(
                    Assignment(
                        agency=agency,
                        employee_id=employee_id,
                        position_id=earlier.pk,
                        kind="pengangkatan" if j == 0 else "mutasi",
                        sk_number=f"821/{n_sk}/BKPSDM",
                        sk_date=start,
                        starts_on=start,
                        ends_on=end,
                    )
                )
                start = end + dt.timedelta(days=1)
            n_sk += 1
            assignments.append(
                Assignment(
                    agency=agency,
                    employee_id=employee_id,
                    position_id=position.pk,
                    kind="pengangkatan"
                    if not previous
                    else rng.choice(["mutasi", "rotasi", "promosi"]),
                    sk_number=f"821/{n_sk}/BKPSDM",
                    sk_date=start,
                    starts_on=start,
                )
            )
            flush()
        flush(force=True)
        # The latest rank's golongan on each new row, as every writer of ranks does.
        refresh_latest_golongan(
            Employee.all_objects.filter(agency=agency).values_list("pk", flat=True)
        )
    return {
        "positions": len(positions),
        "employees": n,
        "competencies": len(competencies),
    }


# -------------------------------------------------------------------- timing


@dataclass
class Target:
    name: str
    url: str
    yardstick: Callable[[], str]  # a fresh yardstick URL per request


def _get(client: Any, url: str) -> tuple[float, Any]:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"bench: GET {url} answered {response.status_code}")
    return elapsed, response


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.asn_list", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--scale", choices=("small", "city", "province"), default="province")
    parser.add_argument("--population", type=int, default=60_000, help="ASN in the agency")
    parser.add_argument("--agency", default="dki-jakarta")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--no-analyze",
        dest="analyze",
        action="store_false",
        help="do not refresh planner statistics after generating extra ASN (seed_demo "
        "gathers them itself)",
    )
    parser.add_argument(
        "--reports", action="store_true", help="also time the gap/continuity/recruitment pages"
    )
    parser.add_argument("--report-requests", type=int, default=3)
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated list targets to time (e.g. rare_combo,text_nip); 'profile' "
        "for the profile; default: all",
    )
    parser.add_argument(
        "--cold-requests",
        type=int,
        default=20,
        help="requests per list target timed right after a write (the registry stamp"
        " renewed: nothing kept in the cache is reused); 0 to skip",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the seeded demo (var/bench/, or the PostgreSQL database) and reuse it on"
        " the next run with --keep (bench.work_queue --keep shares it)",
    )
    args = parser.parse_args(argv)

    emit_machine()
    keep = f"demo-{args.scale}-{args.seed}" if args.keep else None
    with bench_database(args.database_url, keep=keep) as db:
        from urllib.parse import urlencode

        from django.conf import settings
        from django.test import Client
        from django.urls import clear_url_caches

        from sigap.accounts.models import User
        from sigap.platform.dbstats import planner_statistics_present, refresh_planner_statistics
        from sigap.shell.demo import seed_demo
        from sigap.tenancy.context import activate, unscoped
        from sigap.tenancy.models import Agency, OrgUnit
        from sigap.workforce.models import Competency, Employee
        from sigap.workforce.registry import ensure_policy

        settings.ROOT_URLCONF = "bench.asn_list"
        clear_url_caches()

        with unscoped():
            reused = Agency.objects.exists()  # a kept demo: seeded already
        with stopwatch() as seeded:
            if not reused:
                seed_demo(args.scale, args.seed)
            with unscoped():
                agency = Agency.objects.get(slug=args.agency)
                have = Employee.all_objects.filter(agency=agency).count()
            generated = max(0, args.population - have)
            if generated:
                populate(agency, generated, seed=args.seed)
                if args.analyze:
                    # seed_demo gathered planner statistics; refresh them for these rows.
                    refresh_planner_statistics()
        with activate(agency):
            n_employees = Employee.objects.count()
            ensure_policy(agency)  # as seeding does; the pages only read it
            opd = OrgUnit.objects.filter(kind=OrgUnit.Kind.OPD).order_by("path").first()
            bidang = OrgUnit.objects.filter(kind=OrgUnit.Kind.BIDANG).order_by("path").first()
            competency = Competency.objects.order_by("pk").first()
            some = list(Employee.objects.order_by("pk").values_list("pk", "full_name", "nip"))
        rng = random.Random(args.seed)
        common = {
            "db": db.vendor,
            "scale": args.scale,
            "agency": args.agency,
            "asn": n_employees,
            # Whether the planner had statistics (seed_demo gathers them since issue 7).
            "analyzed": planner_statistics_present(Employee),
        }
        emit(
            "asn_list.setup",
            round(seeded(), 2),
            "s",
            generated=generated,
            reused=reused,
            **common,
        )

        def renew_stamp() -> None:
            from django.db import transaction

            from sigap.workforce.registry.totals import mark_totals_stale

            with transaction.atomic():
                mark_totals_stale(agency.pk)

        settle_like_a_worker()
        hr = User.objects.get(username=f"hr.{args.agency}")
        client = Client()
        client.force_login(hr, backend="sigap.accounts.backends.EmailOrPhoneBackend")
        yard = Client()

        nip_prefix = next(nip for _, _, nip in some if nip)[:8]
        surname = some[len(some) // 2][1].split()[-1]
        filters: dict[str, dict[str, Any]] = {
            "all": {},
            "unit": {"unit": opd.pk},
            "bidang": {"unit": bidang.pk},
            "type_golongan": {"jabatan_type": "fungsional", "golongan": "III/c"},
            "competency": {"competency": competency.pk, "min_level": 4},
            "field": {"field_group": "informatika"},
            "retiring_12m": {"retiring_within": 12},
            "rotation_due": {"rotation_due": "1"},
            "rare_combo": {"unit": bidang.pk, "golongan": "IV/d", "field_group": "hukum"},
            "text_name": {"q": surname},
            "text_nip": {"q": nip_prefix},
        }
        # A deep page: the cursor after the middle of the whole list (found once, untimed).
        with activate(agency):
            middle = Employee.objects.filter(status="active").order_by("full_name", "pk")[
                n_employees // 2
            ]
        from sigap.platform.pagination import encode_cursor

        filters["deep_page"] = {"cursor": encode_cursor([middle.full_name, middle.pk])}

        def ids_on(html: bytes) -> list[int]:
            import re

            return [int(x) for x in re.findall(rb'data-employee="(\d+)"', html)]

        only = {name for name in args.only.split(",") if name}
        if only:
            filters = {name: params for name, params in filters.items() if name in only}
        targets: list[tuple[Target, int]] = []
        for name, params in filters.items():
            url = "/kerja/asn/?" + urlencode(params)
            _, response = _get(client, url)
            ids = ids_on(response.content)
            y_url = "/_bench/asn/?ids=" + ",".join(map(str, ids))
            targets.append((Target(f"list.{name}", url, lambda y_url=y_url: y_url), len(ids)))
        pool = [pk for pk, _, _ in some]

        def profile_pair() -> tuple[str, str]:
            pk = rng.choice(pool)
            return f"/kerja/asn/{pk}/", f"/_bench/asn/{pk}/"

        for target, rows in targets:
            with count_queries() as q:
                _, response = _get(client, target.url)
            with count_queries() as yq:
                _, y_response = _get(yard, target.yardstick())
            for _ in range(args.warmup):
                _get(client, target.url)
                _get(yard, target.yardstick())
                _get(client, in_shell(target.yardstick()))
            with count_queries() as wq:  # what a repeated request reads (cache warm)
                _get(client, target.url)
            page_t: list[float] = []
            yard_t: list[float] = []
            shell_t: list[float] = []
            for i in range(args.requests):
                y_url = target.yardstick()
                order = [
                    (client, target.url, page_t),
                    (yard, y_url, yard_t),
                    (client, in_shell(y_url), shell_t),
                ]
                for c, url, bucket in order[i % 3 :] + order[: i % 3]:
                    bucket.append(_get(c, url)[0])
            report(
                target.name,
                page_t,
                yard_t,
                shell=shell_t,
                rows=rows,
                queries=q[0],
                warm_queries=wq[0],
                yardstick_queries=yq[0],
                bytes=len(response.content),
                yardstick_bytes=len(y_response.content),
                **common,
            )
            if args.cold_requests:
                # The first request after a write: the registry stamp is renewed before
                # each one (untimed), so no total, probe, option list or policy kept
                # under it is reused.
                cold_t: list[float] = []
                cold_y: list[float] = []
                for _ in range(args.cold_requests):
                    renew_stamp()
                    cold_t.append(_get(client, target.url)[0])
                    cold_y.append(_get(yard, target.yardstick())[0])
                report(f"{target.name}.cold", cold_t, cold_y, rows=rows, **common)

        if only and "profile" not in only:
            return 0
        page_t, yard_t, shell_t = [], [], []
        url, y_url = profile_pair()
        with count_queries() as q:
            _, response = _get(client, url)
        with count_queries() as yq:
            _get(yard, y_url)
        for _ in range(args.warmup):
            url, y_url = profile_pair()
            _get(client, url)
            _get(yard, y_url)
            _get(client, in_shell(y_url))
        for i in range(args.requests):
            url, y_url = profile_pair()
            order = [
                (client, url, page_t),
                (yard, y_url, yard_t),
                (client, in_shell(y_url), shell_t),
            ]
            for c, u, bucket in order[i % 3 :] + order[: i % 3]:
                bucket.append(_get(c, u)[0])
        report(
            "profile",
            page_t,
            yard_t,
            shell=shell_t,
            queries=q[0],
            yardstick_queries=yq[0],
            **common,
        )

        if args.reports:
            # The analytic pages (no target in the issue): a few requests each, median.
            reports = {
                "gaps": "/kerja/kompetensi/",
                "gaps_unit": f"/kerja/kompetensi/?unit={opd.pk}",
                "rotation_due": "/kerja/rotasi/",
                "continuity": "/kerja/kesinambungan/",
                "continuity_candidates_unit": f"/kerja/kesinambungan/?unit={opd.pk}&kandidat=1",
                "continuity_candidates": "/kerja/kesinambungan/?kandidat=1",
                "recruitment": "/kerja/kebutuhan-pegawai/",
                "recruitment_unit": f"/kerja/kebutuhan-pegawai/?unit={opd.pk}",
                "recruitment_export": "/kerja/kebutuhan-pegawai/ekspor/",
                "asn_export_unit": f"/kerja/asn/ekspor/?unit={opd.pk}",
                "asn_export_all": "/kerja/asn/ekspor/",
            }
            for name, url in reports.items():
                with count_queries() as q:
                    first, response = _get(client, url)
                times = [first] + [_get(client, url)[0] for _ in range(args.report_requests - 1)]
                emit(
                    f"asn_list.report.{name}",
                    round(sorted(times)[len(times) // 2] * 1000, 1),
                    "ms",
                    n=len(times),
                    queries=q[0],
                    bytes=len(response.content),
                    **common,
                )
    return 0


def in_shell(yardstick_url: str) -> str:
    """The shell yardstick's URL for a bare yardstick's."""
    return yardstick_url.replace("/_bench/", "/_bench/shell/", 1)


def report(
    name: str,
    page: list[float],
    yard: list[float],
    *,
    shell: list[float] | None = None,
    **extra: Any,
) -> None:
    p, y = summarize(page), summarize(yard)
    if shell:
        s = summarize(shell)
        extra = {
            **extra,
            "shell_yardstick_p95_ms": round(s.p95 * 1000, 2),
            "ratio_shell_p95": round(p.p95 / s.p95, 2),
        }
    base = f"asn_list.{name}"
    for label, pv, yv in (("p50", p.p50, y.p50), ("p95", p.p95, y.p95)):
        emit(
            f"{base}.{label}",
            round(pv * 1000, 2),
            "ms",
            yardstick=round(yv * 1000, 2),
            ratio=round(pv / yv, 2),
            n=p.n,
        )
    emit(
        f"{base}.ratio_p95",
        round(p.p95 / y.p95, 2),
        "x",
        page_p95_ms=round(p.p95 * 1000, 2),
        yardstick_p95_ms=round(y.p95 * 1000, 2),
        target_met=p.p95 < 0.150,
        **extra,
    )


if __name__ == "__main__":
    sys.exit(main())
