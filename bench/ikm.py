"""bench.ikm: IKM at scale, through the app's own code path, against DuckDB.

    python -m bench.ikm                                   # 2,000,000 responses on SQLite
    python -m bench.ikm --responses 200000 --repeat 20
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench_ikm python -m bench.ikm

Builds one pemda with ``--units`` OPDs, four services each and ``--officers`` ASN on a
throwaway database, then ``--responses`` survey responses over two years (2025–2026)
written in bulk, with the count tables the app maintains (``DailyCount``,
``MonthlyCount``) computed from the same rows. Then times, with warm caches:

* ``ikm.unit_quarter``: ``results.ikm_of_unit`` — one unit (its subtree, all services
  pooled) in one quarter, as the results page and the API compute it;
* ``ikm.all_units_by_quarter``: ``results.ikm_by_unit_and_period`` — every unit × every
  quarter of the two years (50 × 8 results).

In the same run DuckDB (a benchmark tool only, not a dependency of the app) loads the
same responses from CSV into an in-memory table and computes the same figures from the
raw rows (``AVG`` per element, ``GROUP BY`` unit and quarter): the yardstick. The run
checks that both give the same IKM for every unit and quarter. Lines: ``ikm.<target>``
p50/p95 in ms with ``duckdb_p50``/``ratio`` and ``meets_target`` (the app's p50 is no
slower than DuckDB's).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench._harness import bench_database, emit, emit_machine, stopwatch, summarize

FIRST_DAY = dt.date(2025, 1, 1)
DAYS = (dt.date(2027, 1, 1) - FIRST_DAY).days
CHUNK = 200_000


def _build_world(
    agency: Any, units: int, officers: int
) -> tuple[list[Any], list[int], list[int], list[int]]:
    from sigap.services import catalogue
    from sigap.services.models import Service
    from sigap.tenancy import org
    from sigap.tenancy.models import OrgUnit
    from sigap.workforce.registry import records

    unit_rows, services, service_unit, officer_ids = [], [], [], []
    for u in range(units):
        unit = org.create_unit(
            agency, kind=OrgUnit.Kind.OPD, name=f"Dinas {u:02d}", code=f"D{u:02d}"
        )
        unit_rows.append(unit)
        for s in range(4):
            service = catalogue.create_service(
                agency,
                unit=unit,
                code=f"L{u:02d}-{s}",
                name=f"Layanan {u}-{s}",
                category=Service.Category.LAINNYA,
            )
            services.append(service.pk)
            service_unit.append(unit.pk)
    for i in range(officers):
        birth = dt.date(1975 + i % 12, 1 + i % 12, 1 + i % 28)
        start = dt.date(2010, 1, 1)
        nip = f"{birth:%Y%m%d}{start:%Y%m}1{i % 999 + 1:03d}"
        employee = records.create_employee(
            agency,
            full_name=f"Petugas {i}",
            gender="L",
            birth_date=birth,
            service_start=start,
            nip=nip,
        )
        officer_ids.append(employee.pk)
    return unit_rows, services, service_unit, officer_ids


def _generate(
    rng: np.random.Generator, n: int, n_services: int, n_officers: int
) -> dict[str, np.ndarray]:
    service = rng.integers(0, n_services, n)
    # An officer serves at the desks of one unit: officers are spread over the units.
    per_unit = max(1, n_officers // (n_services // 4))
    officer = (service // 4) * per_unit % n_officers + rng.integers(0, per_unit, n) % n_officers
    day = rng.integers(0, DAYS, n)
    level = 2.6 + (service % 7) * 0.12
    answers = np.clip(np.rint(rng.normal(level[:, None], 0.6, (n, 9))), 1, 4).astype(np.int64)
    missing = rng.random((n, 9)) < 0.01
    answers[missing] = 0  # 0 = not answered
    return {"service": service, "officer": officer, "day": day, "answers": answers}


def _count_rows(chunk: dict[str, np.ndarray], grain: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique (grain, service, officer) keys and their 40 count columns."""
    keys = np.stack([grain, chunk["service"], chunk["officer"]], axis=1)
    uniq, inverse = np.unique(keys, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    m = len(uniq)
    cols = [np.bincount(inverse, minlength=m)]
    answers = chunk["answers"]
    for e in range(9):
        for a in range(1, 5):
            cols.append(np.bincount(inverse, weights=(answers[:, e] == a), minlength=m))
    full = (answers > 0).all(axis=1)
    total = answers.sum(axis=1)
    cols.append(np.bincount(inverse, weights=full, minlength=m))
    cols.append(np.bincount(inverse, weights=np.where(full, total, 0), minlength=m))
    cols.append(np.bincount(inverse, weights=np.where(full, total * total, 0), minlength=m))
    return uniq, np.stack(cols, axis=1).astype(np.int64)


def _months(day_offsets: np.ndarray) -> np.ndarray:
    dates = np.datetime64(FIRST_DAY.isoformat()) + day_offsets.astype("timedelta64[D]")
    return dates.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def _load(agency: Any, args: argparse.Namespace, csv_path: Path) -> int:
    from sigap.platform.bulk import SqlInsert
    from sigap.surveys.models import (
        COUNT_FIELDS,
        DailyCount,
        MonthlyCount,
        Response,
        UnitMonthlyCount,
    )
    from sigap.surveys.questionnaire import FIELDS

    _units, services, service_unit, officers = _build_world(agency, args.units, args.officers)
    rng = np.random.default_rng(args.seed)
    sql = SqlInsert()
    epoch = dt.date(1970, 1, 1)
    columns = [
        "id",
        "agency_id",
        "event_digest",
        "channel",
        "service_id",
        "unit_id",
        "officer_id",
        "day",
    ]
    columns += [*FIELDS, "age_band", "gender", "education", "occupation", "suggestion"]
    columns += ["extra_answers", "answered_on"]
    daily: dict[tuple, np.ndarray] = {}
    monthly: dict[tuple, np.ndarray] = {}
    by_unit: dict[tuple, np.ndarray] = {}
    unit_of_service = np.array(service_unit)
    written = 0
    with csv_path.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["unit_id", "day", *FIELDS])
        while written < args.responses:
            n = min(CHUNK, args.responses - written)
            chunk = _generate(rng, n, len(services), len(officers))
            days = [FIRST_DAY + dt.timedelta(days=int(d)) for d in chunk["day"]]
            rows = []
            for i in range(n):
                s = int(chunk["service"][i])
                values = [int(v) or None for v in chunk["answers"][i]]
                pk = written + i + 1
                rows.append(
                    (
                        pk,
                        agency.pk,
                        f"bench-{pk}",
                        "link",
                        services[s],
                        service_unit[s],
                        officers[int(chunk["officer"][i])],
                        days[i],
                        *values,
                        "",
                        "",
                        "",
                        "",
                        "",
                        {},
                        days[i],
                    )
                )
                out.writerow(
                    [
                        service_unit[s],
                        days[i].isoformat(),
                        *("" if v is None else v for v in values),
                    ]
                )
            sql(Response, columns, rows, returning=False)
            day_numbers = chunk["day"] + (FIRST_DAY - epoch).days
            months = _months(chunk["day"])
            for table, grain in ((daily, day_numbers), (monthly, months)):
                uniq, cols = _count_rows(chunk, grain)
                for key, values in zip(map(tuple, uniq.tolist()), cols, strict=True):
                    table[key] = table[key] + values if key in table else values
            # Per unit and month: the same counts with service and officer folded away.
            units_chunk = {
                **chunk,
                "service": unit_of_service[chunk["service"]],
                "officer": np.zeros(n, np.int64),
            }
            uniq, cols = _count_rows(units_chunk, months)
            for (g, u, _o), values in zip(uniq.tolist(), cols, strict=True):
                by_unit[(g, u)] = by_unit[(g, u)] + values if (g, u) in by_unit else values
            written += n
    for model, table, grain in ((DailyCount, daily, "day"), (MonthlyCount, monthly, "month")):
        rows = [
            (
                agency.pk,
                epoch + dt.timedelta(days=g),
                services[s],
                service_unit[s],
                officers[o],
                officers[o],
                *map(int, values),
            )
            for (g, s, o), values in table.items()
        ]
        for start in range(0, len(rows), CHUNK):
            sql(
                model,
                [
                    "agency_id",
                    grain,
                    "service_id",
                    "unit_id",
                    "officer_id",
                    "officer_ref",
                    *COUNT_FIELDS,
                ],
                rows[start : start + CHUNK],
                returning=False,
            )
    rows = [
        (agency.pk, epoch + dt.timedelta(days=g), u, *map(int, values))
        for (g, u), values in by_unit.items()
    ]
    sql(UnitMonthlyCount, ["agency_id", "month", "unit_id", *COUNT_FIELDS], rows, returning=False)
    return len(monthly)


def _time(fn: Any, repeat: int) -> list[float]:
    fn()  # warm
    times = []
    for _i in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ikm", description=__doc__.split("\n")[0])
    parser.add_argument("--responses", type=int, default=2_000_000)
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--officers", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--profile", action="store_true", help="cProfile the app's calls (stderr)")
    args = parser.parse_args(argv)

    import duckdb

    emit_machine()
    with bench_database(args.database_url) as db, tempfile.TemporaryDirectory() as tmp:
        from django.db import connection, transaction

        from sigap.surveys import ikm, results
        from sigap.tenancy.context import acting_for
        from sigap.tenancy.models import Agency

        agency = Agency.objects.create(
            name="Pemerintah Kota Bench", slug="bench", kind="kota", region_code="13.73"
        )
        csv_path = Path(tmp) / "responses.csv"
        # One transaction: SQLite in autocommit syncs the file after every statement.
        with stopwatch() as loaded, acting_for(agency), transaction.atomic():
            monthly_rows = _load(agency, args, csv_path)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        common = {"db": db.vendor, "responses": args.responses, "units": args.units}
        emit("ikm.setup", round(loaded(), 1), "s", monthly_count_rows=monthly_rows, **common)

        duck = duckdb.connect()
        duck.execute(f"CREATE TABLE r AS SELECT * FROM read_csv_auto('{csv_path}')")  # noqa: S608 - our temp file
        with acting_for(agency):
            unit = results.OrgUnit.objects.order_by("pk")[args.units // 2]
        quarter = results.Period(dt.date(2026, 4, 1), "quarter")
        averages = ", ".join(f"avg(u{i})" for i in range(1, 10))

        def app_one() -> Any:
            with acting_for(agency):
                return results.ikm_of_unit(agency, unit, quarter)

        def duck_one() -> Any:
            row = duck.execute(
                f"SELECT {averages} FROM r WHERE unit_id = ? AND day >= ? AND day < ?",  # noqa: S608
                [unit.pk, quarter.start, quarter.end],
            ).fetchone()
            return 25 * sum(row) / 9

        def app_all() -> Any:
            with acting_for(agency):
                return results.ikm_by_unit_and_period(
                    agency, "quarter", FIRST_DAY, dt.date(2027, 1, 1)
                )

        def duck_all() -> Any:
            rows = duck.execute(
                f"SELECT unit_id, year(day) AS y, quarter(day) AS q, {averages} FROM r GROUP BY ALL"  # noqa: S608
            ).fetchall()
            return {(u, y, q): 25 * sum(rest) / 9 for u, y, q, *rest in rows}

        # Same figures, both ways.
        mine = app_all()
        theirs = duck_all()
        worst = max(
            abs(float(res.ikm) - theirs[(u, p.start.year, (p.start.month - 1) // 3 + 1)])
            for (u, p), res in mine.items()
        )
        assert worst < 1e-9, worst
        assert abs(float(app_one().ikm) - duck_one()) < 1e-9
        emit("ikm.agreement", worst, "ikm", results=len(mine), **common)

        if args.profile:
            import cProfile
            import pstats
            import sys

            for fn in (app_one, app_all):
                profiler = cProfile.Profile()
                profiler.runcall(lambda fn=fn: [fn() for _i in range(20)])
                pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(15)

        for name, app, yard in (
            ("unit_quarter", app_one, duck_one),
            ("all_units_by_quarter", app_all, duck_all),
        ):
            a = summarize(_time(app, args.repeat))
            d = summarize(_time(yard, args.repeat))
            emit(
                f"ikm.{name}",
                round(a.p50, 2),
                "ms",
                p95=round(a.p95, 2),
                duckdb_p50=round(d.p50, 2),
                duckdb_p95=round(d.p95, 2),
                ratio=round(a.p50 / d.p50, 2),
                meets_target=a.p50 <= d.p50,
                **common,
            )
        _ = ikm
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
