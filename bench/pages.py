"""bench.pages: server time of staff pages on the demo data, against a bare yardstick.

    python -m bench.pages                        # city scale, 200 requests per page
    python -m bench.pages --scale province --requests 500
    python -m bench.pages --audit-padding 200000 # a long audit trail (deep keyset pages)

Builds the demo data (``seed_demo``) on a throwaway database, signs in with Django's
test client as ``<role>.dki-jakarta`` and times requests to

* ``unit_list``: ``/kerja/unit/``, every org unit of the agency in one table;
* ``audit_search``: ``/kerja/audit/``, the first keyset page (50 rows) of the trail;
* ``audit_search_last``: the last page of the trail, reached through its keyset cursor.

In the same run, interleaved request by request, it times the yardstick of each page
(``bench/yardstick.py``): a plain view rendering the same number of rows of the same table
with a bare template, anonymous, through the same test client and middleware stack.

Lines printed (one JSON object each); times are server time in milliseconds as seen by
the test client (no network, no gzip):

* ``pages.<page>.<role>.p50`` / ``.p95`` (ms), with ``yardstick`` (ms) and ``ratio``.
* ``pages.<page>.<role>.ratio_p95`` (x): page p95 / yardstick p95, the figure to compare
  across machines; extras: rows rendered, SQL statements per request of page and
  yardstick, response bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from dataclasses import dataclass
from typing import Any

from bench._harness import (
    bench_database,
    count_queries,
    emit,
    emit_machine,
    stopwatch,
    summarize,
)

ROLES = ("inspector", "agency_admin")
AUDIT_PAGE_SIZE = 50  # sigap.trail.views.search


@dataclass(frozen=True)
class Target:
    name: str
    page_url: str
    yardstick_url: str
    rows: int


def parse_roles(text: str) -> list[str]:
    roles = [r.strip() for r in text.split(",") if r.strip()]
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        raise argparse.ArgumentTypeError(f"roles must be among {', '.join(ROLES)}")
    return roles


def count_rows(html: bytes) -> int:
    """Body rows of the (single) table on the page: every <tr> but the header's."""
    return html.count(b"<tr") - 1


def pad_audit_trail(n: int, seed: int) -> None:
    """Add ``n`` older audit entries spread over the demo agencies (bulk, no signals)."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone

    from sigap.tenancy.models import Agency, OrgUnit

    rng = random.Random(seed)
    content_type = ContentType.objects.get_for_model(OrgUnit)
    unit_pks: dict[int, list[int]] = {}
    for pk, agency_id in OrgUnit.all_objects.values_list("pk", "agency_id"):
        unit_pks.setdefault(agency_id, []).append(pk)
    agency_ids = list(Agency.objects.order_by("pk").values_list("pk", flat=True))
    oldest_seeded = LogEntry.objects.order_by("timestamp").values_list("timestamp", flat=True)
    start = (oldest_seeded.first() or timezone.now()) - dt.timedelta(seconds=1)
    batch: list[LogEntry] = []
    for i in range(n):
        agency_id = agency_ids[i % len(agency_ids)]
        object_pk = rng.choice(unit_pks.get(agency_id) or [0])
        batch.append(
            LogEntry(
                content_type=content_type,
                object_pk=str(object_pk),
                object_id=object_pk,
                object_repr=f"Unit {object_pk}",
                action=LogEntry.Action.UPDATE,
                changes={"name": [f"Unit lama {i}", f"Unit {object_pk}"]},
                changes_text="",
                timestamp=start - dt.timedelta(seconds=30 * (i + 1)),
                additional_data={"channel": "page", "agency_id": agency_id},
            )
        )
        if len(batch) == 5000:
            LogEntry.objects.bulk_create(batch)
            batch = []
    if batch:
        LogEntry.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        # As autovacuum would after a bulk load: the planner needs the new row counts.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE auditlog_logentry")


def last_page_cursor(agency: Any) -> tuple[str | None, int]:
    """Cursor that opens the last page of the agency's trail, and that page's row count.

    Found with an OFFSET here, once, outside the timing: the page itself is keyset-based.
    """
    from sigap.platform.pagination import encode_cursor
    from sigap.trail.trail import TrailFilter, trail_for

    oldest_first = trail_for(agency, TrailFilter()).order_by("timestamp", "pk")
    total = oldest_first.count()
    if total <= AUDIT_PAGE_SIZE:
        return None, total
    on_last = total % AUDIT_PAGE_SIZE or AUDIT_PAGE_SIZE
    boundary = oldest_first[on_last]  # newest row of the older pages' tail = last row before
    return encode_cursor([boundary.timestamp.isoformat(), boundary.pk]), on_last


def measure(
    page_client: Any, yardstick_client: Any, target: Target, *, requests: int, warmup: int
) -> tuple[list[float], list[float]]:
    """Interleave page and yardstick requests (alternating which goes first)."""

    def get(client: Any, url: str) -> float:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        if response.status_code != 200:
            raise SystemExit(f"bench: GET {url} answered {response.status_code}")
        return elapsed

    for _ in range(warmup):
        get(page_client, target.page_url)
        get(yardstick_client, target.yardstick_url)
    page: list[float] = []
    yard: list[float] = []
    for i in range(requests):
        if i % 2:
            yard.append(get(yardstick_client, target.yardstick_url))
            page.append(get(page_client, target.page_url))
        else:
            page.append(get(page_client, target.page_url))
            yard.append(get(yardstick_client, target.yardstick_url))
    return page, yard


def probe(client: Any, url: str) -> tuple[int, int, int]:
    """(rows rendered, SQL statements, response bytes) of one request."""
    with count_queries() as queries:
        response = client.get(url)
    return count_rows(response.content), queries[0], len(response.content)


def report(target: Target, role: str, page: list[float], yard: list[float], extra: dict) -> None:
    p, y = summarize(page), summarize(yard)
    base = f"pages.{target.name}.{role}"
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
        **extra,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.pages", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--scale", choices=("small", "city", "province"), default="city")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--agency", default="dki-jakarta")
    parser.add_argument("--roles", type=parse_roles, default=list(ROLES))
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests first")
    parser.add_argument(
        "--audit-padding", type=int, default=0, help="extra older audit entries to add"
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help="postgres URL of a dedicated sigap_bench* database (default: temporary SQLite)",
    )
    args = parser.parse_args(argv)

    emit_machine()
    with bench_database(args.database_url) as db:
        from auditlog.models import LogEntry
        from django.conf import settings
        from django.test import Client
        from django.urls import clear_url_caches

        from sigap.accounts.models import User
        from sigap.shell.demo import seed_demo
        from sigap.tenancy.context import unscoped
        from sigap.tenancy.models import Agency, OrgUnit
        from sigap.trail.trail import TrailFilter, trail_for

        settings.ROOT_URLCONF = "bench.yardstick"
        clear_url_caches()

        with stopwatch() as seeded:
            seed_demo(args.scale, args.seed)
            if args.audit_padding:
                with unscoped():
                    pad_audit_trail(args.audit_padding, args.seed)
        with unscoped():
            agency = Agency.objects.get(slug=args.agency)
            n_units = OrgUnit.all_objects.filter(agency=agency).count()
            n_trail = trail_for(agency, TrailFilter()).count()
            n_log = LogEntry.objects.count()
            cursor, last_rows = last_page_cursor(agency)
        common = {"scale": args.scale, "db": db.vendor, "agency": args.agency}
        emit(
            "pages.setup",
            round(seeded(), 2),
            "s",
            units=n_units,
            trail_entries=n_trail,
            audit_table_rows=n_log,
            audit_padding=args.audit_padding,
            **common,
        )

        targets = [
            Target(
                "unit_list",
                "/kerja/unit/",
                f"/_bench/yardstick/units/?agency={agency.pk}",
                n_units,
            ),
            Target(
                "audit_search",
                "/kerja/audit/",
                f"/_bench/yardstick/audit/?n={min(AUDIT_PAGE_SIZE, n_trail)}",
                min(AUDIT_PAGE_SIZE, n_trail),
            ),
        ]
        if cursor is not None:
            targets.append(
                Target(
                    "audit_search_last",
                    f"/kerja/audit/?cursor={cursor}",
                    f"/_bench/yardstick/audit/?n={last_rows}",
                    last_rows,
                )
            )

        yardstick_client = Client()  # anonymous: no tenancy, no roles
        for role in args.roles:
            user = User.objects.get(username=f"{role}.{args.agency}")
            client = Client()
            client.force_login(user, backend="sigap.accounts.backends.EmailOrPhoneBackend")
            for target in targets:
                rows, queries, size = probe(client, target.page_url)
                y_rows, y_queries, y_size = probe(yardstick_client, target.yardstick_url)
                if rows != target.rows or y_rows != target.rows:
                    raise SystemExit(
                        f"bench: {target.name} rendered {rows} rows, yardstick {y_rows}, "
                        f"expected {target.rows}"
                    )
                page, yard = measure(
                    client,
                    yardstick_client,
                    target,
                    requests=args.requests,
                    warmup=args.warmup,
                )
                report(
                    target,
                    role,
                    page,
                    yard,
                    {
                        "rows": rows,
                        "queries": queries,
                        "yardstick_queries": y_queries,
                        "bytes": size,
                        "yardstick_bytes": y_size,
                        **common,
                    },
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
