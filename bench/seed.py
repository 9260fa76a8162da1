"""bench.seed: time and peak memory to build each demo scale on a fresh database.

    python -m bench.seed                      # small, city, province
    python -m bench.seed --scales small,city  # a subset
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench python -m bench.seed

Each scale runs in its own fresh interpreter (``--child``) on its own fresh, migrated
database, so one scale's peak memory and caches cannot contaminate the next. Only the
call to ``seed_demo(scale, seed)`` is timed; Django start-up and migrations are not.

Lines printed (one JSON object each):

* ``machine``: cores, CPU model, memory, Python and Django versions.
* ``seed.<scale>.time`` (s): wall time of ``seed_demo``; extras: SQL statements issued and
  the time and statements of each app's seeder.
* ``seed.<scale>.peak_rss`` (MiB): the child's peak resident memory, including Django and
  the migrated database connection; extras: the peak before seeding began, the growth,
  and the resident memory once seeding is done (what the built data keeps).
* ``seed.<scale>.units`` / ``.citizens`` / ``.logins`` / ``.audit_entries`` (rows): what
  was built, counted in the database (logins: demo logins that can sign in).
* ``seed.<scale>.db_rows`` (rows): rows in all tables together; extras: the largest tables.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from bench._harness import (
    bench_database,
    count_queries,
    current_rss_bytes,
    emit,
    emit_machine,
    exit_cleanly_on_sigterm,
    mib,
    peak_rss_bytes,
    run_bench_child,
    stopwatch,
)

SCALES = ("small", "city", "province")


def parse_scales(text: str) -> list[str]:
    scales = [s.strip() for s in text.split(",") if s.strip()]
    unknown = [s for s in scales if s not in SCALES]
    if unknown or not scales:
        raise argparse.ArgumentTypeError(
            f"unknown scale(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(SCALES)}"
        )
    return scales


@contextmanager
def timed_seeders(queries: list[int]) -> Iterator[dict[str, dict[str, float]]]:
    """Wrap each app's ``demo.seed`` to record its time and SQL statements."""
    import time

    from sigap.shell import demo

    report: dict[str, dict[str, float]] = {}
    originals: list[tuple[Any, Callable]] = []
    for module_path in demo.SEEDERS:
        module = importlib.import_module(module_path)
        original = module.seed
        label = module_path.removeprefix("sigap.").removesuffix(".demo")

        def timed(ctx: Any, _original: Callable = original, _label: str = label) -> None:
            start, q0 = time.perf_counter(), queries[0]
            try:
                _original(ctx)
            finally:
                report[_label] = {
                    "s": round(time.perf_counter() - start, 3),
                    "queries": queries[0] - q0,
                }

        originals.append((module, original))
        module.seed = timed
    try:
        yield report
    finally:
        for module, original in originals:
            module.seed = original


def run_child(scale: str, seed: int, database_url: str | None) -> None:
    """Build one scale in this (fresh) process and print its figures."""
    exit_cleanly_on_sigterm()
    with bench_database(database_url) as db:
        from auditlog.models import LogEntry

        from sigap.accounts.models import CitizenProfile
        from sigap.shell.demo import seed_demo
        from sigap.tenancy.context import unscoped
        from sigap.tenancy.models import OrgUnit

        rss_before = current_rss_bytes()
        peak_before = peak_rss_bytes()
        with count_queries() as queries, timed_seeders(queries) as per_seeder:
            with stopwatch() as elapsed:
                ctx = seed_demo(scale, seed)  # type: ignore[arg-type]
        seconds = elapsed()
        peak = peak_rss_bytes()
        rss_after = current_rss_bytes()

        with unscoped():
            units = OrgUnit.all_objects.count()
            citizens = CitizenProfile.objects.count()
            audit_entries = LogEntry.objects.count()
            table_rows = rows_per_table()
        logins = len(ctx.logins)

        common = {"scale": scale, "seed": seed, "db": db.vendor}
        emit(
            f"seed.{scale}.time",
            round(seconds, 3),
            "s",
            queries=queries[0],
            per_seeder=per_seeder,
            **common,
        )
        emit(
            f"seed.{scale}.peak_rss",
            mib(peak),
            "MiB",
            before_seed_mib=mib(peak_before),
            rss_at_start_mib=mib(rss_before),
            growth_mib=mib(max(0, peak - peak_before)),
            rss_after_mib=mib(rss_after),
            **common,
        )
        emit(f"seed.{scale}.units", units, "rows", counted=ctx.counts.get("unit"), **common)
        emit(f"seed.{scale}.citizens", citizens, "rows", counted=ctx.counts.get("warga"), **common)
        emit(f"seed.{scale}.logins", logins, "rows", staff=ctx.counts.get("login staf"), **common)
        emit(f"seed.{scale}.audit_entries", audit_entries, "rows", **common)
        largest = dict(sorted(table_rows.items(), key=lambda kv: -kv[1])[:6])
        emit(
            f"seed.{scale}.db_rows",
            sum(table_rows.values()),
            "rows",
            tables=len(table_rows),
            largest=largest,
            **common,
        )


def rows_per_table() -> dict[str, int]:
    """Rows in every table of an installed model (through the unscoped base manager)."""
    from django.apps import apps

    counts: dict[str, int] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        counts[model._meta.db_table] = model._base_manager.count()
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.seed", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--scales", type=parse_scales, default=list(SCALES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database-url",
        default=None,
        help="postgres URL of a dedicated sigap_bench* database (default: temporary SQLite)",
    )
    parser.add_argument(
        "--timeout", type=float, default=1800, help="seconds allowed per scale (default 1800)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scale", choices=SCALES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        run_child(args.scale, args.seed, args.database_url)
        return 0

    emit_machine()
    failed = 0
    for scale in args.scales:
        child_args = ["--child", "--scale", scale, "--seed", str(args.seed)]
        if args.database_url:
            child_args += ["--database-url", args.database_url]
        with stopwatch() as elapsed:
            code, rows = run_bench_child("bench.seed", child_args, timeout=args.timeout)
        if code != 0 or not rows:
            failed += 1
            emit(
                f"seed.{scale}.error",
                code,
                "exit code",
                timed_out=elapsed() >= args.timeout,
                after_s=round(elapsed(), 1),
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
