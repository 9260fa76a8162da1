"""bench.display: the counter page and the call display at province scale, and how fast
a call reaches 50 open displays.

    python -m bench.display                                  # SQLite
    python -m bench.display --database-url postgres://postgres@127.0.0.1:5432/sigap_bench

Setup on a throwaway database: Disdukcapil Jambi's office (``sigap.queues.demo``:
three services, four counters plus ``--counters`` more), a year of tickets and their
service events at province volume (``write_history``, scale ``province``), and a busy
morning: ``--waiting`` citizens in line and every counter calling one.

Pages, signed in with Django's test client and interleaved with a **yardstick** (a bare
view rendering the same rows: anonymous, unscoped, no layout):

* ``display.counter``: ``/antrean/loket/<id>/`` as an officer of the office;
* ``display.screen``: the display page; ``display.state``: its JSON state (200) and
  ``display.state_304``: the poll of an unchanged office (``If-None-Match``).

Propagation: a gunicorn server (``--workers`` sync workers) and ``--displays`` threads
polling the state as ``display.js`` does (every ``--poll-ms``, ETag); the main thread
calls ``--calls`` tickets (``counter.call_next``, committed) one every ``--gap`` seconds
and records when each display first shows the new number: ``display.propagation``
p50/p95 (target: p95 < 1 s). Targets of the pages: p95 < 100 ms and ≤ 3× the yardstick.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from functools import cache
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

from bench._harness import (
    PROJECT_DIR,
    bench_database,
    count_queries,
    emit,
    emit_machine,
    site_urlconf,
    summarize,
)
from bench.apply_burst import _free_port, _wait_ready

TARGET_MS = 100.0
TARGET_RATIO = 3.0
TARGET_PROPAGATION_S = 1.0

COUNTER_ROWS = """<!doctype html><title>loket</title><h1>{{ counter.name }}</h1>
<p>{{ current.number }} {{ current.get_status_display }} {{ current.offer.service.name }}</p>
<ol>{% for t in line %}<li>{{ t.number }} · {{ t.offer.service.name }}</li>{% endfor %}</ol>
<table>{% for o in offers %}<tr><td>{{ o.prefix }} {{ o.service.name }}</td><td>{{ o.n }}</td></tr>{% endfor %}</table>"""

SCREEN_ROWS = """<!doctype html><title>layar</title><ul>{% for t in called %}<li>{{ t.counter.name }} {{ t.number }}</li>{% endfor %}</ul>
<ol>{% for t in recent %}<li>{{ t.number }} {{ t.counter.name }}</li>{% endfor %}</ol>"""


@cache
def _template(source: str) -> Any:
    from django.template import engines

    return engines["django"].from_string(source)


def counter_yardstick(request: Any) -> Any:
    """The counter page's rows, bare: its current ticket, its line, waiting per service."""
    from django.db.models import Count
    from django.http import HttpResponse

    from sigap.queues.models import Counter, PointService, Ticket

    counter = Counter.all_objects.get(pk=int(request.GET["c"]))
    current = (
        Ticket.all_objects.filter(counter=counter, status__in=("called", "serving"))
        .select_related("offer__service")
        .first()
    )
    line = (
        Ticket.all_objects.filter(point_id=counter.point_id, status="waiting")
        .select_related("offer__service")
        .order_by("-priority", "queued_at")[:15]
    )
    counts = dict(
        Ticket.all_objects.filter(point_id=counter.point_id, status="waiting")
        .values("offer_id")
        .annotate(n=Count("pk"))
        .values_list("offer_id", "n")
    )
    offers = list(
        PointService.all_objects.filter(point_id=counter.point_id).select_related("service")
    )
    for o in offers:
        o.n = counts.get(o.pk, 0)
    return HttpResponse(
        _template(COUNTER_ROWS).render(
            {"counter": counter, "current": current, "line": line, "offers": offers}
        )
    )


def screen_yardstick(request: Any) -> Any:
    from django.http import HttpResponse

    from sigap.queues.models import Ticket

    point = int(request.GET["p"])
    called = Ticket.all_objects.filter(
        point_id=point, status__in=("called", "serving")
    ).select_related("counter")
    day = (
        Ticket.all_objects.filter(point_id=point)
        .order_by("-day")
        .values_list("day", flat=True)
        .first()
    )
    recent = (
        Ticket.all_objects.filter(point_id=point, day=day, called_at__isnull=False)
        .select_related("counter")
        .order_by("-called_at")[:6]
    )
    return HttpResponse(_template(SCREEN_ROWS).render({"called": called, "recent": recent}))


def _urlpatterns() -> list:
    from django.urls import path

    return [
        path("_bench/counter/", counter_yardstick),
        path("_bench/screen/", screen_yardstick),
    ]


__getattr__ = site_urlconf(_urlpatterns)


def _setup(args: argparse.Namespace) -> tuple[Any, Any, list[Any], Any]:
    """(agency, point, counters, officer user)."""
    import datetime as dt

    from sigap.accounts.models import Role
    from sigap.accounts.passwords import change_password
    from sigap.accounts.staff import grant_role
    from sigap.platform.demo import DemoContext
    from sigap.queues import counter as work
    from sigap.queues import demo, points, tickets
    from sigap.queues.models import Ticket
    from sigap.services import catalogue
    from sigap.services.models import Service
    from sigap.tenancy import org
    from sigap.tenancy.context import acting_for
    from sigap.tenancy.models import Agency, OrgUnit
    from sigap.workcal.calendar import WorkingCalendar

    agency = Agency.objects.create(
        slug="jambi", name="Pemerintah Provinsi Jambi", kind=Agency.Kind.PROVINCE, region_code="15"
    )
    with acting_for(agency):
        unit = org.create_unit(
            agency,
            kind=OrgUnit.Kind.OPD,
            name="Dinas Kependudukan dan Pencatatan Sipil",
            code="DUKCAPIL",
            short_name="Disdukcapil",
        )
        for code, _prefix, _m in demo.OFFERED:
            catalogue.create_service(
                agency,
                unit=unit,
                code=code,
                name=f"Layanan {code}",
                category=Service.Category.ADMINDUK,
            )
        point, offers = demo.demo_office(agency, agency.today())
        for n in range(demo.COUNTERS + 1, demo.COUNTERS + 1 + args.counters):
            points.add_counter(point, number=n)
        _grant, initial_password = grant_role(
            agency,
            username="officer.jambi",
            full_name="Petugas Loket",
            role=Role.OFFICER,
            unit=unit,
        )
        ctx = DemoContext(scale="province", seed=args.seed)
        written = demo.write_history(
            ctx, agency, point, offers, random.Random(args.seed), agency.today()
        )
        from sigap.accounts.models import User

        officer = User.objects.get(username="officer.jambi")
        # An initial password must be changed before any page opens (issue 8, item 8).
        change_password(officer, old_password=initial_password, new_password="loket-jambi-2026")
        always = {d: (dt.time(0, 0), dt.time.max) for d in range(7)}
        calendar = WorkingCalendar.from_holidays(agency.time_zone, [], office_hours=always)
        rng = random.Random(args.seed)
        for _ in range(args.waiting):
            tickets.issue_walk_in(
                rng.choice(offers), source=Ticket.Source.COUNTER, calendar=calendar
            )
        counters = list(point.counters.order_by("number"))
        for desk in counters[:-1]:  # the last stays free for the propagation test
            work.call_next(desk, by=officer)
    emit("display.setup", written, "tickets", waiting=args.waiting, counters=len(counters))
    return agency, point, counters, officer


def _get(client: Any, url: str, **headers: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    response = client.get(url, **headers)
    elapsed = time.perf_counter() - start
    if response.status_code not in (200, 304):
        raise SystemExit(f"bench: GET {url} answered {response.status_code}")
    return elapsed, response


def _report(name: str, page: list[float], yard: list[float] | None, **extra: Any) -> None:
    p = summarize(page)
    emit(f"display.{name}.p50", round(p.p50 * 1000, 2), "ms", **extra)
    if yard is None:
        emit(
            f"display.{name}.p95",
            round(p.p95 * 1000, 2),
            "ms",
            target_ms=TARGET_MS,
            met=p.p95 * 1000 < TARGET_MS,
            **extra,
        )
        return
    y = summarize(yard)
    ratio = p.p95 / y.p95
    emit(
        f"display.{name}.p95",
        round(p.p95 * 1000, 2),
        "ms",
        yardstick_p95_ms=round(y.p95 * 1000, 2),
        ratio_p95=round(ratio, 2),
        met=p.p95 * 1000 < TARGET_MS and ratio <= TARGET_RATIO,
        **extra,
    )


def _pages(
    args: argparse.Namespace, agency: Any, point: Any, counters: list[Any], officer: Any
) -> None:
    from django.conf import settings
    from django.test import Client
    from django.urls import clear_url_caches

    settings.ROOT_URLCONF = "bench.display"
    clear_url_caches()
    staff = Client()
    staff.force_login(officer, backend="sigap.accounts.backends.EmailOrPhoneBackend")
    anon = Client()
    desk = counters[0]
    targets = {
        "counter": (staff, f"/antrean/loket/{desk.pk}/", f"/_bench/counter/?c={desk.pk}"),
        "screen": (
            anon,
            f"/p/{agency.slug}/antrean/kantor/{point.code}/layar/",
            f"/_bench/screen/?p={point.pk}",
        ),
        "state": (
            anon,
            f"/p/{agency.slug}/antrean/kantor/{point.code}/layar.json",
            f"/_bench/screen/?p={point.pk}",
        ),
    }
    yard_client = Client()
    for name, (client, url, yard_url) in targets.items():
        for _ in range(args.warmup):
            _get(client, url)
            _get(yard_client, yard_url)
        page, yard = [], []
        with count_queries() as q:
            _e, response = _get(client, url)
        for _ in range(args.requests):
            page.append(_get(client, url)[0])
            yard.append(_get(yard_client, yard_url)[0])
        _report(name, page, yard, queries=q[0], bytes=len(response.content), requests=args.requests)
    etag = anon.get(targets["state"][1])["ETag"]
    polls = [
        _get(anon, targets["state"][1], HTTP_IF_NONE_MATCH=etag)[0] for _ in range(args.requests)
    ]
    _report("state_304", polls, None, requests=args.requests)


def _poller(
    port: int,
    path: str,
    poll: float,
    stop: threading.Event,
    seen: dict[str, float],
    lock: threading.Lock,
) -> None:
    etag = None
    conn = HTTPConnection("127.0.0.1", port, timeout=30)
    while not stop.is_set():
        try:
            conn.request("GET", path, headers={"If-None-Match": etag} if etag else {})
            response = conn.getresponse()
            body = response.read()
            if response.status == 200:
                etag = response.getheader("ETag")
                now = time.perf_counter()
                state = json.loads(body)
                with lock:
                    for c in state["counters"]:
                        if c["call"]:
                            seen.setdefault(c["call"], now)
        except OSError:
            conn.close()
            conn = HTTPConnection("127.0.0.1", port, timeout=30)
        stop.wait(poll)


def _propagation(
    args: argparse.Namespace, db: Any, agency: Any, point: Any, counters: list[Any], officer: Any
) -> None:
    from sigap.queues import counter as work

    port = _free_port()
    env = {**os.environ, "LOG_LEVEL": "WARNING", "ALLOWED_HOSTS": "127.0.0.1,localhost"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    cmd = [
        str(gunicorn),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
    ]
    cmd += ["--log-level", "warning", "--timeout", "120"]
    server = subprocess.Popen(cmd, cwd=PROJECT_DIR, env=env, start_new_session=True)  # noqa: S603
    path = f"/p/{agency.slug}/antrean/kantor/{point.code}/layar.json"
    desk = counters[-1]
    per_display: list[dict[str, float]] = [{} for _ in range(args.displays)]
    lock = threading.Lock()
    stop = threading.Event()
    latencies: list[float] = []
    missed = 0
    try:
        _wait_ready(f"http://127.0.0.1:{port}", server, timeout=300)
        threads = [
            threading.Thread(
                target=_poller,
                args=(port, path, args.poll_ms / 1000, stop, seen, lock),
                daemon=True,
            )
            for seen in per_display
        ]
        for t in threads:
            t.start()
            time.sleep(args.poll_ms / 1000 / args.displays)  # displays are not in step
        time.sleep(2)
        for _ in range(args.calls):
            current = work.current_ticket(desk)
            if current is not None:
                work.skip(current, by=officer)
            called_at = time.perf_counter()
            ticket = work.call_next(desk, by=officer)
            if ticket is None:
                break
            time.sleep(args.gap)
            ticket.refresh_from_db()
            key = f"{ticket.number}#{ticket.recalls}@{ticket.called_at.timestamp():.0f}"
            with lock:
                for seen in per_display:
                    if key in seen:
                        latencies.append(max(0.0, seen[key] - called_at))
                    else:
                        missed += 1
    finally:
        stop.set()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    s = summarize(latencies)
    emit(
        "display.propagation.p50",
        round(s.p50, 3),
        "s",
        displays=args.displays,
        calls=args.calls,
        poll_ms=args.poll_ms,
    )
    emit(
        "display.propagation.p95",
        round(s.p95, 3),
        "s",
        max=round(s.max, 3),
        missed=missed,
        target_s=TARGET_PROPAGATION_S,
        met=s.p95 < TARGET_PROPAGATION_S and missed == 0,
        database=db.vendor,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.display", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--counters", type=int, default=6, help="counters beyond the demo's four")
    parser.add_argument("--waiting", type=int, default=300)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--displays", type=int, default=50)
    parser.add_argument("--poll-ms", type=int, default=500, help="as display.js")
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--gap", type=float, default=2.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)

    emit_machine()
    with bench_database(args.database_url) as db:
        agency, point, counters, officer = _setup(args)
        _pages(args, agency, point, counters, officer)
        _propagation(args, db, agency, point, counters, officer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
