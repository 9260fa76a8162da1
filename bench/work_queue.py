"""bench.work_queue: the officer's queue, the unit queue and the citizen's application list
at province scale (several million applications).

    python -m bench.work_queue                              # province demo (≈ 3 million)
    python -m bench.work_queue --scale city --requests 100
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench python -m bench.work_queue
    python -m bench.work_queue --keep                       # seed once, reuse on the next --keep

Builds the demo (``seed_demo``; ``sigap.services.demo`` writes the applications) on a
throwaway database and, signed in with Django's test client, times the real pages:

* ``queue.mine``: ``/kerja/layanan/antrean/?tab=mine`` as the officer of ``--agency``
  with the most open work assigned to them (the demo's busiest counter);
* ``queue.unit`` / ``queue.unit_overdue`` / ``queue.unit_near`` / ``queue.waiting``: the
  unit queue as ``unit_head.<agency>`` (Disdukcapil's whole subtree), all open work, the
  overdue filter, the near-due filter (one SQL range: ``due_at ≥ now``, the stored
  ``near_due_at ≤ now``) and the applications waiting for the citizen;
* ``queue.unit_deep``: the unit queue's page after the middle of the open work (cursor);
* ``citizen.list``: ``/layanan/permohonan/`` as the citizen with the most applications,
  and ``citizen.api``: ``GET /api/v1/me/applications`` as that citizen (first page).

Each request is interleaved with a **yardstick** request: a bare view of this module's
URLconf rendering the same applications (found by the tracking numbers on the page) with
the same cells, anonymous, unscoped, no layout, no SLA flags. Lines:
``work_queue.<target>.p50`` / ``.p95`` (ms, with ``yardstick`` and ``ratio``) and
``work_queue.<target>.ratio_p95`` (x, with rows, SQL statements, bytes and whether the
issue's target is met: p95 < 100 ms and ≤ 3× the yardstick).
"""

from __future__ import annotations

import argparse
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

TARGET_MS = 100.0
TARGET_RATIO = 3.0
TRACKING = re.compile(rb"LYN-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z*~$=]{3}")

ROWS = """<!doctype html><title>permohonan</title>
<table><thead><tr><th>Nomor</th><th>Layanan</th><th>Pemohon</th><th>Status</th><th>Batas waktu</th></tr></thead>
<tbody>{% for a in apps %}<tr><td><a href="/x/{{ a.pk }}/">{{ a.tracking_number }}</a></td><td>{{ a.service.name }}</td><td>{{ a.citizen.full_name }}</td><td>{{ a.get_status_display }}</td><td>{{ a.due_at|date:"d-m-Y H:i" }}</td></tr>{% endfor %}</tbody>
</table>"""


@cache
def _template(source: str) -> Any:
    from django.template import engines

    return engines["django"].from_string(source)


def yardstick(request: Any) -> Any:
    """The same applications as the page (by tracking number), bare, in due order."""
    from django.http import HttpResponse

    from sigap.services.models import Application

    numbers = [n for n in request.GET.get("t", "").split(",") if n]
    apps = (
        Application.all_objects.filter(tracking_number__in=numbers)
        .select_related("service", "citizen")
        .order_by("due_at", "pk")
    )
    return HttpResponse(_template(ROWS).render({"apps": apps}))


def _urlpatterns() -> list:
    from django.urls import path

    return [path("_bench/apps/", yardstick)]


__getattr__ = site_urlconf(_urlpatterns)


def _get(client: Any, url: str) -> tuple[float, Any]:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"bench: GET {url} answered {response.status_code}")
    return elapsed, response


def _numbers(content: bytes) -> list[str]:
    return list(dict.fromkeys(m.decode() for m in TRACKING.findall(content)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.work_queue", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--scale", choices=("small", "city", "province"), default="province")
    parser.add_argument("--agency", default="dki-jakarta")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the seeded demo (var/bench/, or the PostgreSQL database) and reuse it on"
        " the next run with --keep (bench.asn_list --keep shares it)",
    )
    args = parser.parse_args(argv)

    emit_machine()
    keep = f"demo-{args.scale}-{args.seed}" if args.keep else None
    with bench_database(args.database_url, keep=keep) as db:
        from django.conf import settings
        from django.db.models import Count
        from django.test import Client
        from django.urls import clear_url_caches

        from sigap.accounts.models import User
        from sigap.platform.dbstats import planner_statistics_present
        from sigap.platform.pagination import encode_cursor
        from sigap.services.models import Application, ServiceEvent
        from sigap.shell.demo import seed_demo
        from sigap.tenancy.context import unscoped
        from sigap.tenancy.models import Agency

        settings.ROOT_URLCONF = "bench.work_queue"
        clear_url_caches()

        with unscoped():
            reused = Agency.objects.exists()  # a kept demo: seeded already
        with stopwatch() as seeded:
            if not reused:
                seed_demo(args.scale, args.seed)
        with unscoped():
            agency = Agency.objects.get(slug=args.agency)
            apps = Application.all_objects
            total = apps.count()
            in_agency = apps.filter(agency=agency)
            open_apps = in_agency.filter(status__in=Application.OPEN)
            n_open = open_apps.count()
            busiest = (
                open_apps.exclude(assigned_to=None)
                .values("assigned_to")
                .annotate(n=Count("pk"))
                .order_by("-n", "assigned_to")
                .first()
            )
            officer = User.objects.get(pk=busiest["assigned_to"])
            heavy = apps.values("citizen").annotate(n=Count("pk")).order_by("-n", "citizen").first()
            citizen = User.objects.get(pk=heavy["citizen"])
            middle = open_apps.order_by("due_at", "pk")[n_open // 2]
            events = ServiceEvent.all_objects.count()
            analyzed = planner_statistics_present(Application)
        common = {"db": db.vendor, "scale": args.scale, "agency": args.agency}
        emit(
            "work_queue.setup",
            round(seeded(), 2),
            "s",
            applications=total,
            applications_in_agency=in_agency.count(),
            open_in_agency=n_open,
            events=events,
            officer=officer.username,
            officer_open=busiest["n"],
            citizen_applications=heavy["n"],
            analyzed=analyzed,
            reused=reused,
            **common,
        )

        head = User.objects.get(username=f"unit_head.{args.agency}")
        backend = "sigap.accounts.backends.EmailOrPhoneBackend"
        clients: dict[str, Any] = {}
        for who, user in (("officer", officer), ("head", head), ("citizen", citizen)):
            clients[who] = Client()
            clients[who].force_login(user, backend=backend)
        yard = Client()
        deep = encode_cursor([middle.due_at.isoformat(), middle.pk])
        targets = [
            ("queue.mine", "officer", "/kerja/layanan/antrean/?tab=mine"),
            ("queue.unit", "head", "/kerja/layanan/antrean/?tab=unit"),
            ("queue.unit_overdue", "head", "/kerja/layanan/antrean/?tab=unit&sla=overdue"),
            ("queue.unit_near", "head", "/kerja/layanan/antrean/?tab=unit&sla=near"),
            ("queue.waiting", "head", "/kerja/layanan/antrean/?tab=waiting"),
            ("queue.unit_deep", "head", f"/kerja/layanan/antrean/?tab=unit&cursor={deep}"),
            ("citizen.list", "citizen", "/layanan/permohonan/"),
            ("citizen.api", "citizen", "/api/v1/me/applications"),
        ]
        for name, who, url in targets:
            client = clients[who]
            with count_queries() as q:
                _, response = _get(client, url)
            numbers = _numbers(response.content)
            y_url = "/_bench/apps/?t=" + ",".join(numbers)
            with count_queries() as yq:
                _, y_response = _get(yard, y_url)
            if len(_numbers(y_response.content)) != len(numbers):
                raise SystemExit(f"bench: yardstick of {name} shows other rows")
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
                yardstick_bytes=len(y_response.content),
                **common,
            )
    return 0


def report(name: str, page: list[float], yard: list[float], **extra: Any) -> None:
    p, y = summarize(page), summarize(yard)
    base = f"work_queue.{name}"
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
