"""bench.complaint_inbox: a unit's complaint inbox and the public complaint statistics at
province scale (10⁶ complaints).

    python -m bench.complaint_inbox                         # 1,000,000 complaints
    python -m bench.complaint_inbox --complaints 200000 --requests 100
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench_complaints python -m bench.complaint_inbox

Builds one province on a throwaway database (its OPDs through ``tenancy.org``, the
default categories through ``complaints.categories``, an officer and a unit head), then
writes ``--complaints`` complaints over three years straight into the tables
(``platform.bulk.SqlInsert``, as the demo does): every unit and category, almost all
closed, a few hundred open per unit with their deadlines, and the count table
``MonthlyCount`` the public page reads. Signed in with Django's test client it times:

* ``inbox.officer``: ``/kerja/pengaduan/`` as Disdukcapil's officer (unit scope);
* ``inbox.head_answered``: ``/kerja/pengaduan/?status=answered`` as the unit head;
* ``stats.public``: ``/p/<pemda>/pengaduan/`` anonymous (the current year, by unit,
  category and month).

Each request is interleaved with a **yardstick**: a bare view of this module rendering
the same rows (the same complaints by tracking number; the same count-table sums for
the statistics) anonymous, unscoped, no layout. Lines ``complaint_inbox.<target>.p50``
/ ``.p95`` (ms, with ``yardstick`` and ``ratio``) and ``.ratio_p95`` with whether the
issue's target is met: p95 < 150 ms and ≤ 3× the yardstick.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import time
from functools import cache
from typing import Any

from bench._harness import (
    bench_database,
    count_queries,
    emit,
    emit_machine,
    site_urlconf,
    stopwatch,
    summarize,
)

TARGET_MS = 150.0
TARGET_RATIO = 3.0
TRACKING = re.compile(rb"ADU-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z*~$=]{3}")
CHUNK = 20_000

ROWS = """<!doctype html><title>pengaduan</title>
<table><thead><tr><th>Nomor</th><th>Kategori</th><th>Unit</th><th>Ringkasan</th><th>Status</th><th>Batas waktu</th></tr></thead>
<tbody>{% for c in rows %}<tr><td><a href="/x/{{ c.pk }}/">{{ c.tracking_number }}</a></td><td>{{ c.category.name }}</td><td>{{ c.unit.name }}</td><td>{{ c.text|truncatechars:90 }}</td><td>{{ c.get_status_display }}</td><td>{{ c.due_at|date:"j M Y H:i" }}</td></tr>{% endfor %}</tbody>
</table>"""
STATS = """<!doctype html><title>statistik</title>
<table><tbody>{% for r in rows %}<tr><th>{{ r.0 }}</th><td>{{ r.1 }}</td><td>{{ r.2 }}</td><td>{{ r.3 }}</td><td>{{ r.4 }}</td></tr>{% endfor %}</tbody></table>"""


@cache
def _template(source: str) -> Any:
    from django.template import engines

    return engines["django"].from_string(source)


def yardstick_rows(request: Any) -> Any:
    from django.http import HttpResponse

    from sigap.complaints.models import Complaint

    numbers = [n for n in request.GET.get("t", "").split(",") if n]
    rows = (
        Complaint.all_objects.filter(tracking_number__in=numbers)
        .select_related("category", "unit")
        .order_by("due_at", "pk")
    )
    return HttpResponse(_template(ROWS).render({"rows": rows}))


def yardstick_stats(request: Any) -> Any:
    """The same sums the public page shows (by unit, category, month), bare."""
    from django.db.models import Sum
    from django.http import HttpResponse

    from sigap.complaints.models import MonthlyCount

    agency, year = int(request.GET["agency"]), int(request.GET["year"])
    qs = MonthlyCount.all_objects.filter(
        agency_id=agency, month__gte=dt.date(year, 1, 1), month__lt=dt.date(year + 1, 1, 1)
    )
    rows = []
    for key in ("unit__name", "category__name", "month"):
        for r in (
            qs.values(key)
            .annotate(
                f=Sum("filed"),
                a=Sum("answered"),
                o=Sum("answered_on_time"),
                s=Sum("answer_working_seconds"),
            )
            .order_by(key)
        ):
            rows.append((r[key], r["f"], r["a"], r["o"], r["s"]))
    return HttpResponse(_template(STATS).render({"rows": rows}))


def _urlpatterns() -> list:
    from django.urls import path

    return [path("_bench/rows/", yardstick_rows), path("_bench/stats/", yardstick_stats)]


__getattr__ = site_urlconf(_urlpatterns)


def _get(client: Any, url: str) -> tuple[float, Any]:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"bench: GET {url} answered {response.status_code}")
    return elapsed, response


def build(n: int, seed: int) -> dict[str, Any]:
    """One province with ``n`` complaints; returns what the timings need."""
    from django.db import transaction

    from sigap.accounts.models import Role, RoleGrant, User
    from sigap.complaints.categories import load_default_categories
    from sigap.complaints.models import Category, Complaint, MonthlyCount
    from sigap.platform.bulk import SqlInsert
    from sigap.platform.dbstats import refresh_planner_statistics
    from sigap.services.tracking import ALPHABET, check_symbol
    from sigap.tenancy import org
    from sigap.tenancy.context import activate, unscoped
    from sigap.tenancy.demo import OPDS
    from sigap.tenancy.models import Agency, OrgUnit

    rng = random.Random(seed)
    used: set[str] = set()

    def new_tracking_number() -> str:
        # As handling.new_tracking_number, from the seeded generator (fast; unique here).
        while True:
            body = "".join(rng.choices(ALPHABET, k=10))
            if body not in used:
                used.add(body)
                symbols = body + check_symbol(body)
                return f"ADU-{symbols[:4]}-{symbols[4:8]}-{symbols[8:]}"

    with unscoped():
        agency = Agency.objects.create(
            slug="provinsi", name="Pemerintah Provinsi Bench", region_code="99"
        )
    with activate(agency):
        units = [
            org.create_unit(agency, kind=OrgUnit.Kind.OPD, name=name, code=code, short_name=short)
            for code, name, short, _b in OPDS[:20]
        ]
        by_code = {u.code: u for u in units}
        load_default_categories(agency, units={c: by_code["DUKCAPIL"] for c in ("adminduk",)})
        categories = list(Category.objects.all())
    officer = User.objects.create_user("petugas.bench", "x", full_name="Petugas Bench")
    head = User.objects.create_user("kepala.bench", "x", full_name="Kepala Bench")
    RoleGrant.objects.create(
        user=officer, agency=agency, role=Role.OFFICER, unit=by_code["DUKCAPIL"]
    )
    RoleGrant.objects.create(
        user=head, agency=agency, role=Role.UNIT_HEAD, unit=by_code["DUKCAPIL"]
    )
    now = dt.datetime.now(dt.UTC)
    texts = [
        "Sudah dua minggu KTP elektronik saya belum jadi, katanya blanko habis dan disuruh kembali.",
        "Jalan depan pasar berlubang besar dan banjir kalau hujan, motor sering jatuh di situ.",
        "Sampah di TPS tidak diangkut sudah seminggu, baunya sampai ke rumah warga sekitar.",
        "Petugas di loket membentak warga yang bertanya soal berkas, sikapnya tidak sopan.",
    ]
    columns = [
        "agency_id",
        "tracking_number",
        "mode",
        "channel",
        "status",
        "text",
        "address",
        "lat",
        "long",
        "category_id",
        "unit_id",
        "application_id",
        "service_event_id",
        "service_id",
        "suggested_category_id",
        "suggestion_confidence",
        "suggestion_source",
        "needs_triage",
        "due_at",
        "escalation_level",
        "escalated_at",
        "created_at",
        "verified_at",
        "follow_up_at",
        "answered_at",
        "closed_at",
        "reopened_at",
        "answer",
        "answered_on_time",
        "reason",
        "merged_into_id",
        "rating",
        "rating_note",
        "reassigned_count",
        "lapor_id",
        "idempotency_key",
        "open311_client_id",
        "about_kind",
        "about_reference",
    ]
    insert = SqlInsert()
    counts: dict[tuple, list[int]] = {}
    written = 0
    with transaction.atomic():
        while written < n:
            rows = []
            for _ in range(min(CHUNK, n - written)):
                created = now - dt.timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
                unit = units[min(int(rng.expovariate(0.25)), len(units) - 1)]
                category = rng.choice(categories)
                recent = (now - created).days < 10
                status = (
                    rng.choice(["verified", "in_follow_up", "answered"]) if recent else "closed"
                )
                answered = (
                    created + dt.timedelta(days=rng.uniform(0.5, 9))
                    if status in ("answered", "closed")
                    else None
                )
                due = created + dt.timedelta(days=rng.uniform(1, 12))
                on_time = answered <= due if answered else None
                rows.append(
                    (
                        agency.pk,
                        new_tracking_number(),
                        rng.choice(["identified", "confidential", "anonymous"]),
                        "portal",
                        status,
                        rng.choice(texts),
                        "",
                        None,
                        None,
                        category.pk,
                        unit.pk,
                        None,
                        None,
                        None,
                        category.pk,
                        0.8,
                        "model",
                        False,
                        None if status == "closed" else due,
                        0,
                        None,
                        created,
                        created + dt.timedelta(hours=3),
                        None,
                        answered,
                        answered + dt.timedelta(days=14) if status == "closed" else None,
                        None,
                        "Sudah ditindaklanjuti." if answered else "",
                        on_time,
                        "",
                        None,
                        None,
                        "",
                        0,
                        "",
                        "",
                        None,
                        "",  # about_kind: not about a particular service received
                        "",  # about_reference
                    )
                )
                month = created.date().replace(day=1)
                c = counts.setdefault((month, unit.pk, category.pk), [0, 0, 0, 0])
                c[0] += 1
                if answered:
                    c[1] += 1
                    c[2] += 1 if on_time else 0
                    c[3] += int((answered - created).total_seconds() * 0.3)
            insert(Complaint, columns, rows, returning=False)
            written += len(rows)
        insert(
            MonthlyCount,
            [
                "agency_id",
                "month",
                "unit_id",
                "category_id",
                "filed",
                "answered",
                "answered_on_time",
                "answer_working_seconds",
            ],
            [(agency.pk, m, u, c, *v) for (m, u, c), v in counts.items()],
            returning=False,
        )
    refresh_planner_statistics([Complaint, MonthlyCount])
    return {"agency": agency, "officer": officer, "head": head, "now": now}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.complaint_inbox", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)

    emit_machine()
    with bench_database(args.database_url) as db:
        from django.conf import settings
        from django.test import Client
        from django.urls import clear_url_caches

        from sigap.complaints.models import Complaint
        from sigap.tenancy.context import unscoped

        settings.ROOT_URLCONF = "bench.complaint_inbox"
        clear_url_caches()
        with stopwatch() as built:
            world = build(args.complaints, args.seed)
        agency = world["agency"]
        with unscoped():
            total = Complaint.all_objects.count()
        common = {"db": db.vendor, "complaints": total}
        emit("complaint_inbox.setup", round(built(), 2), "s", **common)
        backend = "sigap.accounts.backends.EmailOrPhoneBackend"
        clients = {}
        for who in ("officer", "head"):
            clients[who] = Client()
            clients[who].force_login(world[who], backend=backend)
        clients["public"] = Client()
        yard = Client()
        year = world["now"].astimezone(agency.zone).year
        targets = [
            ("inbox.officer", "officer", "/kerja/pengaduan/", None),
            ("inbox.head_answered", "head", "/kerja/pengaduan/?status=answered", None),
            (
                "stats.public",
                "public",
                f"/p/{agency.slug}/pengaduan/",
                f"/_bench/stats/?agency={agency.pk}&year={year}",
            ),
        ]
        for name, who, url, y_url in targets:
            client = clients[who]
            with count_queries() as q:
                _, response = _get(client, url)
            numbers = list(dict.fromkeys(m.decode() for m in TRACKING.findall(response.content)))
            if y_url is None:
                if not numbers:
                    raise SystemExit(f"bench: {name} shows no complaints")
                y_url = "/_bench/rows/?t=" + ",".join(numbers)
            with count_queries() as yq:
                _, y_response = _get(yard, y_url)
            for _ in range(args.warmup):
                _get(client, url)
                _get(yard, y_url)
            page_t: list[float] = []
            yard_t: list[float] = []
            for i in range(args.requests):
                order = [(client, url, page_t), (yard, y_url, yard_t)]
                for c, u, bucket in order if i % 2 == 0 else order[::-1]:
                    bucket.append(_get(c, u)[0])
            report(
                name,
                page_t,
                yard_t,
                rows=len(numbers),
                queries=q[0],
                yardstick_queries=yq[0],
                bytes=len(response.content),
                **common,
            )
    return 0


def report(name: str, page: list[float], yard: list[float], **extra: Any) -> None:
    p, y = summarize(page), summarize(yard)
    base = f"complaint_inbox.{name}"
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
        target_met=p.p95 * 1000 < TARGET_MS and p.p95 / y.p95 <= TARGET_RATIO,
        **extra,
    )


if __name__ == "__main__":
    sys.exit(main())
