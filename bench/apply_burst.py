"""bench.apply_burst: 1,000 citizens submitting at once over HTTP, against pgbench doing the
same inserts (PostgreSQL only).

    python -m bench.apply_burst --database-url postgres://postgres@127.0.0.1:5432/sigap_bench
    python -m bench.apply_burst --database-url postgres://… --citizens 200 --workers 4

Setup: the small demo (services with published standards), ``--citizens`` citizens
with an API token each (``accounts.tokens.issue_token``), then a real server process:
gunicorn with ``--workers`` sync workers on a free localhost port, production settings
(``DEBUG=0``), the same throwaway database.

The burst: one thread per citizen, all released together by a barrier, each sending
``POST /api/v1/me/applications`` (JSON answers to the ``PINDAH-DATANG`` form of Jambi,
``Authorization: Bearer …``, an ``Idempotency-Key`` of its own). One citizen in ten
double-submits: a second thread sends the identical request (same key) at the same time,
which must file one application, not two. Checked afterwards in the database:

* ``apply_burst.errors``: responses other than 200/201 or failed connections (target 0);
* ``apply_burst.duplicates``: tracking numbers given to two requests of different
  citizens or keys, and applications filed twice for one key (target 0);
* ``apply_burst.lost``: tracking numbers answered but not in the database, or requests
  answered 201 without a filed application (target 0);
* ``apply_burst.throughput`` (applications/s, wall time from the barrier to the last
  response), with request latency p50/p95;
* ``apply_burst.pgbench`` (transactions/s): pgbench, 50 clients, running the rows one
  ``apply`` writes (found by running one ``apply`` in this process and copying each new
  row: the application, its timeline, audit entries, the notification and its task) as
  one transaction each, the same number of times; and ``apply_burst.ratio``
  (HTTP throughput / pgbench throughput).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.client import HTTPConnection
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench._harness import PROJECT_DIR, bench_database, emit, emit_machine, summarize

AGENCY = "jambi"
SERVICE = "PINDAH-DATANG"
PGBENCH_CLIENTS = 50


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"bench: gunicorn exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):  # noqa: S310 - localhost
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("bench: gunicorn did not answer /healthz in time")


def _citizens(n: int, seed: int) -> list[tuple[int, str, str]]:
    """``n`` citizens with a profile and an API token: (user id, NIK, bearer key)."""
    import datetime as dt
    import random

    from django.utils import timezone

    from sigap.accounts.models import CitizenProfile, User
    from sigap.accounts.registration import PRIVACY_NOTICE_VERSION
    from sigap.accounts.tokens import issue_token
    from sigap.identifiers.demo import fake_nik

    rng = random.Random(seed)
    now = timezone.now()
    users = User.objects.bulk_create(
        [
            User(
                username=f"burst{i:05d}@bench.sigap.id",
                email=f"burst{i:05d}@bench.sigap.id",
                full_name=f"Warga Uji {i}",
                password="!",  # noqa: S106 - unusable: they sign in with a token
                kind=User.Kind.CITIZEN,
            )
            for i in range(n)
        ]
    )
    niks: set[str] = set(CitizenProfile.objects.values_list("nik", flat=True))
    out = []
    profiles = []
    for user in users:
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 40))
        nik = fake_nik(rng, "15", birth, female=rng.random() < 0.5)
        while nik in niks:
            nik = fake_nik(rng, "15", birth, female=rng.random() < 0.5)
        niks.add(nik)
        profiles.append(
            CitizenProfile(
                user=user,
                nik=nik,
                birth_date=birth,
                consent_version=PRIVACY_NOTICE_VERSION,
                consent_given_at=now,
            )
        )
        _token, key = issue_token(user, "bench")
        out.append((user.pk, nik, key))
    CitizenProfile.objects.bulk_create(profiles)
    return out


def _payload(nik: str) -> bytes:
    return json.dumps(
        {
            "agency": AGENCY,
            "service": SERVICE,
            "answers": {
                "nik": nik,
                "jenis": "Pindah keluar daerah",
                "alamat_tujuan": "Jl. Gatot Subroto No. 10, Jakarta Selatan",
                "alasan": "Pekerjaan",
                "jumlah_anggota": 3,
            },
        }
    ).encode()


def _post(port: int, body: bytes, key: str, idem: str) -> tuple[int, float, str, str]:
    """(status, seconds, tracking number, error)."""
    start = time.perf_counter()
    try:
        conn = HTTPConnection("127.0.0.1", port, timeout=600)
        conn.request(
            "POST",
            "/api/v1/me/applications",
            body=body,
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {key}",
                "Idempotency-Key": idem,
            },
        )
        response = conn.getresponse()
        data = response.read()
        conn.close()
    except OSError as exc:
        return 0, time.perf_counter() - start, "", repr(exc)
    elapsed = time.perf_counter() - start
    number = ""
    error = ""
    try:
        number = json.loads(data).get("tracking_number", "")
    except ValueError:
        error = data[:200].decode(errors="replace")
    if response.status not in (200, 201):
        error = data[:300].decode(errors="replace")
    return response.status, elapsed, number, error


# ------------------------------------------------------------------ pgbench


def _written_rows(apply_once: Any) -> dict[str, list[int]]:
    """Run ``apply_once`` and return, per table, the ids of the rows it inserted."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND column_name = 'id' AND data_type IN ('integer', 'bigint')"
        )
        tables = [r[0] for r in cur.fetchall()]
        before = {}
        for t in tables:
            cur.execute(f'SELECT coalesce(max(id), 0) FROM "{t}"')  # noqa: S608 - catalog names
            before[t] = cur.fetchone()[0]
    apply_once()
    written: dict[str, list[int]] = {}
    with connection.cursor() as cur:
        for t in tables:
            cur.execute(f'SELECT id FROM "{t}" WHERE id > %s ORDER BY id', [before[t]])  # noqa: S608
            ids = [r[0] for r in cur.fetchall()]
            if ids:
                written[t] = ids
    return written


def pgbench_script(written: dict[str, list[int]]) -> str:
    """One transaction copying each row ``apply`` wrote (a new tracking number; foreign
    keys to rows written by the same ``apply`` point at their copies), plus the
    application's update on submission."""
    from django.db import connection

    app_table = "services_application"
    with connection.cursor() as cur:
        cur.execute(
            "SELECT kcu.table_name, kcu.column_name, ccu.table_name "
            "FROM information_schema.table_constraints tc "
            "JOIN information_schema.key_column_usage kcu "
            "ON tc.constraint_name = kcu.constraint_name "
            "JOIN information_schema.constraint_column_usage ccu "
            "ON tc.constraint_name = ccu.constraint_name "
            "WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'"
        )
        fks: dict[str, dict[str, str]] = {}
        for table, column, target in cur.fetchall():
            fks.setdefault(table, {})[column] = target
        rows: list[tuple[str, int, list[str], dict[str, Any]]] = []
        for t, ids in written.items():
            cur.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = 'public' AND table_name = %s AND column_name <> 'id' "
                "ORDER BY ordinal_position",
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
    # Referenced rows first.
    done: set[tuple[str, int]] = set()
    ordered = []
    while rows:
        ready = [r for r in rows if all(ref in done for ref in r[3].values())]
        if not ready:
            raise SystemExit("bench: cannot order the rows apply wrote")
        ready.sort(key=lambda r: (r[0] != app_table, r[0], r[1]))
        for r in ready:
            ordered.append(r)
            done.add((r[0], r[1]))
            rows.remove(r)
    lines = ["BEGIN;"]
    for t, row_id, cols, refs in ordered:
        exprs = []
        for c in cols:
            if c in refs:
                exprs.append(f":v_{refs[c][0]}_{refs[c][1]}")
            elif t == app_table and c == "tracking_number":
                exprs.append("'PGB-' || substr(md5(random()::text), 1, 16)")
            elif t == app_table and c == "idempotency_key":
                exprs.append("''")
            else:
                exprs.append(f'"{c}"')
        names = ", ".join(f'"{c}"' for c in cols)
        lines.append(
            f'INSERT INTO "{t}" ({names}) SELECT {", ".join(exprs)} '  # noqa: S608
            f'FROM "{t}" WHERE id = {row_id} RETURNING id AS v_{t}_{row_id} \\gset'
        )
        if t == app_table:
            lines.append(
                f"UPDATE \"{app_table}\" SET status = 'submitted', "  # noqa: S608
                "submitted_at = now(), due_at = now() + interval '1 day' "
                f"WHERE id = :v_{t}_{row_id};"
            )
    lines.append("END;")
    return "\n".join(lines) + "\n"


def run_pgbench(url: str, script: str, transactions: int) -> tuple[float, str]:
    parts = urlsplit(url)
    pgbench = shutil.which("pgbench")
    if pgbench is None:
        raise SystemExit("bench: pgbench not found (apt-get install postgresql-client)")
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
        f.write(script)
        path = f.name
    per_client = max(1, transactions // PGBENCH_CLIENTS)
    env = {**os.environ}
    if parts.password:
        env["PGPASSWORD"] = parts.password
    cmd = [pgbench, "-n", "-c", str(PGBENCH_CLIENTS), "-j", "2", "-t", str(per_client)]
    cmd += ["-f", path, "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    cmd += ["-U", parts.username or "postgres", parts.path.lstrip("/")]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)  # noqa: S603
    Path(path).unlink(missing_ok=True)
    match = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", result.stdout)
    if result.returncode != 0 or match is None:
        raise SystemExit(f"bench: pgbench failed:\n{result.stdout}\n{result.stderr[-2000:]}")
    failed = re.search(r"number of failed transactions: (\d+)", result.stdout)
    return float(match.group(1)), failed.group(1) if failed else "0"


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.apply_burst", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--citizens", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--double-every", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)

    emit_machine()
    with bench_database(args.database_url) as db:
        if db.vendor != "postgresql":
            raise SystemExit("bench.apply_burst: PostgreSQL only (--database-url postgres://…)")
        from django.db import connection

        from sigap.accounts.models import User
        from sigap.services import applications
        from sigap.services.models import Application, Service
        from sigap.shell.demo import seed_demo
        from sigap.tenancy.context import activate
        from sigap.tenancy.models import Agency

        seed_demo("small", args.seed)
        citizens = _citizens(args.citizens, args.seed)
        agency = Agency.objects.get(slug=AGENCY)
        with activate(agency):
            service = Service.objects.get(code=SERVICE)
        before = Application.all_objects.count()

        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        # As in production: notifications queued for the task worker (database backend),
        # not sent inside the request as the harness's immediate backend would.
        env = {
            **os.environ,
            "LOG_LEVEL": "WARNING",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        }
        gunicorn = Path(sys.executable).with_name("gunicorn")
        cmd = [str(gunicorn), "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        cmd += ["--workers", str(args.workers), "--backlog", "2048", "--timeout", "300"]
        cmd += ["--log-level", "warning"]
        server = subprocess.Popen(cmd, cwd=PROJECT_DIR, env=env, start_new_session=True)  # noqa: S603
        try:
            _wait_ready(url, server)
            requests: list[tuple[int, bytes, str, str]] = []
            for i, (uid, nik, key) in enumerate(citizens):
                body = _payload(nik)
                requests.append((uid, body, key, f"burst-{i}"))
                if args.double_every and i % args.double_every == 0:
                    requests.append((uid, body, key, f"burst-{i}"))
            results: list[Any] = [None] * len(requests)
            barrier = threading.Barrier(len(requests) + 1)

            def client(n: int) -> None:
                uid, body, key, idem = requests[n]
                barrier.wait()
                results[n] = (uid, idem, *_post(port, body, key, idem))

            threading.stack_size(256 * 1024)
            threads = [threading.Thread(target=client, args=(n,)) for n in range(len(requests))]
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

        errors = [r for r in results if r[2] not in (200, 201)]
        by_key: dict[tuple[int, str], set[str]] = {}
        for uid, idem, status, _s, number, _e in results:
            if status in (200, 201):
                by_key.setdefault((uid, idem), set()).add(number)
        answered = {n for numbers in by_key.values() for n in numbers}
        key_conflicts = sum(1 for numbers in by_key.values() if len(numbers) > 1)
        stored = dict(
            Application.all_objects.filter(idempotency_key__startswith="api:burst-").values_list(
                "tracking_number", "idempotency_key"
            )
        )
        per_key: dict[tuple[int, str], int] = {}
        for uid, key in Application.all_objects.filter(
            idempotency_key__startswith="api:burst-"
        ).values_list("citizen_id", "idempotency_key"):
            per_key[(uid, key)] = per_key.get((uid, key), 0) + 1
        filed_twice = sum(1 for n in per_key.values() if n > 1)
        lost = len(answered - set(stored)) + max(0, len(by_key) - len(stored))
        submitted = Application.all_objects.filter(
            idempotency_key__startswith="api:burst-", status="submitted"
        ).count()
        latencies = [r[3] for r in results if r[2] in (200, 201)]
        common = {"db": db.vendor, "workers": args.workers, "requests": len(requests)}
        emit("apply_burst.errors", len(errors), "requests", sample=[r[5] for r in errors[:3]])
        emit(
            "apply_burst.duplicates",
            key_conflicts + filed_twice,
            "applications",
            tracking_numbers=len(answered),
            key_conflicts=key_conflicts,
            filed_twice=filed_twice,
        )
        emit(
            "apply_burst.lost",
            lost,
            "applications",
            answered=len(by_key),
            stored=len(stored),
            submitted=submitted,
            total_in_db=Application.all_objects.count() - before,
        )
        throughput = len(stored) / wall
        lat = summarize(latencies) if latencies else None
        emit(
            "apply_burst.throughput",
            round(throughput, 1),
            "applications/s",
            wall_s=round(wall, 2),
            latency_p50_ms=round(lat.p50 * 1000, 1) if lat else None,
            latency_p95_ms=round(lat.p95 * 1000, 1) if lat else None,
            citizens=args.citizens,
            **common,
        )

        # pgbench: the rows one apply writes, copied the same number of times.
        someone = User.objects.get(pk=citizens[0][0])

        def apply_once() -> None:
            applications.apply(
                someone,
                service,
                answers=json.loads(_payload(citizens[0][1]))["answers"],
                idempotency_key="pgbench-template",
            )

        written = _written_rows(apply_once)
        connection.close()
        tps, failed = run_pgbench(db.url, pgbench_script(written), len(stored))
        emit(
            "apply_burst.pgbench",
            round(tps, 1),
            "transactions/s",
            clients=PGBENCH_CLIENTS,
            rows_per_transaction={t: len(ids) for t, ids in written.items()},
            failed=failed,
        )
        emit("apply_burst.ratio", round(throughput / tps, 3), "x", http=round(throughput, 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
