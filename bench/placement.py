"""bench.placement: the placement advisor at province scale.

    python -m bench.placement                           # 2,000 vacancies × 10,000 candidates
    python -m bench.placement --vacancies 500 --candidates 3000 --top-k 60
    python -m bench.placement --skip db                 # synthetic only (no database)
    python -m bench.placement --skip dense-check        # without the exact dense comparison

Two measurements, each in its own fresh interpreter so that peak memory of one cannot
contaminate the other:

``synthetic``
    Feature arrays built directly with NumPy, with realistic distributions (position
    types and their minimum golongan, 3–6 required competencies at level 2–4, partial
    assessments, education levels and study fields, rotation and retirement horizons),
    so that eligibility prunes pairs the way a real roster does. Times building the
    scorer plus ``solve`` (score blocks, greedy baseline, top-K pruning, sparse
    LAPJVsp) — the advisor's "auto" path for a problem this size — then measures its
    peak memory with ``tracemalloc`` in a second pass, then (unless skipped) solves the
    same problem exactly with dense ``linear_sum_assignment`` to report the optimality
    gap of the top-K pruning.
``db``
    End to end from database rows on a throwaway SQLite database: the registry is
    bulk-loaded (units, competencies, positions with their standards, ASN with rank,
    education, assessments and current position), then ``plan_placement`` (bulk queries
    → feature arrays → scores → solve) and ``record_run`` (the run, one recommendation
    with its explanation per filled slot, one summary audit entry) are timed.

Lines printed (one JSON object each):

* ``placement.synthetic.solve_time`` (s): scorer + solve; extras: method, eligible pairs,
  edges kept, exact flag, total fit, greedy total and the gain.
* ``placement.synthetic.peak_memory`` (MiB): tracemalloc peak of the same solve; extra:
  the child's peak RSS (includes Python, Django, NumPy and SciPy themselves).
* ``placement.synthetic.total_fit`` / ``.greedy_fit`` (score): the two totals.
* ``placement.synthetic.dense_exact_time`` (s): the exact dense solve; extras: its total
  and the pruning gap (exact − sparse).
* ``placement.db.plan_time`` / ``.record_time`` / ``.end_to_end_time`` (s); extras:
  SQL statements, recommendations, totals, and for the plan the solve alone (timed again
  on the same scorer) and the rest (queries and feature arrays); ``placement.db.peak_rss``
  (MiB).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tracemalloc
from typing import Any

from bench._harness import (
    FORCED_ENV,
    PROJECT_DIR,
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

MEASUREMENTS = ("synthetic", "dense-check", "db")
ON = dt.date(2026, 1, 5)

# Position types of the vacancies and their share, with the minimum golongan range
# (ranks: II/a = 5 … IV/e = 17) and the BUP (58, or 60 for JPT).
VACANCY_TYPES = (
    # type, share, min golongan low..high (0 = none allowed), bup, expected education rank
    ("pelaksana", 0.35, (0, 6), 58, 3),
    ("fungsional", 0.40, (9, 11), 58, 8),
    ("pengawas", 0.15, (10, 12), 58, 6),
    ("administrator", 0.08, (12, 13), 58, 8),
    ("jpt_pratama", 0.02, (14, 15), 60, 8),
)


def synthetic_features(n_positions: int, n_candidates: int, seed: int = 20260105) -> tuple:
    """Realistic feature arrays for the scorer, built without a database."""
    import numpy as np

    from sigap.workforce.placement import features as pl

    rng = np.random.default_rng(seed)
    n_competencies, n_groups = 22, len(pl.FIELD_GROUPS)
    general = pl.FIELD_GROUPS.index(pl.GENERAL_GROUP)
    specific = [i for i in range(n_groups) if i != general]

    kinds = rng.choice(len(VACANCY_TYPES), size=n_positions, p=[t[1] for t in VACANCY_TYPES])
    min_golongan = np.zeros(n_positions, dtype=np.int64)
    bup_index = np.zeros(n_positions, dtype=np.int64)
    expected = np.zeros(n_positions, dtype=np.int64)
    for k, (_, _, (low, high), bup, edu) in enumerate(VACANCY_TYPES):
        rows = kinds == k
        min_golongan[rows] = rng.integers(low, high + 1, size=rows.sum())
        bup_index[rows] = 0 if bup == 58 else 1
        expected[rows] = edu
    min_golongan[min_golongan < 5] = 0  # pelaksana posts often name no minimum
    required = np.zeros((n_positions, n_competencies), dtype=np.uint8)
    for i in range(n_positions):
        picked = rng.choice(n_competencies, size=rng.integers(3, 7), replace=False)
        required[i, picked] = rng.integers(2, 5, size=len(picked))
    field_fit = np.zeros((n_positions, n_groups + 1))
    for i in range(n_positions):
        if kinds[i] == 0 and rng.random() < 0.4:
            field_fit[i] = pl.field_fit_row([])
        else:
            groups = rng.choice(specific, size=rng.integers(1, 3), replace=False)
            field_fit[i] = pl.field_fit_row([pl.FIELD_GROUPS[g] for g in groups])
    positions = pl.PositionFeatures(
        ids=np.arange(1, n_positions + 1, dtype=np.int64),
        required=required,
        field_fit=field_fit,
        expected_education=expected,
        min_golongan=min_golongan,
        bup_index=bup_index,
    )

    # Candidates: golongan II 25 %, III 55 %, IV 12 %, PPPK (none) 8 %.
    band = rng.choice(4, size=n_candidates, p=[0.25, 0.55, 0.12, 0.08])
    golongan = np.select(
        [band == 0, band == 1, band == 2],
        [
            rng.integers(5, 9, n_candidates),
            rng.integers(9, 13, n_candidates),
            rng.integers(13, 16, n_candidates),
        ],
        0,
    )
    assessed = rng.random((n_candidates, n_competencies)) < 0.6
    levels = np.where(assessed, 1 + rng.binomial(4, 0.5, (n_candidates, n_competencies)), 0)
    edu_level = rng.choice([3, 6, 8, 9], size=n_candidates, p=[0.2, 0.15, 0.5, 0.15])
    field_group = np.where(edu_level == 3, general, rng.choice(specific, size=n_candidates)).astype(
        np.int64
    )
    no_education = rng.random(n_candidates) < 0.02
    field_group[no_education] = pl.NO_EDUCATION
    edu_level[no_education] = 0
    age = rng.uniform(23, 58.5, n_candidates)
    years_in_position = rng.exponential(4.0, n_candidates)
    years_in_position[rng.random(n_candidates) < 0.05] = np.nan
    candidates = pl.CandidateFeatures(
        ids=np.arange(1, n_candidates + 1, dtype=np.int64),
        levels=levels.astype(np.uint8),
        field_group=field_group,
        education=edu_level.astype(np.int64),
        golongan=golongan.astype(np.int64),
        years_in_position=years_in_position,
        years_to_retirement=np.stack([58 - age, 60 - age]),
        current_position=rng.integers(100_000, 101_000, n_candidates).astype(np.int64),
    )
    slot_positions = np.arange(n_positions, dtype=np.int64)
    return positions, candidates, slot_positions


def _setup_django_without_database() -> None:
    os.environ.update(FORCED_ENV)
    os.environ.setdefault("SIGAP_ALLOW_INSECURE_KEY", "1")
    if str(PROJECT_DIR) not in sys.path:
        sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()


def _solve_synthetic(args: argparse.Namespace, features: tuple) -> Any:
    from sigap.workforce.models import DEFAULT_FIT_WEIGHTS
    from sigap.workforce.placement import engine as pl

    positions, candidates, slots = features
    scorer = pl.Scorer(positions, candidates, DEFAULT_FIT_WEIGHTS, rotation_due_years=5)
    top_k = args.top_k or pl.DEFAULT_TOP_K
    return scorer, pl.solve_features(scorer, slots, method=args.method, top_k=top_k)


def run_synthetic(args: argparse.Namespace) -> None:
    _setup_django_without_database()
    import numpy as np

    from sigap.workforce.placement import engine as pl

    features = synthetic_features(args.vacancies, args.candidates, args.seed)
    rss_before = current_rss_bytes()
    with stopwatch() as elapsed:
        scorer, solution = _solve_synthetic(args, features)
    solve_time = elapsed()
    rss_peak = peak_rss_bytes()
    best, greedy = solution.best, solution.greedy
    common = {
        "vacancies": args.vacancies,
        "candidates": args.candidates,
        "method": solution.method,
        "top_k": args.top_k or pl.DEFAULT_TOP_K,
        "eligible_pairs": solution.edges,
        "eligible_share": round(solution.edges / (args.vacancies * args.candidates), 3),
        "exact": solution.exact,
        "filled": len(best),
        "greedy_filled": len(greedy),
    }
    emit(
        "placement.synthetic.solve_time",
        round(solve_time, 3),
        "s",
        total_fit=round(best.total, 3),
        greedy_fit=round(greedy.total, 3),
        gain=round(best.total - greedy.total, 3),
        gain_pct=round((best.total - greedy.total) / greedy.total * 100, 2),
        target_s=10,
        **common,
    )
    emit("placement.synthetic.total_fit", round(best.total, 4), "score", **common)
    emit("placement.synthetic.greedy_fit", round(greedy.total, 4), "score", **common)
    del solution

    tracemalloc.start()
    _solve_synthetic(args, features)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    emit(
        "placement.synthetic.peak_memory",
        mib(traced_peak),
        "MiB",
        measured="tracemalloc peak of scorer + solve (NumPy buffers included)",
        process_peak_rss_mib=mib(rss_peak),
        process_rss_before_mib=mib(rss_before),
        target_mib=2048,
        **common,
    )

    if "dense-check" in args.skip:
        return
    # The same scores, whole: exact dense solve for the pruning gap (memory-hungry).
    slots = features[2]
    scores = np.vstack([scorer.block(slots[i : i + 250]) for i in range(0, len(slots), 250)])
    with stopwatch() as elapsed:
        exact = pl.solve_matrix(scores, method="dense")
    emit(
        "placement.synthetic.dense_exact_time",
        round(elapsed(), 3),
        "s",
        exact_total=round(exact.best.total, 4),
        sparse_total=round(best.total, 4),
        pruning_gap=round(exact.best.total - best.total, 6),
        process_peak_rss_mib=mib(peak_rss_bytes()),
        **common,
    )


# -- end to end from database rows ----------------------------------------------------------


def build_registry(n_vacancies: int, n_candidates: int, seed: int) -> tuple[Any, list[int]]:
    """Bulk-load a registry: vacant positions (formasi 1, no holder) and ASN who each hold
    one of the occupied positions. Bulk inserts skip the audit trail: this is set-up."""
    import random

    from sigap.tenancy import org
    from sigap.tenancy.context import activate
    from sigap.tenancy.models import Agency, OrgUnit
    from sigap.workforce.models import (
        Assignment,
        Competency,
        CompetencyAssessment,
        Education,
        Employee,
        Position,
        PositionRequirement,
        RankHistory,
    )
    from sigap.workforce.reference import (
        classify_study_field,
        competency_catalogue,
        golongan_list,
    )
    from sigap.workforce.registry import refresh_latest_golongan

    rng = random.Random(seed)
    agency = Agency.objects.create(
        slug="bench-prov",
        name="Pemerintah Provinsi Bench",
        kind=Agency.Kind.PROVINCE,
        region_code="15",
    )
    units: list[OrgUnit] = []
    for i in range(40):
        opd = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name=f"Dinas {i}", code=f"OPD{i}")
        units += [
            org.create_unit(
                agency,
                kind=OrgUnit.Kind.BIDANG,
                name=f"Bidang {i}.{j}",
                code=f"B{i}.{j}",
                parent=opd,
            )
            for j in range(4)
        ]
    batch = 2000
    with activate(agency):
        competencies = Competency.objects.bulk_create(
            [
                Competency(agency=agency, code=c["code"], name=c["name"], kind=c["kind"])
                for c in competency_catalogue()
            ]
        )
        fields = [
            "ekonomi",
            "manajemen",
            "hukum",
            "kesehatan",
            "pendidikan",
            "teknik_sipil",
            "informatika",
            "sosial",
            "pertanian",
        ]
        types = [t[0] for t in VACANCY_TYPES]
        weights = [t[1] for t in VACANCY_TYPES]
        golongan = [g.code for g in golongan_list()]
        positions = []
        for i in range(n_vacancies):
            kind = rng.choices(range(len(types)), weights)[0]
            low, high = VACANCY_TYPES[kind][2]
            rank = rng.randint(low, high)
            positions.append(
                Position(
                    agency=agency,
                    unit=rng.choice(units),
                    code=f"V{i}",
                    title=f"Jabatan lowong {i}",
                    jabatan_type=types[kind],
                    min_golongan=golongan[rank - 1] if rank >= 5 else "",
                    relevant_fields=rng.sample(fields, rng.randint(1, 2)),
                    formasi=1,
                )
            )
        n_occupied = max(1, n_candidates // 10)
        positions += [
            Position(
                agency=agency,
                unit=rng.choice(units),
                code=f"O{i}",
                title=f"Jabatan terisi {i}",
                jabatan_type=rng.choice(types),
                formasi=10,
            )
            for i in range(n_occupied)
        ]
        positions = Position.objects.bulk_create(positions, batch_size=batch)
        vacant, occupied = positions[:n_vacancies], positions[n_vacancies:]
        PositionRequirement.objects.bulk_create(
            [
                PositionRequirement(
                    agency=agency, position=p, competency=c, level=rng.randint(2, 4)
                )
                for p in vacant
                for c in rng.sample(competencies, rng.randint(3, 6))
            ],
            batch_size=batch,
        )
        employees, seen = [], set()
        for i in range(n_candidates):
            age = rng.uniform(23, 58)
            birth = ON - dt.timedelta(days=int(age * 365.25))
            service = dt.date(max(birth.year + 20, 1990), rng.randint(1, 12), 1)
            gender = rng.choice("LP")
            seq = 1
            while (key := (birth, service, gender, seq)) in seen:
                seq += 1
            seen.add(key)
            nip = f"{birth:%Y%m%d}{service:%Y%m}{'1' if gender == 'L' else '2'}{seq:03d}"
            employees.append(
                Employee(
                    agency=agency,
                    nip=nip,
                    full_name=f"ASN {i}",
                    gender=gender,
                    birth_date=birth,
                    service_start=service,
                )
            )
        employees = Employee.objects.bulk_create(employees, batch_size=batch)
        ranks, educations, assessments, assignments = [], [], [], []
        for i, e in enumerate(employees):
            band = rng.choices([0, 1, 2], [0.27, 0.6, 0.13])[0]
            rank = rng.randint(*((5, 8), (9, 12), (13, 15))[band])
            ranks.append(
                RankHistory(
                    agency=agency, employee=e, golongan=golongan[rank - 1], tmt=e.service_start
                )
            )
            level = rng.choices(["SMA", "D3", "S1", "S2"], [0.2, 0.15, 0.5, 0.15])[0]
            study = (
                "SMA IPS"
                if level == "SMA"
                else rng.choice(
                    [
                        "Akuntansi",
                        "Manajemen",
                        "Ilmu Hukum",
                        "Keperawatan",
                        "Pendidikan Matematika",
                        "Teknik Sipil",
                        "Teknik Informatika",
                        "Ilmu Komunikasi",
                        "Agribisnis",
                        "Administrasi Negara",
                    ]
                )
            )
            educations.append(
                Education(
                    agency=agency,
                    employee=e,
                    level=level,
                    field_of_study=study,
                    field_group=classify_study_field(study),
                    graduation_year=e.birth_date.year + 22,
                )
            )
            for c in competencies:
                if rng.random() < 0.45:
                    assessments.append(
                        CompetencyAssessment(
                            agency=agency,
                            employee=e,
                            competency=c,
                            level=rng.randint(1, 5),
                            assessed_on=ON - dt.timedelta(days=rng.randint(30, 1500)),
                        )
                    )
            since = ON - dt.timedelta(days=rng.randint(30, 4000))
            since = max(since, e.service_start)
            assignments.append(
                Assignment(
                    agency=agency,
                    employee=e,
                    position=occupied[i % len(occupied)],
                    kind=Assignment.Kind.APPOINTMENT,
                    sk_number=f"SK/{i}",
                    sk_date=since,
                    starts_on=since,
                )
            )
        RankHistory.objects.bulk_create(ranks, batch_size=batch)
        refresh_latest_golongan(e.pk for e in employees)  # as every writer of ranks does
        Education.objects.bulk_create(educations, batch_size=batch)
        CompetencyAssessment.objects.bulk_create(assessments, batch_size=batch)
        Assignment.objects.bulk_create(assignments, batch_size=batch)
    return agency, [p.pk for p in vacant]


def run_db(args: argparse.Namespace) -> None:
    with bench_database(args.database_url):
        from sigap.workforce.placement import engine as pl

        with stopwatch() as elapsed:
            agency, vacancy_ids = build_registry(args.vacancies, args.candidates, args.seed)
        emit(
            "placement.db.build_time",
            round(elapsed(), 2),
            "s",
            vacancies=len(vacancy_ids),
            candidates=args.candidates,
        )
        rss_before = current_rss_bytes()
        with count_queries() as plan_queries, stopwatch() as plan_elapsed:
            plan = pl.plan_placement(
                agency,
                positions=vacancy_ids,
                on=ON,
                method=args.method,
                top_k=args.top_k or pl.DEFAULT_TOP_K,
            )
        plan_time = plan_elapsed()
        # The solve alone again (same scorer), to split plan_time into reading and solving.
        with stopwatch() as solve_elapsed:
            pl.solve_features(
                plan.scorer,
                plan.slot_positions,
                method=args.method,
                top_k=args.top_k or pl.DEFAULT_TOP_K,
            )
        solve_time = solve_elapsed()
        with count_queries() as record_queries, stopwatch() as record_elapsed:
            run = pl.record_run(agency, plan, by=None)
        record_time = record_elapsed()
        solution = plan.solution
        extra = {
            "vacancies": args.vacancies,
            "candidates": len(plan.candidate_ids),
            "method": solution.method,
            "exact": solution.exact,
            "recommendations": len(solution.best),
            "total_fit": round(run.total_fit, 3),
            "greedy_fit": round(run.greedy_fit, 3),
        }
        emit(
            "placement.db.plan_time",
            round(plan_time, 3),
            "s",
            queries=plan_queries[0],
            solve_s=round(solve_time, 3),
            read_and_score_s=round(plan_time - solve_time, 3),
            **extra,
        )
        emit(
            "placement.db.record_time",
            round(record_time, 3),
            "s",
            queries=record_queries[0],
            **extra,
        )
        emit(
            "placement.db.end_to_end_time",
            round(plan_time + record_time, 3),
            "s",
            target_s=10,
            **extra,
        )
        emit(
            "placement.db.peak_rss",
            mib(peak_rss_bytes()),
            "MiB",
            rss_before_plan_mib=mib(rss_before),
            **extra,
        )


# -- driver -----------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.placement",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--vacancies", type=int, default=2000)
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--top-k", type=int, default=None, help="default: the advisor's")
    parser.add_argument("--method", choices=["auto", "dense", "sparse"], default="auto")
    parser.add_argument("--seed", type=int, default=20260105)
    parser.add_argument("--skip", default="", help=f"comma list among {', '.join(MEASUREMENTS)}")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--child", choices=["synthetic", "db"], default=None)
    args = parser.parse_args(argv)
    args.skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    unknown = args.skip - set(MEASUREMENTS)
    if unknown:
        parser.error(f"unknown measurement(s) {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child == "synthetic":
        exit_cleanly_on_sigterm()
        run_synthetic(args)
        return 0
    if args.child == "db":
        exit_cleanly_on_sigterm()
        run_db(args)
        return 0
    emit_machine()
    passthrough = [
        "--vacancies",
        str(args.vacancies),
        "--candidates",
        str(args.candidates),
        "--method",
        args.method,
        "--seed",
        str(args.seed),
        "--skip",
        ",".join(sorted(args.skip)),
    ]
    if args.top_k:
        passthrough += ["--top-k", str(args.top_k)]
    if args.database_url:
        passthrough += ["--database-url", args.database_url]
    code = 0
    for child in ("synthetic", "db"):
        if child in args.skip:
            continue
        rc, _ = run_bench_child("bench.placement", [*passthrough, "--child", child])
        code = code or rc
    return code


if __name__ == "__main__":
    sys.exit(main())
