"""bench.booking_burst: at opening time, 2,000 citizens race over HTTP for 1,000 places,
against pgbench running the same booking transaction directly (PostgreSQL only).

    python -m bench.booking_burst --database-url postgres://postgres@127.0.0.1:5432/sigap_bench
    python -m bench.booking_burst --database-url postgres://… --clients 400 --places 200

Setup on a throwaway database: one pemda with Disdukcapil, one office offering one
service, ``--slots`` slots whose capacities add up to ``--places`` (built through the
domain functions), ``--clients`` citizens with a profile (distinct NIK) and an API token
each, then a real server: gunicorn with ``--workers`` sync workers on a free localhost
port, production settings (``DEBUG=0``), notifications queued for the task worker.

The burst: one thread per citizen, all released together by a barrier, each sending
``POST /api/v1/antrean/publik/<pemda>/pesanan`` for slot ``i mod slots`` (so every slot
has clients/slots contenders). Checked afterwards in the database:

* ``booking_burst.overbooked``: slots with more bookings than capacity, or whose
  ``booked`` counter disagrees with their bookings (target 0);
* ``booking_burst.lost``: 201 answers without a booking row, or booking rows nobody
  was answered 201 for (target 0); ``booking_burst.duplicated``: one citizen with two
  bookings, or one code answered twice (target 0);
* ``booking_burst.refused_not_penuh``: refusals other than 409 with code ``penuh``
  (target 0); ``booking_burst.errors``: other answers or failed connections (target 0);
* ``booking_burst.throughput`` (answered requests/s from the barrier to the last
  answer, with p50/p95 latency) and ``booking_burst.booked_per_s``;
* ``booking_burst.pgbench`` (transactions/s, ``--pgbench-clients`` clients): the rows
  one ``booking.book`` writes (found by running one in this process: the booking, its
  audit entries, the notification and its queued task) copied as one transaction, with
  the same reads and the same conditional ``UPDATE`` of a slot; and
  ``booking_burst.ratio`` (HTTP throughput / pgbench throughput; aim ≥ 0.2).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from http.client import HTTPConnection
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench._harness import PROJECT_DIR, bench_database, emit, emit_machine, summarize
from bench.apply_burst import _free_port, _wait_ready, _written_rows

AGENCY = "jambi"


def _world(slots: int, places: int) -> tuple[Any, Any, list[int], list[int]]:
    """(agency, offer, burst slot ids, pgbench slot ids)."""
    from django.utils import timezone

    from sigap.queues import points
    from sigap.queues.models import Slot
    from sigap.services import catalogue
    from sigap.services.models import Service
    from sigap.tenancy import org
    from sigap.tenancy.context import activate
    from sigap.tenancy.models import Agency, OrgUnit
    from sigap.workcal.calendar import WorkingCalendar

    agency = Agency.objects.create(
        slug=AGENCY, name="Pemerintah Provinsi Jambi", kind=Agency.Kind.PROVINCE, region_code="15"
    )
    with activate(agency):
        unit = org.create_unit(
            agency,
            kind=OrgUnit.Kind.OPD,
            name="Dinas Kependudukan dan Pencatatan Sipil",
            code="DUKCAPIL",
        )
        service = catalogue.create_service(
            agency,
            unit=unit,
            code="KTP-EL",
            name="Penerbitan KTP-el",
            category=Service.Category.ADMINDUK,
        )
        point = points.create_point(
            agency, unit=unit, code="kantor-dukcapil", name="Kantor Disdukcapil"
        )
        per_slot = max(1, places // slots)
        offer = points.offer_service(point, service, prefix="A", capacity=per_slot)
        always = {d: (dt.time(0, 0), dt.time.max) for d in range(7)}
        calendar = WorkingCalendar.from_holidays(agency.time_zone, [], office_hours=always)
        tomorrow = agency.today() + dt.timedelta(days=1)
        points.generate_slots(point, [tomorrow + dt.timedelta(days=d) for d in range(8)], calendar)
        ordered = list(
            Slot.objects.filter(offer=offer, starts_at__gt=timezone.now())
            .order_by("starts_at")
            .values_list("pk", flat=True)
        )
        burst = ordered[:slots]
        spare = ordered[slots : slots * 2]
        # pgbench's slots never fill (capacity 30,000): it measures the transaction, not refusals.
        Slot.objects.filter(pk__in=spare).update(capacity=30_000)
    return agency, offer, burst, spare


def _citizens(n: int, seed: int) -> list[tuple[int, str]]:
    from bench.apply_burst import _citizens as make

    return [(uid, key) for uid, _nik, key in make(n, seed)]


def _post(port: int, slug: str, slot_id: int, key: str) -> tuple[int, float, dict]:
    start = time.perf_counter()
    try:
        conn = HTTPConnection("127.0.0.1", port, timeout=600)
        conn.request(
            "POST",
            f"/api/v1/antrean/publik/{slug}/pesanan",
            body=json.dumps({"slot_id": slot_id}).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
        )
        response = conn.getresponse()
        data = response.read()
        conn.close()
    except OSError as exc:
        return 0, time.perf_counter() - start, {"error": repr(exc)}
    elapsed = time.perf_counter() - start
    try:
        body = json.loads(data)
    except ValueError:
        body = {"error": data[:200].decode(errors="replace")}
    return response.status, elapsed, body


def pgbench_script(written: dict[str, list[int]], slot_table: str, first: int, last: int) -> str:
    """The booking transaction: the reads ``book`` makes, the conditional update of a
    random slot, and a copy of every row one ``book`` wrote (fresh code and NIK digest;
    foreign keys to rows of the same booking point at their copies)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT kcu.table_name, kcu.column_name, ccu.table_name "
            "FROM information_schema.table_constraints tc "
            "JOIN information_schema.key_column_usage kcu ON tc.constraint_name = kcu.constraint_name "
            "JOIN information_schema.constraint_column_usage ccu ON tc.constraint_name = ccu.constraint_name "
            "WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'"
        )
        fks: dict[str, dict[str, str]] = {}
        for table, column, target in cur.fetchall():
            fks.setdefault(table, {})[column] = target
        rows = []
        for t, ids in written.items():
            if t == slot_table:
                continue
            cur.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
                "AND table_name = %s AND column_name <> 'id' ORDER BY ordinal_position",
                [t],
            )
            cols = [r[0] for r in cur.fetchall()]
            for row_id in ids:
                refs = {}
                for c, target in fks.get(t, {}).items():
                    if target in written:
                        cur.execute(f'SELECT "{c}" FROM "{t}" WHERE id = %s', [row_id])  # noqa: S608
                        value = cur.fetchone()[0]
                        if value in written[target]:
                            refs[c] = (target, value)
                rows.append((t, row_id, cols, refs))
    done: set[tuple[str, int]] = set()
    ordered = []
    while rows:
        ready = [r for r in rows if all(ref in done for ref in r[3].values())]
        if not ready:
            raise SystemExit("bench: cannot order the rows book wrote")
        for r in sorted(ready, key=lambda r: (r[0] != "queues_booking", r[0], r[1])):
            ordered.append(r)
            done.add((r[0], r[1]))
            rows.remove(r)
    lines = [
        f"\\set s random({first}, {last})",
        "BEGIN;",
        f'SELECT * FROM "{slot_table}" WHERE id = :s;',
        "SELECT 1 FROM queues_booking WHERE nik_digest = md5(random()::text) AND status IN ('held','confirmed','checked_in') LIMIT 1;",
        f'UPDATE "{slot_table}" SET booked = booked + 1 WHERE id = :s AND booked < capacity;',
    ]
    for t, row_id, cols, refs in ordered:
        exprs = []
        for c in cols:
            if c in refs:
                exprs.append(f":v_{refs[c][0]}_{refs[c][1]}")
            elif t == "queues_booking" and c == "code":
                exprs.append("substr(md5(random()::text), 1, 12)")
            elif t == "queues_booking" and c == "nik_digest":
                exprs.append("md5(random()::text) || md5(random()::text)")
            elif t == "queues_booking" and c == "slot_id":
                exprs.append(":s")
            else:
                exprs.append(f'"{c}"')
        names = ", ".join(f'"{c}"' for c in cols)
        lines.append(
            f'INSERT INTO "{t}" ({names}) SELECT {", ".join(exprs)} '  # noqa: S608
            f'FROM "{t}" WHERE id = {row_id} RETURNING id AS v_{t}_{row_id} \\gset'
        )
    lines.append("END;")
    return "\n".join(lines) + "\n"


def run_pgbench(url: str, script: str, transactions: int, clients: int) -> tuple[float, str]:
    parts = urlsplit(url)
    pgbench = shutil.which("pgbench")
    if pgbench is None:
        raise SystemExit("bench: pgbench not found (apt-get install postgresql-client)")
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
        f.write(script)
        path = f.name
    env = {**os.environ}
    if parts.password:
        env["PGPASSWORD"] = parts.password
    cmd = [pgbench, "-n", "-c", str(clients), "-j", "2", "-t", str(max(1, transactions // clients))]
    cmd += ["-f", path, "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    cmd += ["-U", parts.username or "postgres", parts.path.lstrip("/")]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)  # noqa: S603
    Path(path).unlink(missing_ok=True)
    match = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", result.stdout)
    if result.returncode != 0 or match is None:
        raise SystemExit(f"bench: pgbench failed:\n{result.stdout}\n{result.stderr[-2000:]}")
    failed = re.search(r"number of failed transactions: (\d+)", result.stdout)
    return float(match.group(1)), failed.group(1) if failed else "0"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.booking_burst", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--places", type=int, default=1000)
    parser.add_argument("--slots", type=int, default=100)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--pgbench-clients", type=int, default=16)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)

    emit_machine()
    with bench_database(args.database_url) as db:
        if db.vendor != "postgresql":
            raise SystemExit("bench.booking_burst: PostgreSQL only (--database-url postgres://…)")
        from django.db.models import Count

        from sigap.accounts.models import User
        from sigap.queues import booking
        from sigap.queues.models import Booking, Slot
        from sigap.tenancy.context import unscoped

        agency, offer, burst, spare = _world(args.slots, args.places)
        citizens = _citizens(args.clients, args.seed)

        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "LOG_LEVEL": "WARNING",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        }
        gunicorn = Path(sys.executable).with_name("gunicorn")
        cmd = [str(gunicorn), "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        cmd += [
            "--workers",
            str(args.workers),
            "--backlog",
            "4096",
            "--timeout",
            "300",
            "--log-level",
            "warning",
        ]
        server = subprocess.Popen(cmd, cwd=PROJECT_DIR, env=env, start_new_session=True)  # noqa: S603
        try:
            _wait_ready(url, server, timeout=300)  # a loaded machine starts 4 workers slowly
            results: list[Any] = [None] * len(citizens)
            barrier = threading.Barrier(len(citizens) + 1)

            def client(n: int) -> None:
                uid, key = citizens[n]
                slot_id = burst[n % len(burst)]
                barrier.wait()
                results[n] = (uid, slot_id, *_post(port, agency.slug, slot_id, key))

            threading.stack_size(256 * 1024)
            threads = [threading.Thread(target=client, args=(n,)) for n in range(len(citizens))]
            for t in threads:
                t.start()
            barrier.wait()
            start = time.perf_counter()
            for t in threads:
                t.join()
            wall = time.perf_counter() - start
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)

        booked = [r for r in results if r[2] == 201]
        penuh = [r for r in results if r[2] == 409 and r[4].get("code") == booking.FULL]
        refused_other = [r for r in results if r[2] in (409, 422) and r not in penuh]
        errors = [r for r in results if r[2] not in (201, 409, 422)]
        with unscoped():
            slots = (
                Slot.objects.filter(pk__in=burst)
                .annotate(n=Count("bookings"))
                .values_list("pk", "capacity", "booked", "n")
            )
            overbooked = sum(1 for _pk, cap, counter, n in slots if n > cap or counter != n)
            rows = dict(Booking.objects.filter(slot_id__in=burst).values_list("code", "citizen_id"))
            per_citizen = (
                Booking.objects.filter(slot_id__in=burst)
                .values("citizen_id")
                .annotate(n=Count("pk"))
                .filter(n__gt=1)
                .count()
            )
        answered = [r[4].get("code") for r in booked]
        lost = sum(1 for code in answered if code not in rows) + max(
            0, len(rows) - len(set(answered))
        )
        duplicated = per_citizen + (len(answered) - len(set(answered)))
        latency = summarize([r[3] for r in results])
        throughput = len(results) / wall
        emit(
            "booking_burst.overbooked",
            overbooked,
            "slots",
            target=0,
            slots=len(burst),
            places=sum(s[1] for s in slots),
        )
        emit("booking_burst.lost", lost, "bookings", target=0)
        emit("booking_burst.duplicated", duplicated, "bookings", target=0)
        emit(
            "booking_burst.booked", len(booked), "bookings", clients=len(results), penuh=len(penuh)
        )
        emit(
            "booking_burst.refused_not_penuh",
            len(refused_other),
            "requests",
            target=0,
            sample=[r[4] for r in refused_other[:3]],
        )
        emit(
            "booking_burst.errors",
            len(errors),
            "requests",
            target=0,
            sample=[(r[2], r[4]) for r in errors[:3]],
        )
        emit(
            "booking_burst.throughput",
            round(throughput, 1),
            "requests/s",
            wall_s=round(wall, 2),
            p50_ms=round(latency.p50 * 1000, 1),
            p95_ms=round(latency.p95 * 1000, 1),
            workers=args.workers,
        )
        emit("booking_burst.booked_per_s", round(len(booked) / wall, 1), "bookings/s")

        # pgbench: the same transaction, directly.
        probe_user = User.objects.create_user(
            "pgbench.probe@bench.sigap.id", "x", full_name="Probe", kind=User.Kind.CITIZEN
        )
        from django.utils import timezone

        from sigap.accounts.models import CitizenProfile

        CitizenProfile.objects.create(
            user=probe_user,
            nik="1571024506889998",
            birth_date=dt.date(1988, 6, 5),
            consent_version="2026-11",
            consent_given_at=timezone.now(),
        )
        with unscoped():
            probe_slot = Slot.objects.get(pk=spare[0])
        written = _written_rows(lambda: booking.book(probe_user, probe_slot))
        script = pgbench_script(written, "queues_slot", min(spare), max(spare))
        tps, failed = run_pgbench(db.url, script, args.clients, args.pgbench_clients)
        emit(
            "booking_burst.pgbench",
            round(tps, 1),
            "tps",
            clients=args.pgbench_clients,
            failed=failed,
            statements=script.count(";") + script.count("\\gset"),
        )
        emit(
            "booking_burst.ratio",
            round(throughput / tps, 3),
            "x",
            http=round(throughput, 1),
            pgbench=round(tps, 1),
            aim=0.2,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
