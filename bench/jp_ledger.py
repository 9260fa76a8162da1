"""bench.jp_ledger: the 20 JP ledger, the "below 20 JP" list and the training-needs list
at province scale (60,000 ASN in one pemda).

    python -m bench.jp_ledger                       # 60,000 ASN, SQLite
    python -m bench.jp_ledger --asn 6000 --requests 50
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench python -m bench.jp_ledger

Builds its own data in bulk (``platform.bulk.SqlInsert``; the demo at province scale
also seeds three million applications, which this benchmark does not need): 40 OPDs of
five bidang, three positions per bidang with three required competencies, 60,000 ASN
placed in them with two assessments each, and about 1.5 JP credits per ASN this year.
Then, signed in with Django's test client, it times the real pages and API:

* ``ledger.api``: ``GET /api/v1/learning/me/ledger`` as one ASN (their year and history);
* ``ledger.page``: ``/kerja/pembelajaran/saya/`` as that ASN (the progress bar);
* ``below20.unit``: ``/kerja/pembelajaran/capaian-jp/`` as the head of one OPD (1,500 ASN);
* ``below20.agency``: the same page as BKPSDM, over all 60,000 ASN (the page lists the
  first 100 with fewest JP and counts the rest);
* ``needs.unit``: ``/kerja/pembelajaran/kebutuhan/`` for one OPD as its head (gaps,
  JP, suggestions within the budget).

Each request is interleaved with a **yardstick**: a bare view rendering the same number
of ASN rows (name, NIP, unit, a number) of the same unit, anonymous, unscoped, no layout.
Lines: ``jp_ledger.<target>.p50`` / ``.p95`` (ms, with the yardstick and ratio) and
``jp_ledger.<target>.ratio_p95`` with whether the target is met (p95 < 150 ms and ≤ 3×).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from decimal import Decimal
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

TARGET_MS = 150.0
TARGET_RATIO = 3.0
OPDS = 40
BIDANG = 5
POSTS = 3

ROWS = """<!doctype html><title>asn</title>
<table><thead><tr><th>Nama</th><th>NIP</th><th>Unit</th><th>JP</th></tr></thead>
<tbody>{% for e in rows %}<tr><td>{{ e.full_name }}</td><td>{{ e.nip }}</td><td>{{ e.unit }}</td><td>{{ e.pk }}</td></tr>{% endfor %}</tbody>
</table>"""


@cache
def _template(source: str) -> Any:
    from django.template import engines

    return engines["django"].from_string(source)


def yardstick(request: Any) -> Any:
    """``n`` ASN of the unit ``path``, bare: the same rows a page shows, no scope."""
    from django.http import HttpResponse

    from sigap.workforce.models import Assignment

    n = int(request.GET.get("n", "0"))
    path = request.GET.get("path", "/")
    rows = [
        type(
            "Row",
            (),
            {
                "full_name": a.employee.full_name,
                "nip": a.employee.nip,
                "unit": a.position.unit.name,
                "pk": a.pk,
            },
        )
        for a in Assignment.all_objects.filter(position__unit__path__startswith=path)
        .select_related("employee", "position__unit")
        .order_by("employee__full_name")[:n]
    ]
    return HttpResponse(_template(ROWS).render({"rows": rows}))


def _urlpatterns() -> list:
    from django.urls import path

    return [path("_bench/asn/", yardstick)]


__getattr__ = site_urlconf(_urlpatterns)


def build(n_asn: int, seed: int) -> dict[str, Any]:
    """The pemda, its tree, positions with standards, ASN, assessments, this year's JP."""
    from django.db import transaction

    from sigap.accounts.models import Role, RoleGrant, User
    from sigap.learning import budgets, jp
    from sigap.learning.models import Budget, JpCredit
    from sigap.platform.bulk import SqlInsert
    from sigap.tenancy import org
    from sigap.tenancy.context import acting_for
    from sigap.tenancy.models import Agency, OrgUnit
    from sigap.workforce.models import (
        Assignment,
        Competency,
        CompetencyAssessment,
        Employee,
        Position,
        PositionRequirement,
    )

    rng = random.Random(seed)
    sql = SqlInsert()
    agency = Agency.objects.create(
        slug="dki-jakarta",
        name="Pemerintah Provinsi DKI Jakarta",
        kind=Agency.Kind.PROVINCE,
        region_code="31",
    )
    year = agency.today().year
    with transaction.atomic(), acting_for(agency):
        comps = [
            Competency.objects.create(
                agency=agency, code=f"K{i}", name=f"Kompetensi {i}", kind="teknis"
            )
            for i in range(6)
        ]
        opds, leaves = [], []
        for o in range(OPDS):
            opd = org.create_unit(
                agency, kind=OrgUnit.Kind.OPD, name=f"Dinas {o:02d}", code=f"D{o:02d}"
            )
            opds.append(opd)
            for b in range(BIDANG):
                leaves.append(
                    org.create_unit(
                        agency,
                        kind=OrgUnit.Kind.BIDANG,
                        name=f"Bidang {o:02d}.{b}",
                        code=f"D{o:02d}.B{b}",
                        parent=opd,
                    )
                )
        posts = []
        for leaf in leaves:
            for p in range(POSTS):
                posts.append(
                    Position.objects.create(
                        agency=agency,
                        unit=leaf,
                        code=f"{leaf.code}.P{p}",
                        title=f"Analis {p}",
                        jabatan_type="fungsional",
                    )
                )
        sql(
            PositionRequirement,
            ("agency_id", "position_id", "competency_id", "level"),
            [
                (agency.pk, post.pk, comps[(post.pk + k) % 6].pk, 3)
                for post in posts
                for k in range(3)
            ],
            returning=False,
        )
        start = dt.date(2010, 1, 1)
        rows = []
        for i in range(n_asn):
            birth = dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28)
            nip = f"{birth:%Y%m%d}{start:%Y%m}{1 + i % 2}{i % 1000:03d}"
            rows.append(
                (
                    agency.pk,
                    "pns",
                    f"{nip[:8]}{i:010d}",
                    f"ASN {i:05d}",
                    "L" if i % 2 else "P",
                    birth,
                    start,
                    "active",
                )
            )
        ids = sql(
            Employee,
            (
                "agency_id",
                "kind",
                "nip",
                "full_name",
                "gender",
                "birth_date",
                "service_start",
                "status",
            ),
            rows,
        )
        sql(
            Assignment,
            (
                "agency_id",
                "employee_id",
                "position_id",
                "kind",
                "is_primary",
                "sk_number",
                "sk_date",
                "starts_on",
                "note",
            ),
            [
                (
                    agency.pk,
                    e,
                    posts[k % len(posts)].pk,
                    "pengangkatan",
                    True,
                    f"SK/{k}",
                    start,
                    start,
                    "",
                )
                for k, e in enumerate(ids)
            ],
            returning=False,
        )
        # Every column without a database default (models may grow text columns).
        extra = [
            f.attname
            for f in CompetencyAssessment._meta.concrete_fields
            if f.attname
            not in ("id", "agency_id", "employee_id", "competency_id", "level", "assessed_on")
        ]
        sql(
            CompetencyAssessment,
            ("agency_id", "employee_id", "competency_id", "level", "assessed_on", *extra),
            [
                (agency.pk, e, comps[(e + k) % 6].pk, rng.randint(1, 4), dt.date(2024, 5, 1))
                + ("",) * len(extra)
                for e in ids
                for k in range(2)
            ],
            returning=False,
        )
        credits = []
        for e in ids:
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                day = dt.date(year, rng.randint(1, 11), rng.randint(1, 28))
                credits.append(
                    (
                        agency.pk,
                        e,
                        year,
                        day,
                        rng.choice((4, 8, 16)),
                        "programme",
                        "teknis",
                        "Pelatihan",
                    )
                )
        sql(
            JpCredit,
            ("agency_id", "employee_id", "year", "day", "jp", "source", "form", "title"),
            credits,
            returning=False,
        )
        # As an import would: the credits and, in the same transaction, the yearly totals.
        jp.add_to_totals(agency.pk, [(c[1], c[2], Decimal(c[4])) for c in credits])
        for opd in opds:
            budgets.set_budget(
                agency, unit=opd, year=year, source=Budget.Source.APBD, planned=50_000_000
            )
        from sigap.learning import catalogue

        for c in range(10):
            catalogue.create_programme(
                agency,
                code=f"P{c}",
                title=f"Pelatihan {c}",
                form="teknis",
                provider_kind="internal",
                year=year,
                capacity=40,
                cost_per_participant=1_000_000,
                targets={comps[c % 6]: 3},
            )
    hr = User.objects.create(username="hr.bench", full_name="BKPSDM")
    RoleGrant.objects.create(user=hr, agency=agency, role=Role.HR)
    head = User.objects.create(username="kepala.bench", full_name="Kepala Dinas 00")
    RoleGrant.objects.create(user=head, agency=agency, role=Role.UNIT_HEAD, unit=opds[0])
    asn_user = User.objects.create(username="asn.bench", full_name="ASN 00000")
    RoleGrant.objects.create(user=asn_user, agency=agency, role=Role.OFFICER, unit=opds[0])
    Employee.all_objects.filter(pk=ids[0]).update(user=asn_user)
    return {
        "agency": agency,
        "hr": hr,
        "head": head,
        "asn": asn_user,
        "opd": opds[0],
        "credits": len(credits),
    }


def _get(client: Any, url: str, **headers: str) -> tuple[float, Any]:
    start = time.perf_counter()
    response = client.get(url, **headers)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"bench: GET {url} answered {response.status_code}")
    return elapsed, response


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.jp_ledger", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--asn", type=int, default=60_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)

    emit_machine()
    with bench_database(args.database_url) as db:
        from django.conf import settings
        from django.test import Client
        from django.urls import clear_url_caches

        from sigap.platform.dbstats import refresh_planner_statistics

        settings.ROOT_URLCONF = "bench.jp_ledger"
        clear_url_caches()
        with stopwatch() as built:
            world = build(args.asn, args.seed)
        refresh_planner_statistics()
        emit(
            "jp_ledger.build",
            round(built(), 2),
            "s",
            asn=args.asn,
            credits=world["credits"],
            db=db.vendor,
        )
        settle_like_a_worker()
        opd = world["opd"]
        targets = {
            "ledger.api": (world["asn"], "/api/v1/learning/me/ledger", 20),
            "ledger.page": (world["asn"], "/kerja/pembelajaran/saya/", 20),
            "below20.unit": (world["head"], "/kerja/pembelajaran/capaian-jp/", 100),
            "below20.agency": (world["hr"], "/kerja/pembelajaran/capaian-jp/", 100),
            "needs.unit": (world["head"], f"/kerja/pembelajaran/kebutuhan/?unit={opd.pk}", 300),
        }
        anonymous = Client()
        for target, (user, url, rows) in targets.items():
            client = Client()
            client.force_login(user, backend="sigap.accounts.backends.EmailOrPhoneBackend")
            headers = {"HTTP_X_SIGAP_AGENCY": world["agency"].slug} if "/api/" in url else {}
            bare = f"/_bench/asn/?n={rows}&path={opd.path}"
            for _ in range(args.warmup):
                _get(client, url, **headers)
                _get(anonymous, bare)
            page_t, bare_t = [], []
            with count_queries() as queries:
                _t, response = _get(client, url, **headers)
            for _ in range(args.requests):
                t, _r = _get(client, url, **headers)
                page_t.append(t * 1000)
                t, _r = _get(anonymous, bare)
                bare_t.append(t * 1000)
            page, yard = summarize(page_t), summarize(bare_t)
            common = {"db": db.vendor, "asn": args.asn, "requests": args.requests}
            emit(
                f"jp_ledger.{target}.p50",
                round(page.p50, 1),
                "ms",
                yardstick=round(yard.p50, 1),
                ratio=round(page.p50 / yard.p50, 2),
                **common,
            )
            emit(
                f"jp_ledger.{target}.p95",
                round(page.p95, 1),
                "ms",
                yardstick=round(yard.p95, 1),
                ratio=round(page.p95 / yard.p95, 2),
                **common,
            )
            ratio = page.p95 / yard.p95
            emit(
                f"jp_ledger.{target}.ratio_p95",
                round(ratio, 2),
                "x",
                queries=queries[0] if queries else None,
                bytes=len(response.content),
                target_met=page.p95 < TARGET_MS and ratio <= TARGET_RATIO,
                **common,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
