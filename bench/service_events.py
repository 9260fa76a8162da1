"""bench.service_events: the reads other apps make of ``ServiceEvent`` at 10⁷ rows, on the
table as Django creates it and on a copy partitioned by month (PostgreSQL only).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench python -m bench.service_events
    python -m bench.service_events --database-url postgres://… --rows 2000000 --requests 50

Setup: the small demo (pemda, units, services, officers with their posts), then
``--rows`` events spread over ``--months`` months ending today, generated inside
PostgreSQL (``generate_series``, fixed ``setseed``) over the demo's services and each
unit's officers, with a mix of channels and outcomes. Foreign keys are not re-checked
during the load (``session_replication_role = replica``: the generator only draws
existing ids) and the indexes are built after it. Then the partitioned copy is built as
docs/operations.md describes ("Partitioning service events by month"): ``PARTITION BY
RANGE (day)``, one partition per month, the same four indexes, primary key ``(id,
day)``; both tables are ``ANALYZE``d.

Reads (the same SQL on both tables, random parameters drawn per request, interleaved):

* ``unit_month``: count, mean processing and on-time share of one unit over a month
  (dashboards, the public face);
* ``service_day``: one service's events of one day, by finishing time (officer pages);
* ``officer_month``: one officer's events per day over a month (SKP evidence);
* ``officer_year``: one officer's events per month over a year (impact evaluation);
* ``agency_month``: the month's aggregate per unit and service of one pemda (count
  tables, insights);
* ``agency_day``: the count of one pemda's events on one day.

Lines: ``service_events.<read>.<plain|partitioned>.p50/.p95`` (ms) and
``service_events.<read>.ratio_p95`` (partitioned / plain), plus the load and build times
and the tables' sizes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from typing import Any

from bench._harness import bench_database, emit, emit_machine, stopwatch, summarize

PLAIN = "services_serviceevent"
PART = "services_serviceevent_by_month"

READS: dict[str, str] = {
    "unit_month": (
        "SELECT count(*), avg(processing_working_seconds), avg(within_sla::int) FROM {t} "
        "WHERE agency_id = %(agency)s AND unit_id = %(unit)s "
        "AND day >= %(month)s AND day < %(next_month)s"
    ),
    "service_day": (
        "SELECT id, officer_id, finished_at, processing_working_seconds FROM {t} "
        "WHERE agency_id = %(service_agency)s AND service_id = %(service)s AND day = %(day)s "
        "ORDER BY finished_at LIMIT 200"
    ),
    "officer_month": (
        "SELECT day, count(*), avg(processing_working_seconds) FROM {t} "
        "WHERE officer_id = %(officer)s AND day >= %(month)s AND day < %(next_month)s "
        "GROUP BY day ORDER BY day"
    ),
    "officer_year": (
        "SELECT date_trunc('month', day) AS m, count(*), avg(processing_working_seconds) "
        "FROM {t} WHERE officer_id = %(officer)s AND day >= %(year_ago)s "
        "GROUP BY m ORDER BY m"
    ),
    "agency_month": (
        "SELECT unit_id, service_id, count(*), avg(processing_working_seconds), "
        "sum(within_sla::int) FROM {t} WHERE agency_id = %(agency)s "
        "AND day >= %(month)s AND day < %(next_month)s GROUP BY unit_id, service_id"
    ),
    "agency_day": "SELECT count(*) FROM {t} WHERE agency_id = %(agency)s AND day = %(day)s",
}

INDEXES = [
    ("event_by_unit_day", "(agency_id, unit_id, day)"),
    ("event_by_service_day", "(agency_id, service_id, day)"),
    ("event_by_officer_day", "(officer_id, day)"),
    ("event_by_day", "(agency_id, day)"),
]


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    out, m = [], first.replace(day=1)
    while m <= last:
        out.append(m)
        m = (m + dt.timedelta(days=32)).replace(day=1)
    return out


def partition_ddl(table: str, like: str, months: list[dt.date]) -> list[str]:
    """The DDL of docs/operations.md: a table partitioned by month of ``day``, one
    partition per month in ``months`` and a default one for anything outside."""
    ddl = [
        f"CREATE TABLE {table} (LIKE {like} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
        "INCLUDING GENERATED) PARTITION BY RANGE (day)",
        f"ALTER TABLE {table} ADD PRIMARY KEY (id, day)",
    ]
    for m in months:
        nxt = (m + dt.timedelta(days=32)).replace(day=1)
        ddl.append(
            f"CREATE TABLE {table}_{m:%Y_%m} PARTITION OF {table} "
            f"FOR VALUES FROM ('{m.isoformat()}') TO ('{nxt.isoformat()}')"
        )
    ddl.append(f"CREATE TABLE {table}_default PARTITION OF {table} DEFAULT")
    return ddl


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.service_events", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)

    emit_machine()
    with bench_database(args.database_url) as db:
        if db.vendor != "postgresql":
            raise SystemExit("bench.service_events: PostgreSQL only (--database-url postgres://…)")
        from django.db import connection

        from sigap.services.models import Service
        from sigap.shell.demo import seed_demo
        from sigap.tenancy.context import unscoped
        from sigap.workforce.models import Assignment

        with stopwatch() as seeded:
            seed_demo("small", args.seed)
        today = dt.datetime.now(tz=dt.UTC).date()
        first_day = today - dt.timedelta(days=round(args.months * 30.44))
        with unscoped():
            services = list(
                Service.all_objects.values_list("pk", "agency_id", "unit_id", "unit__path")
            )
            officers: dict[int, list[tuple[int, int, int]]] = {}
            posts = Assignment.all_objects.filter(is_primary=True, ends_on__isnull=True)
            for _pk, _agency, unit_id, path in services:
                if unit_id in officers:
                    continue
                officers[unit_id] = list(
                    posts.filter(position__unit__path__startswith=path)
                    .order_by("employee_id")
                    .values_list("employee_id", "position_id", "position__unit_id")[:60]
                )
        emit("service_events.setup_demo", round(seeded(), 2), "s", services=len(services))

        with connection.cursor() as cur, stopwatch() as loaded:
            cur.execute(
                "CREATE TEMP TABLE bench_svc (i int, agency_id bigint, unit_id bigint, "
                "service_id bigint, n_off int)"
            )
            cur.execute(
                "CREATE TEMP TABLE bench_off (unit_id bigint, j int, employee_id bigint, "
                "position_id bigint, officer_unit_id bigint)"
            )
            svc_rows = [
                (i, agency, unit, pk, len(officers[unit]))
                for i, (pk, agency, unit, _p) in enumerate(s for s in services if officers[s[2]])
            ]
            cur.executemany("INSERT INTO bench_svc VALUES (%s, %s, %s, %s, %s)", svc_rows)
            cur.executemany(
                "INSERT INTO bench_off VALUES (%s, %s, %s, %s, %s)",
                [
                    (unit, j, e, p, u)
                    for unit, rows in officers.items()
                    for j, (e, p, u) in enumerate(rows)
                ],
            )
            for name, _cols in INDEXES:
                cur.execute(f"DROP INDEX IF EXISTS {name}")
            cur.execute("SET session_replication_role = replica")
            cur.execute("SELECT setseed(%s)", [((args.seed % 1000) / 1000)])
            span_seconds = (today - first_day).days * 86400
            n_svc = len(svc_rows)
            chunk = 1_000_000
            for start in range(1, args.rows + 1, chunk):
                stop = min(args.rows, start + chunk - 1)
                cur.execute(
                    f"""
                    INSERT INTO {PLAIN} (agency_id, unit_id, service_id, officer_id,
                        officer_position_id, officer_unit_id, citizen_id, channel, outcome,
                        application_id, requested_at, started_at, finished_at, day,
                        waiting_seconds, processing_seconds, waiting_working_seconds,
                        processing_working_seconds, within_sla, note, recorded_by_id)
                    SELECT s.agency_id, s.unit_id, s.service_id, o.employee_id, o.position_id,
                        o.officer_unit_id, NULL,
                        (ARRAY['online','online','counter','queue','phone'])[1 + (x.g %% 5)],
                        CASE WHEN x.r < 0.97 THEN 'done' ELSE 'rejected' END, NULL,
                        x.fin - make_interval(secs => x.w + x.p), x.fin - make_interval(secs => x.p),
                        x.fin, (x.fin AT TIME ZONE 'Asia/Jakarta')::date,
                        x.w, x.p, (x.w * 0.4)::int, (x.p * 0.35)::int, x.r < 0.9, '', NULL
                    FROM (
                        SELECT g, random() AS r,
                            (floor(random() * %(n_svc)s))::int AS si,
                            (floor(random() * 7200))::int AS w,
                            (floor(random() * 90000))::int AS p,
                            %(first)s::timestamptz
                                + make_interval(secs => floor(random() * %(span)s)) AS fin
                        FROM generate_series(%(start)s, %(stop)s) AS g
                    ) x
                    JOIN bench_svc s ON s.i = x.si
                    JOIN bench_off o ON o.unit_id = s.unit_id AND o.j = x.g %% s.n_off
                    """,
                    {
                        "n_svc": n_svc,
                        "first": dt.datetime.combine(first_day, dt.time(), tzinfo=dt.UTC),
                        "span": span_seconds,
                        "start": start,
                        "stop": stop,
                    },
                )
            cur.execute("SET session_replication_role = origin")
        load_s = loaded()
        with connection.cursor() as cur, stopwatch() as indexed:
            for name, cols in INDEXES:
                cur.execute(f"CREATE INDEX {name} ON {PLAIN} {cols}")
        index_s = indexed()
        with connection.cursor() as cur, stopwatch() as built:
            for sql in partition_ddl(PART, PLAIN, _months(first_day, today)):
                cur.execute(sql)
            cur.execute(f"INSERT INTO {PART} SELECT * FROM {PLAIN}")
            for name, cols in INDEXES:
                cur.execute(f"CREATE INDEX {name}_bm ON {PART} {cols}")
        build_s = built()
        with connection.cursor() as cur:
            cur.execute(f"VACUUM ANALYZE {PLAIN}")
            cur.execute(f"VACUUM ANALYZE {PART}")
            cur.execute(f"SELECT count(*) FROM {PLAIN}")
            rows = cur.fetchone()[0]
            cur.execute(f"SELECT pg_total_relation_size('{PLAIN}')")
            plain_size = cur.fetchone()[0]
            cur.execute(
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_inherits i "
                "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass",
                [PART],
            )
            part_size = cur.fetchone()[0]
        emit(
            "service_events.load",
            round(load_s, 1),
            "s",
            rows=rows,
            index_s=round(index_s, 1),
            partitioned_build_s=round(build_s, 1),
            plain_mib=round(plain_size / 2**20),
            partitioned_mib=round(part_size / 2**20),
            months=args.months,
        )

        rng = random.Random(args.seed)
        units = [(a, u) for _i, a, u, _s, _n in svc_rows]
        service_ids = [(a, s) for _i, a, _u, s, _n in svc_rows]
        officer_ids = [e for rows_ in officers.values() for e, _p, _u in rows_]
        recent_months = _months(today - dt.timedelta(days=365), today)[:-1]

        def params() -> dict[str, Any]:
            month = rng.choice(recent_months)
            agency, unit = rng.choice(units)
            agency_s, service = rng.choice(service_ids)
            day = today - dt.timedelta(days=rng.randint(1, 360))
            return {
                "agency": agency,
                "unit": unit,
                "service_agency": agency_s,
                "service": service,
                "officer": rng.choice(officer_ids),
                "month": month,
                "next_month": (month + dt.timedelta(days=32)).replace(day=1),
                "day": day,
                "year_ago": today - dt.timedelta(days=365),
            }

        def run(sql: str, p: dict[str, Any]) -> float:
            with connection.cursor() as cur:
                start = time.perf_counter()
                cur.execute(sql, p)
                cur.fetchall()
                return time.perf_counter() - start

        for name, template in READS.items():
            plain_sql, part_sql = template.format(t=PLAIN), template.format(t=PART)
            for _ in range(5):
                p = params()
                run(plain_sql, p)
                run(part_sql, p)
            plain_t: list[float] = []
            part_t: list[float] = []
            for i in range(args.requests):
                p = params()
                pair = [(plain_sql, plain_t), (part_sql, part_t)]
                for sql, bucket in pair if i % 2 == 0 else pair[::-1]:
                    bucket.append(run(sql, p))
            a, b = summarize(plain_t), summarize(part_t)
            for label, s in (("plain", a), ("partitioned", b)):
                emit(f"service_events.{name}.{label}.p50", round(s.p50 * 1000, 2), "ms", n=s.n)
                emit(f"service_events.{name}.{label}.p95", round(s.p95 * 1000, 2), "ms", n=s.n)
            emit(
                f"service_events.{name}.ratio_p95",
                round(b.p95 / a.p95, 2),
                "x",
                plain_p95_ms=round(a.p95 * 1000, 2),
                partitioned_p95_ms=round(b.p95 * 1000, 2),
                rows=rows,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
