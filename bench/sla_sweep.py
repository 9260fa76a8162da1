"""bench.sla_sweep: the escalation sweep over the province's open applications.

    python -m bench.sla_sweep                          # province demo, then the sweeps
    python -m bench.sla_sweep --scale city --reopen 20000
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench python -m bench.sla_sweep

Builds the demo (``seed_demo``) on a throwaway database and times one sweep, the work of
the ``services.tasks.sla_sweep`` task: ``sweep.escalate_overdue(agency)`` for every pemda,
in four situations:

* ``sla_sweep.seeded``: the demo as seeded, whose overdue open applications were never
  escalated (the first sweep after the demo is loaded);
* ``sla_sweep.idle``: the next sweep, with nothing new to escalate: the cost paid every
  quarter of an hour;
* ``sla_sweep.later``: a sweep five working days later (``now`` moved on): every open
  application whose due time has passed meanwhile;
* ``sla_sweep.backlog``: ``--reopen`` recently finished applications put back in process,
  overdue and not escalated (a direct update on the throwaway database), then one sweep:
  a large backlog, e.g. after the worker was down.

Each line: seconds for the sweep (all pemda), with ``escalated`` (applications),
``open`` (open applications in the database), ``per_1000_escalated_ms`` and
``per_1000_open_ms``, and the SQL statements issued.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from bench._harness import bench_database, count_queries, emit, emit_machine, stopwatch


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.sla_sweep", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--scale", choices=("small", "city", "province"), default="province")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reopen", type=int, default=100_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)

    emit_machine()
    with bench_database(args.database_url) as db:
        from django.utils import timezone

        # The sweep's audit event is registered by ``applications`` (imported by the
        # site's URLconf, not by ``sweep`` itself): import it as the web process does.
        import sigap.services.applications  # noqa: F401
        from sigap.platform.dbstats import refresh_planner_statistics
        from sigap.services.models import Application
        from sigap.services.sweep import escalate_overdue
        from sigap.shell.demo import seed_demo
        from sigap.tenancy.context import unscoped
        from sigap.tenancy.models import Agency
        from sigap.workcal.calendar import WorkingCalendar

        with stopwatch() as seeded:
            seed_demo(args.scale, args.seed)
        with unscoped():
            agencies = list(Agency.objects.order_by("slug"))
            total = Application.all_objects.count()
        common = {"db": db.vendor, "scale": args.scale}
        emit("sla_sweep.setup", round(seeded(), 2), "s", applications=total, **common)

        def sweep(name: str, now: dt.datetime, **extra: Any) -> None:
            with unscoped():
                open_now = Application.all_objects.filter(status__in=Application.OPEN).count()
            with count_queries() as q, stopwatch() as took:
                escalated = sum(escalate_overdue(a, now=now) for a in agencies)
            seconds = took()
            emit(
                f"sla_sweep.{name}",
                round(seconds, 3),
                "s",
                escalated=escalated,
                open=open_now,
                per_1000_escalated_ms=round(seconds * 1e6 / escalated, 1) if escalated else None,
                per_1000_open_ms=round(seconds * 1e6 / open_now, 1) if open_now else None,
                queries=q[0],
                **extra,
                **common,
            )

        now = timezone.now()
        sweep("seeded", now)
        sweep("idle", now)
        later = WorkingCalendar.for_agency(agencies[0]).add_working_days(now, 5)
        sweep("later", later)

        # A backlog: recently finished applications back in process, overdue, unescalated.
        with unscoped():
            ids = list(
                Application.all_objects.filter(status="done")
                .order_by("-finished_at")
                .values_list("pk", flat=True)[: args.reopen]
            )
        for start in range(0, len(ids), 10_000):
            Application.all_objects.filter(pk__in=ids[start : start + 10_000]).update(
                status="in_process",
                finished_at=None,
                escalated_at=None,
                suspended_since=None,
                due_at=later - dt.timedelta(hours=1),
            )
        refresh_planner_statistics()
        sweep("backlog", later, reopened=len(ids))
    return 0


if __name__ == "__main__":
    sys.exit(main())
