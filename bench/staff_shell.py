"""bench.staff_shell: the fixed cost of a signed-in staff page, layer by layer.

    python -m bench.staff_shell                       # small demo, 300 requests each
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench_shell python -m bench.staff_shell

Every staff page pays for the same things before it reads a row of its own: the
session and the user, the grants and the permission check, and the layout (header,
menu, unread notifications, language switch). This benchmark times, interleaved
request by request with the test client on the demo (``--scale``):

* ``staff_shell.bare``: the yardstick, an anonymous plain view rendering one line with
  a bare template (no session read, no layout);
* ``staff_shell.auth``: the same line behind ``staff_permission_required``, signed in
  (session, user, grants, permission check);
* ``staff_shell.layout``: an empty page in the staff layout (``shell/staff_base.html``),
  signed in: the fixed cost every staff page starts from;

as ``hr.<agency>``, ``unit_head.<agency>`` and ``agency_admin.<agency>`` (menus of
different lengths). Lines: ``staff_shell.<target>.<user>`` (ms p50, with p95, SQL
statements per request and the ratio to the yardstick's p50).
"""

from __future__ import annotations

import argparse
import sys
import time
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

_LINE = "<!doctype html><title>x</title><p>x</p>"
_LAYOUT = '{% extends "shell/staff_base.html" %}{% block content %}<p>x</p>{% endblock %}'
_PERMISSIONS = ("workforce.view_all_asn", "workforce.view_unit_asn")


def _views() -> list:
    from django.http import HttpResponse
    from django.template import engines
    from django.urls import path

    from sigap.platform.access import staff_permission_required

    engine = engines["django"]
    line, layout = engine.from_string(_LINE), engine.from_string(_LAYOUT)

    def bare(request: Any) -> Any:
        return HttpResponse(line.render({}))

    @staff_permission_required(*_PERMISSIONS)
    def auth(request: Any) -> Any:
        return HttpResponse(line.render({}))

    @staff_permission_required(*_PERMISSIONS)
    def with_layout(request: Any) -> Any:
        return HttpResponse(layout.render({}, request))

    return [
        path("_bench/shell/bare/", bare),
        path("_bench/shell/auth/", auth),
        path("_bench/shell/layout/", with_layout),
    ]


__getattr__ = site_urlconf(_views)


def _get(client: Any, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"bench: GET {url} answered {response.status_code}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.staff_shell", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--scale", choices=("small", "city"), default="small")
    parser.add_argument("--agency", default="jambi")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)

    emit_machine()
    with bench_database(args.database_url) as db:
        from django.conf import settings
        from django.test import Client
        from django.urls import clear_url_caches

        from sigap.accounts.models import User
        from sigap.shell.demo import seed_demo

        settings.ROOT_URLCONF = "bench.staff_shell"
        clear_url_caches()
        with stopwatch() as seeded:
            seed_demo(args.scale, 1)
        common = {"db": db.vendor, "scale": args.scale, "agency": args.agency}
        emit("staff_shell.setup", round(seeded(), 1), "s", **common)

        anonymous = Client()
        for role in ("hr", "unit_head", "agency_admin"):
            user = User.objects.get(username=f"{role}.{args.agency}")
            client = Client()
            client.force_login(user, backend="sigap.accounts.backends.EmailOrPhoneBackend")
            targets = [
                ("bare", anonymous, "/_bench/shell/bare/"),
                ("auth", client, "/_bench/shell/auth/"),
                ("layout", client, "/_bench/shell/layout/"),
            ]
            statements = {}
            for name, c, url in targets:
                with count_queries() as q:
                    _get(c, url)
                statements[name] = q[0]
                for _ in range(args.warmup):
                    _get(c, url)
            times: dict[str, list[float]] = {name: [] for name, _, _ in targets}
            for i in range(args.requests):
                order = targets if i % 2 == 0 else targets[::-1]
                for name, c, url in order:
                    times[name].append(_get(c, url))
            yard = summarize(times["bare"])
            for name, _, _ in targets:
                s = summarize(times[name])
                emit(
                    f"staff_shell.{name}.{role}",
                    round(s.p50 * 1000, 2),
                    "ms",
                    p95=round(s.p95 * 1000, 2),
                    queries=statements[name],
                    ratio_p50=round(s.p50 / yard.p50, 2),
                    n=s.n,
                    **common,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
