"""bench.budget_race: 200 concurrent approvals over HTTP against budgets that fit only
some of them — no budget may end overspent, every refusal must be a clear answer.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench python -m bench.budget_race
    python -m bench.budget_race --approvals 40          # SQLite: writers serialise anyway

Builds one pemda with ``--units`` OPDs, each with a yearly budget that pays for
``--fits`` participants, one programme (capacity enough for everyone, so only money
limits), and ``--approvals`` nominations spread over the units, each through the domain
functions. Each OPD's unit head gets an API token. gunicorn (``--workers`` sync workers,
production settings) then receives every ``POST /api/v1/learning/enrolments/{id}/approve``
at once from one thread per request, released together by a barrier.

Lines: ``budget_race.overspent`` (budgets whose committed + realised exceed the ceiling:
must be 0), ``budget_race.answers`` (200s and 422s; every 422 must name the budget
field and carry the figures), ``budget_race.consistent`` (each budget's committed sum
equals the cost of its approved enrolments), ``budget_race.throughput`` (approvals
answered per second) with the **yardstick**: the same number of concurrent requests to
``/healthz`` through the same server, in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

from bench._harness import PROJECT_DIR, bench_database, emit, emit_machine
from bench.apply_burst import _free_port, _wait_ready

COST = 1_000_000


def build(units: int, approvals: int, fits: int) -> dict[str, Any]:
    import datetime as dt

    from sigap.accounts.models import Role, RoleGrant, User
    from sigap.accounts.tokens import issue_token
    from sigap.learning import budgets, catalogue, enrolment
    from sigap.learning.models import Budget
    from sigap.tenancy import org
    from sigap.tenancy.context import acting_for
    from sigap.tenancy.models import Agency, OrgUnit
    from sigap.workforce.registry import records

    agency = Agency.objects.create(
        slug="jambi", name="Pemerintah Provinsi Jambi", kind=Agency.Kind.PROVINCE, region_code="15"
    )
    year = agency.today().year
    start = dt.date(2010, 1, 1)
    with acting_for(agency):
        programme = catalogue.create_programme(
            agency,
            code="RACE",
            title="Pelatihan perebutan anggaran",
            form="teknis",
            provider_kind="internal",
            year=year,
            capacity=approvals + 10,
            cost_per_participant=COST,
        )
        heads, nominations = {}, []
        per_unit = approvals // units
        n = 0
        for u in range(units):
            opd = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name=f"Dinas {u}", code=f"D{u}")
            budgets.set_budget(
                agency, unit=opd, year=year, source=Budget.Source.APBD, planned=COST * fits
            )
            post = records.create_position(
                agency, unit=opd, code=f"P{u}", title="Analis", jabatan_type="fungsional"
            )
            head = User.objects.create(username=f"kepala.{u}", full_name=f"Kepala {u}")
            RoleGrant.objects.create(user=head, agency=agency, role=Role.UNIT_HEAD, unit=opd)
            heads[opd.pk] = issue_token(head, "bench")[1]
            for _ in range(per_unit):
                n += 1
                birth = dt.date(1975 + n % 12, 1 + n % 12, 1 + n % 28)
                employee = records.create_employee(
                    agency,
                    full_name=f"ASN {n:04d}",
                    gender="L",
                    birth_date=birth,
                    service_start=start,
                    nip=f"{birth:%Y%m%d}{start:%Y%m}1{n:03d}",
                )
                records.record_assignment(
                    employee,
                    position=post,
                    kind="pengangkatan",
                    sk_number=f"SK/{n}",
                    sk_date=start,
                    starts_on=start,
                )
                e = enrolment.nominate(programme, employee)
                nominations.append((e.pk, heads[opd.pk]))
    return {"agency": agency, "nominations": nominations}


def _post(port: int, path: str, key: str, agency: str) -> tuple[int, float, bytes]:
    start = time.perf_counter()
    try:
        conn = HTTPConnection("127.0.0.1", port, timeout=600)
        conn.request(
            "POST" if key else "GET",
            path,
            body=b"{}" if key else None,
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {key}",
                "X-Sigap-Agency": agency,
            }
            if key
            else {},
        )
        response = conn.getresponse()
        data = response.read()
        conn.close()
    except OSError as exc:
        return 0, time.perf_counter() - start, repr(exc).encode()
    return response.status, time.perf_counter() - start, data


def _burst(port: int, calls: list[tuple[str, str]], agency: str) -> tuple[list[Any], float]:
    results: list[Any] = [None] * len(calls)
    barrier = threading.Barrier(len(calls) + 1)

    def client(i: int) -> None:
        path, key = calls[i]
        barrier.wait()
        results[i] = _post(port, path, key, agency)

    threading.stack_size(256 * 1024)
    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    return results, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.budget_race", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--approvals", type=int, default=200)
    parser.add_argument("--units", type=int, default=10)
    parser.add_argument(
        "--fits", type=int, default=8, help="participants each unit's budget pays for"
    )
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)

    emit_machine()
    with bench_database(args.database_url) as db:
        from django.db.models import Sum

        from sigap.learning.models import Budget, Enrolment

        world = build(args.units, args.approvals, args.fits)
        port = _free_port()
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
            "2048",
            "--timeout",
            "300",
            "--log-level",
            "warning",
        ]
        server = subprocess.Popen(cmd, cwd=PROJECT_DIR, env=env, start_new_session=True)  # noqa: S603
        slug = world["agency"].slug
        try:
            _wait_ready(f"http://127.0.0.1:{port}", server)
            calls = [
                (f"/api/v1/learning/enrolments/{pk}/approve", key)
                for pk, key in world["nominations"]
            ]
            results, wall = _burst(port, calls, slug)
            bare, bare_wall = _burst(port, [("/healthz", "")] * len(calls), slug)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)

        statuses: dict[int, int] = {}
        unclear = 0
        for status, _t, body in results:
            statuses[status] = statuses.get(status, 0) + 1
            if status == 422:
                payload = json.loads(body)
                fields = {e["field"] for e in payload.get("errors", [])}
                text = " ".join(e["message"] for e in payload.get("errors", []))
                if "budget" not in fields or "sisa" not in text:
                    unclear += 1
            elif status != 200:
                unclear += 1
        with_db = {"db": db.vendor, "workers": args.workers, "approvals": len(calls)}
        overspent = sum(
            1 for b in Budget.all_objects.all() if b.committed + b.realised > b.planned + b.overrun
        )
        approved = dict(
            Enrolment.all_objects.filter(status="approved")
            .values_list("budget_id")
            .annotate(s=Sum("cost"))
            .order_by()
        )
        inconsistent = sum(
            1 for b in Budget.all_objects.all() if b.committed != approved.get(b.pk, 0)
        )
        emit("budget_race.overspent", overspent, "budgets", budgets=args.units, **with_db)
        emit(
            "budget_race.answers",
            statuses.get(200, 0),
            "approved",
            refused=statuses.get(422, 0),
            other=sum(v for k, v in statuses.items() if k not in (200, 422)),
            unclear=unclear,
            statuses={str(k): v for k, v in sorted(statuses.items())},
            expected_approved=min(len(calls), args.units * args.fits),
            **with_db,
        )
        emit(
            "budget_race.consistent",
            inconsistent == 0,
            "bool",
            inconsistent=inconsistent,
            **with_db,
        )
        emit(
            "budget_race.throughput",
            round(len(calls) / wall, 1),
            "req/s",
            wall_s=round(wall, 2),
            yardstick=round(len(bare) / bare_wall, 1),
            ratio=round((len(bare) / bare_wall) / (len(calls) / wall), 2),
            **with_db,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
