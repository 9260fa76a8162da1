"""Placement advisor: scores computed by hand, optima known by hand, the solver never
below the greedy baseline, and accepting/rejecting a recommendation."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import OrgUnit
from sigap.workforce.models import (
    DEFAULT_FIT_WEIGHTS,
    Assignment,
    Employee,
    JabatanType,
    PlacementRecommendation,
)
from sigap.workforce.placement import engine as placement
from sigap.workforce.placement import features
from sigap.workforce.registry import records
from sigap.workforce.tests import factories as f

ON = dt.date(2026, 1, 1)
INF = np.inf


# -- the solver on score matrices ----------------------------------------------------------


def _check_matching(scores: np.ndarray, m: placement.Matching) -> None:
    assert len(set(m.rows.tolist())) == len(m.rows), "a slot filled twice"
    assert len(set(m.cols.tolist())) == len(m.cols), "a candidate placed twice"
    assert np.isfinite(scores[m.rows, m.cols]).all(), "an ineligible pair was recommended"
    np.testing.assert_allclose(m.scores, scores[m.rows, m.cols])


def _pairs_of(m: placement.Matching) -> list[tuple[int, int]]:
    return list(zip(m.rows.tolist(), m.cols.tolist(), strict=True))


def _brute_force_optimum(scores: np.ndarray) -> float:
    n, m = scores.shape
    best = 0.0
    # Every row picks a distinct column or none (None): all partial matchings.
    for choice in itertools.product([None, *range(m)], repeat=n):
        cols = [c for c in choice if c is not None]
        if len(cols) != len(set(cols)):
            continue
        values = [scores[r, c] for r, c in enumerate(choice) if c is not None]
        if all(np.isfinite(values)):
            best = max(best, float(sum(values)))
    return best


@pytest.mark.parametrize("method", ["dense", "sparse"])
def test_solver_finds_the_optimum_where_greedy_does_not(method):
    # Position 0 likes candidate 0 best (0.9), but candidate 0 is position 1's only good
    # match. Greedy: 0←c0 (0.9) then 1←c1 (0.2) = 1.1. Optimum: 0←c1 (0.8) + 1←c0 (0.85).
    scores = np.array([[0.9, 0.8, 0.1], [0.85, 0.2, 0.1]])
    solution = placement.solve_matrix(scores, method=method)
    assert sorted(_pairs_of(solution.best)) == [(0, 1), (1, 0)]
    assert solution.best.total == pytest.approx(1.65)
    assert list(_pairs_of(solution.greedy)) == [
        (0, 0),
        (1, 1),
    ]
    assert solution.greedy.total == pytest.approx(1.1)
    assert solution.exact


@pytest.mark.parametrize("method", ["dense", "sparse"])
def test_ineligible_pairs_are_never_recommended_and_their_slot_stays_unfilled(method):
    scores = np.array([[-INF, 0.3, -INF], [-INF, -INF, -INF], [0.2, 0.4, -INF]])
    solution = placement.solve_matrix(scores, method=method)
    _check_matching(scores, solution.best)
    assert dict(_pairs_of(solution.best)) == {0: 1, 2: 0}
    assert solution.best.total == pytest.approx(0.5)


@pytest.mark.parametrize("method", ["dense", "sparse"])
def test_more_positions_than_candidates_fills_the_best_ones(method):
    scores = np.array([[0.4], [0.9], [0.6]])
    solution = placement.solve_matrix(scores, method=method)
    assert solution.best.rows.tolist() == [1] and solution.best.total == pytest.approx(0.9)


def test_pruned_sparse_graph_is_reported_inexact_but_never_below_greedy():
    scores = np.array([[0.9, 0.8, 0.1], [0.85, 0.2, 0.1]])
    solution = placement.solve_matrix(scores, method="sparse", top_k=1)
    assert not solution.exact
    assert solution.best.total >= solution.greedy.total - 1e-12


@st.composite
def score_matrices(draw) -> np.ndarray:
    n = draw(st.integers(1, 5))
    m = draw(st.integers(1, 5))
    values = draw(arrays(np.float64, (n, m), elements=st.floats(0.01, 1.0)))
    eligible = draw(arrays(np.bool_, (n, m)))
    return np.where(eligible, values, -INF)


@settings(max_examples=100, deadline=None)
@given(scores=score_matrices(), top_k=st.integers(1, 5))
def test_solver_is_a_valid_matching_at_least_as_good_as_greedy(scores, top_k):
    optimum = _brute_force_optimum(scores)
    dense = placement.solve_matrix(scores, method="dense")
    sparse = placement.solve_matrix(scores, method="sparse", top_k=scores.shape[1])
    pruned = placement.solve_matrix(scores, method="sparse", top_k=top_k)
    for solution in (dense, sparse, pruned):
        _check_matching(scores, solution.best)
        _check_matching(scores, solution.greedy)
        assert solution.best.total >= solution.greedy.total - 1e-9
    assert dense.best.total == pytest.approx(optimum)
    assert sparse.best.total == pytest.approx(optimum)
    if pruned.exact:
        assert pruned.best.total == pytest.approx(optimum)


def test_blocks_of_rows_give_the_same_answer_as_the_whole_matrix():
    rng = np.random.default_rng(7)
    scores = np.where(rng.random((30, 40)) < 0.5, rng.random((30, 40)), -INF)
    whole = placement.solve_matrix(scores, method="sparse", top_k=40)
    chunked = placement.solve_matrix(scores, method="sparse", top_k=40, chunk_cells=80)
    assert chunked.best.total == pytest.approx(whole.best.total)
    assert chunked.greedy.total == pytest.approx(whole.greedy.total)


def _random_features(rng: np.random.Generator, n_pos: int, n_cand: int):
    k = 6
    positions = placement.PositionFeatures(
        ids=np.arange(1, n_pos + 1, dtype=np.int64),
        required=np.where(rng.random((n_pos, k)) < 0.4, rng.integers(1, 6, (n_pos, k)), 0).astype(
            np.uint8
        ),
        field_fit=np.array(
            [
                features.field_fit_row(rng.choice(features.FIELD_GROUPS, rng.integers(0, 3)))
                for _ in range(n_pos)
            ]
        ),
        expected_education=rng.choice([3, 6, 8], n_pos),
        min_golongan=rng.choice([0, 5, 9, 10, 11, 13], n_pos),
        bup_index=rng.integers(0, 2, n_pos),
    )
    years_in_position = rng.exponential(4, n_cand)
    years_in_position[rng.random(n_cand) < 0.2] = np.nan
    candidates = placement.CandidateFeatures(
        ids=np.arange(100, 100 + n_cand, dtype=np.int64),
        levels=rng.integers(0, 6, (n_cand, k)).astype(np.uint8),
        field_group=rng.integers(0, features.NO_EDUCATION + 1, n_cand),
        education=rng.choice([0, 3, 6, 8, 9], n_cand),
        golongan=rng.integers(0, 18, n_cand),
        years_in_position=years_in_position,
        years_to_retirement=rng.uniform(-2, 30, (2, n_cand)),
        current_position=rng.integers(0, n_pos + 3, n_cand),
    )
    return positions, candidates


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_block_scores_equal_the_documented_pairwise_terms(seed):
    rng = np.random.default_rng(seed)
    positions, candidates = _random_features(rng, 25, 60)
    weights = dict(zip(placement.TERMS, rng.random(5), strict=True))
    scorer = placement.Scorer(positions, candidates, weights, rotation_due_years=4)
    block = scorer.block(np.arange(25))
    p, c = np.meshgrid(np.arange(25), np.arange(60), indexing="ij")
    pairwise = scorer.pair_scores(p.ravel(), c.ravel()).reshape(25, 60)
    np.testing.assert_allclose(block, pairwise, rtol=1e-12, atol=1e-12)
    assert np.isneginf(block).any() and np.isfinite(block).any()


def test_weights_must_be_known_non_negative_and_not_all_zero():
    assert placement.normalise_weights({"competency": 3, "education": 1}) == {
        "competency": 0.75,
        "education": 0.25,
        "pangkat": 0.0,
        "rotation": 0.0,
        "retirement": 0.0,
    }
    for bad in ({"luck": 1}, {"competency": -1}, {"competency": 0}, {"competency": "banyak"}):
        with pytest.raises(ValidationError):
            placement.normalise_weights(bad)


@pytest.mark.parametrize(
    ("bad", "indonesian", "english"),
    [
        ({"luck": 1}, "Unsur bobot tidak dikenal: luck.", "Unknown weight terms: luck."),
        (
            {"competency": -1},
            "Bobot Kecocokan kompetensi tidak boleh negatif.",
            "The weight of Competency fit cannot be negative.",
        ),
        (
            {"education": "banyak"},
            "Bobot Relevansi pendidikan harus berupa angka.",
            "The weight of Education relevance must be a number.",
        ),
        ({"competency": 0}, "Paling sedikit satu bobot", "At least one weight must be more"),
    ],
)
def test_weight_errors_are_written_in_the_readers_language(bad, indonesian, english):
    # Issue 8, item 10: the same error reads in Indonesian or in English where it is shown.
    with pytest.raises(ValidationError) as caught:
        placement.normalise_weights(bad)
    with translation.override("id"):
        assert caught.value.message_dict["weights"][0].startswith(indonesian)
    with translation.override("en"):
        assert caught.value.message_dict["weights"][0].startswith(english)


# -- the registry: scores from records --------------------------------------------------------


class World:
    """A small pemda: two OPDs, competencies, positions and ASN built through records."""

    def __init__(self, agency, opd) -> None:
        self.agency = agency
        self.opd = opd
        self.bidang = org.create_unit(
            agency, kind=OrgUnit.Kind.BIDANG, name="Bidang Anggaran", code="ANG", parent=opd
        )
        self.bkd = org.create_unit(
            agency, kind=OrgUnit.Kind.OPD, name="Badan Keuangan Daerah", code="BKD"
        )
        self.keu = f.competency(agency, "TK-KEUANGAN", "Pengelolaan Keuangan Daerah")
        self.hukum = f.competency(agency, "TK-HUKUM", "Penyusunan Produk Hukum")
        self.integritas = f.competency(agency, "MNJ-INTEGRITAS", "Integritas", "manajerial")
        self.clerk = self.position(
            "ADM", "Pengadministrasi Umum", JabatanType.PELAKSANA, formasi=10
        )
        self._seq = 0

    def position(self, code, title, jabatan_type=JabatanType.FUNGSIONAL, *, unit=None, **kw):
        return records.create_position(
            self.agency,
            unit=unit or self.bidang,
            code=code,
            title=title,
            jabatan_type=jabatan_type,
            **kw,
        )

    def asn(
        self,
        name,
        *,
        birth=dt.date(1985, 3, 12),
        gender="L",
        golongan="III/c",
        education=("S1", "Akuntansi"),
        levels=None,
        position="clerk",
        since=dt.date(2015, 1, 1),
    ) -> Employee:
        self._seq += 1
        return f.asn(
            self.agency,
            name,
            birth=birth,
            gender=gender,
            seq=self._seq,
            golongan=golongan,
            education=education,
            levels=levels,
            post=None if position is None else self.clerk if position == "clerk" else position,
            since=since,
        )


@pytest.fixture
def world(agency, opd) -> World:
    return World(agency, opd)


def _pairs(run) -> set[tuple[str, str]]:
    with activate(run.agency):
        return {
            (r.position.code, r.employee.full_name)
            for r in run.recommendations.select_related("position", "employee")
        }


def test_score_follows_the_documented_terms(world):
    finance = world.position(
        "KEU",
        "Analis Keuangan",
        min_golongan="III/c",
        relevant_fields=["ekonomi"],
        requirements={world.keu: 4, world.integritas: 2},
    )
    siti = world.asn(
        "Siti Aminah",
        birth=dt.date(1990, 5, 17),
        gender="P",
        golongan="III/b",  # one step below III/c → 0.5
        education=("S1", "Manajemen"),  # related to ekonomi → field 0.5, level S-1 → 1
        levels={world.keu: 2, world.integritas: 3},  # (2/4 + min(3/2, 1)) / 2 = 0.75
        since=dt.date(2023, 7, 1),
    )
    plan = placement.plan_placement(world.agency, positions=[finance], candidates=[siti], on=ON)
    terms, eligible = plan.scorer.pair_terms(np.array([0]), np.array([0]))
    rotation = (ON - dt.date(2023, 7, 1)).days / 365.25 / 5  # 2.5 of 5 years
    assert eligible[0]
    assert terms["competency"][0] == pytest.approx(0.75)
    assert terms["education"][0] == pytest.approx(0.7 * 0.5 + 0.3 * 1)
    assert terms["pangkat"][0] == pytest.approx(0.5)
    assert terms["rotation"][0] == pytest.approx(rotation)
    assert terms["retirement"][0] == 1.0  # retires June 2048, far beyond one rotation period
    expected = 0.4 * 0.75 + 0.2 * 0.65 + 0.15 * 0.5 + 0.1 * rotation + 0.15 * 1
    assert plan.solution.best.total == pytest.approx(expected)
    assert plan.scorer.block(np.array([0]))[0, 0] == pytest.approx(expected)

    explanation = placement.explain(plan, 0, 0)
    assert [t["label"] for t in explanation] == [
        "Kecocokan kompetensi",
        "Relevansi pendidikan",
        "Kelayakan pangkat",
        "Jatuh tempo rotasi",
        "Jarak ke pensiun",
    ]
    assert sum(t["contribution"] for t in explanation) == pytest.approx(expected, abs=1e-3)
    details = {t["term"]: t["detail"] for t in explanation}
    assert details["competency"] == (
        "Memenuhi 1 dari 2 standar kompetensi; di bawah standar: Pengelolaan Keuangan Daerah 2 dari 4."
    )
    assert "bidang studi berkaitan" in details["education"]
    assert details["pangkat"] == "III/b; minimal III/c: satu tingkat di bawah."
    assert details["retirement"].startswith("Pensiun 1 Juni 2048 (BUP 58 tahun)")


def test_an_economics_graduate_goes_to_finance_and_a_lawyer_to_legal(world):
    finance = world.position("KEU", "Analis Keuangan", relevant_fields=["ekonomi"])
    legal = world.position("HKM", "Perancang Peraturan", relevant_fields=["hukum"])
    world.asn("Andi", education=("S1", "Ilmu Hukum"))
    world.asn("Budi", education=("S1", "Akuntansi"))
    run = placement.run_placement(world.agency, positions=[finance, legal], by=None, on=ON)
    assert _pairs(run) == {("KEU", "Budi"), ("HKM", "Andi")}


def test_the_optimum_beats_greedy_on_records_too(world):
    # Competency only. A needs keuangan 3, B needs hukum 3. X has both, Y keuangan 2,
    # Z hukum 1. Greedy: A←X (1) then B←Z (1/3). Optimum: A←Y (2/3) + B←X (1).
    a = world.position("A", "Analis Anggaran", requirements={world.keu: 3})
    b = world.position("B", "Analis Hukum", requirements={world.hukum: 3})
    world.asn("X", levels={world.keu: 3, world.hukum: 3})
    world.asn("Y", levels={world.keu: 2})
    world.asn("Z", levels={world.hukum: 1})
    run = placement.run_placement(
        world.agency,
        positions=[a, b],
        weights={"competency": 1, "education": 0, "pangkat": 0, "rotation": 0, "retirement": 0},
        by=None,
        on=ON,
    )
    assert _pairs(run) == {("A", "Y"), ("B", "X")}
    assert run.total_fit == pytest.approx(2 / 3 + 1)
    assert run.greedy_fit == pytest.approx(1 + 1 / 3)


def test_weights_change_the_outcome(world):
    finance = world.position(
        "KEU", "Analis Keuangan", relevant_fields=["ekonomi"], requirements={world.keu: 3}
    )
    world.asn("Xena", education=("S1", "Ilmu Hukum"), levels={world.keu: 3})
    world.asn("Yusuf", education=("S1", "Akuntansi"), levels={world.keu: 1})
    by_competency = placement.run_placement(
        world.agency,
        positions=[finance],
        weights={"competency": 1, "education": 0, "pangkat": 0, "rotation": 0, "retirement": 0},
        by=None,
        on=ON,
    )
    by_education = placement.run_placement(
        world.agency,
        positions=[finance],
        weights={"competency": 0, "education": 1, "pangkat": 0, "rotation": 0, "retirement": 0},
        by=None,
        on=ON,
    )
    assert _pairs(by_competency) == {("KEU", "Xena")}
    assert _pairs(by_education) == {("KEU", "Yusuf")}


def test_ineligible_people_are_never_recommended(world):
    senior = world.position("SR", "Analis Madya", min_golongan="IV/a", formasi=2)
    world.asn("Dua Tingkat", golongan="III/c")  # rank 11 vs 13: two steps below
    world.asn("Sudah Pensiun", birth=dt.date(1966, 1, 10), golongan="IV/b")  # BUP 58: Feb 2024
    holder = world.asn("Pemangku", golongan="IV/b", position=senior)  # already holds it
    excluded = world.asn("Tugas Belajar", golongan="IV/b")
    run = placement.run_placement(
        world.agency, positions=[senior], exclude=[excluded], by=None, on=ON
    )
    assert _pairs(run) == set()
    assert run.excluded_employee_ids == [excluded.pk]
    assert run.position_ids == [senior.pk]  # formasi 2, one holder: one slot
    with activate(world.agency):
        assert [(p.code, n) for p, n in placement.unfilled_positions(run)] == [("SR", 1)]

    world.asn("Satu Tingkat", golongan="III/d")  # one step below: eligible, pangkat 0.5
    run = placement.run_placement(
        world.agency, positions=[senior], exclude=[excluded], by=None, on=ON
    )
    assert _pairs(run) == {("SR", "Satu Tingkat")}
    with activate(world.agency):
        rec = run.recommendations.get()
    assert rec.employee_id != holder.pk
    assert {t["term"]: t["value"] for t in rec.terms}["pangkat"] == 0.5


def test_every_vacancy_slot_can_be_filled_and_surplus_slots_stay_open(world):
    team = world.position("TIM", "Pranata Komputer", formasi=3)
    world.asn("Satu")
    world.asn("Dua")
    with activate(world.agency):
        vacancy = placement.vacancies().get(pk=team.pk)
    assert (vacancy.holders, vacancy.vacant) == (0, 3)
    run = placement.run_placement(world.agency, positions=[team], by=None, on=ON)
    assert _pairs(run) == {("TIM", "Satu"), ("TIM", "Dua")}
    with activate(world.agency):
        assert [(p.code, n) for p, n in placement.unfilled_positions(run)] == [("TIM", 1)]


def test_a_position_without_vacancy_is_refused(world):
    full = world.position("PENUH", "Analis Penuh")
    world.asn("Pemegang", position=full)
    with pytest.raises(ValidationError) as exc:
        placement.run_placement(world.agency, positions=[full], by=None, on=ON)
    assert "tidak lowong" in str(exc.value)
    with activate(world.agency):
        assert not placement.vacancies().filter(pk=full.pk).exists()


def test_reading_candidates_takes_the_same_queries_for_few_or_many(world):
    finance = world.position("KEU", "Analis Keuangan", requirements={world.keu: 3})

    def queries_for_run() -> int:
        with CaptureQueriesContext(connection) as ctx:
            placement.plan_placement(world.agency, positions=[finance], on=ON)
        return len(ctx.captured_queries)

    world.asn("A", levels={world.keu: 2})
    queries_for_run()  # the first run also creates the agency's policy
    few = queries_for_run()
    for i in range(6):
        world.asn(f"B{i}", levels={world.keu: 3, world.hukum: 1})
    assert queries_for_run() == few


# -- decisions --------------------------------------------------------------------------------


def single_recommendation(world, position, **kwargs) -> PlacementRecommendation:
    run = placement.run_placement(world.agency, positions=[position], by=None, on=ON, **kwargs)
    with activate(world.agency):
        return run.recommendations.select_related("position", "employee").get()


def test_accept_records_the_move_with_its_sk_and_closes_the_previous_one(world, hr):
    finance = world.position("KEU", "Analis Keuangan")  # same OPD as the clerk post
    budi = world.asn("Budi", since=dt.date(2015, 1, 1))
    rec = single_recommendation(world, finance)
    accepted = placement.accept_recommendation(
        rec,
        sk_number="821.2/17/BKPSDM/2026",
        sk_date=dt.date(2026, 1, 20),
        starts_on=dt.date(2026, 2, 1),
        by=hr,
    )
    assert accepted.decision == PlacementRecommendation.Decision.ACCEPTED
    assert accepted.decided_by == hr and accepted.decided_at is not None
    with activate(world.agency):
        moves = list(Assignment.objects.filter(employee=budi).order_by("starts_on"))
    assert [(a.position.code, a.kind, a.ends_on) for a in moves] == [
        ("ADM", Assignment.Kind.APPOINTMENT, dt.date(2026, 1, 31)),
        ("KEU", Assignment.Kind.ROTATION, None),
    ]
    assert moves[1].sk_number == "821.2/17/BKPSDM/2026" and accepted.assignment == moves[1]

    with pytest.raises(placement.AlreadyDecided):
        placement.accept_recommendation(
            rec,
            sk_number="lagi",
            sk_date=dt.date(2026, 1, 21),
            starts_on=dt.date(2026, 3, 1),
            by=hr,
        )
    with activate(world.agency):
        assert Assignment.objects.filter(employee=budi).count() == 2


def test_accept_is_all_or_nothing(world, hr):
    finance = world.position("KEU", "Analis Keuangan")
    world.asn("Budi", since=dt.date(2015, 1, 1))
    rec = single_recommendation(world, finance)
    with pytest.raises(ValidationError):  # starts before the current post: refused
        placement.accept_recommendation(
            rec, sk_number="1", sk_date=dt.date(2014, 1, 1), starts_on=dt.date(2014, 1, 1), by=hr
        )
    with activate(world.agency):
        rec.refresh_from_db()
        assert rec.decision == PlacementRecommendation.Decision.PENDING
        assert not Assignment.objects.filter(position=finance).exists()


def test_accept_is_refused_once_the_position_has_been_filled(world, hr):
    finance = world.position("KEU", "Analis Keuangan")
    world.asn("Budi")
    rec = single_recommendation(world, finance)
    world.asn("Lebih Dulu", position=finance, since=dt.date(2026, 1, 2))
    with pytest.raises(ValidationError) as exc:
        placement.accept_recommendation(
            rec, sk_number="1", sk_date=dt.date(2026, 1, 5), starts_on=dt.date(2026, 2, 1), by=hr
        )
    assert "terisi penuh" in str(exc.value)


def test_reject_needs_a_reason_and_closes_the_recommendation(world, hr):
    finance = world.position("KEU", "Analis Keuangan")
    world.asn("Budi")
    rec = single_recommendation(world, finance)
    for blank in ("", "   "):
        with pytest.raises(ValidationError) as exc:
            placement.reject_recommendation(rec, reason=blank, by=hr)
        assert "reason" in exc.value.message_dict
    rejected = placement.reject_recommendation(rec, reason="Sedang tugas belajar", by=hr)
    assert (rejected.decision, rejected.reason) == ("rejected", "Sedang tugas belajar")
    with pytest.raises(placement.AlreadyDecided):
        placement.accept_recommendation(
            rec, sk_number="1", sk_date=dt.date(2026, 1, 5), starts_on=dt.date(2026, 2, 1), by=hr
        )


def test_the_kind_of_move_follows_type_and_opd(world):
    same_opd = world.position("F1", "Analis", JabatanType.FUNGSIONAL)
    other_opd = world.position("F2", "Analis BKD", JabatanType.FUNGSIONAL, unit=world.bkd)
    head = world.position("KS", "Kepala Subbagian", JabatanType.PENGAWAS, unit=world.bkd)
    clerk_holder = world.asn("Pelaksana")
    newcomer = world.asn("Baru", position=None)
    with activate(world.agency):
        assert placement.placement_kind(clerk_holder, same_opd) == Assignment.Kind.ROTATION
        assert placement.placement_kind(clerk_holder, other_opd) == Assignment.Kind.MUTATION
        assert placement.placement_kind(clerk_holder, head) == Assignment.Kind.PROMOTION
        assert placement.placement_kind(newcomer, same_opd) == Assignment.Kind.APPOINTMENT


def test_a_run_is_audited_with_its_recommendations(world):
    from auditlog.models import LogEntry

    finance = world.position("KEU", "Analis Keuangan")
    budi = world.asn("Budi")
    run = placement.run_placement(world.agency, positions=[finance], by=None, on=ON)
    entries = LogEntry.objects.filter(
        content_type__model="placementrun", object_id=run.pk
    ).order_by("pk")
    summary = entries.last()
    assert summary.additional_data["agency_id"] == world.agency.pk
    assert [finance.pk, budi.pk] == summary.changes_dict["recommendations"][1][0][:2]


# -- pages ------------------------------------------------------------------------------------


def test_hr_runs_the_advisor_and_reads_the_explanation(world, hr, login):
    finance = world.position("KEU", "Analis Keuangan", relevant_fields=["ekonomi"])
    world.asn("Budi Santoso", education=("S1", "Akuntansi"))
    excluded = world.asn("Citra Lestari", education=("S1", "Akuntansi"))
    client = login(hr)
    page = client.get("/kerja/penempatan/")
    assert page.status_code == 200 and "Analis Keuangan" in page.content.decode()
    data = {"positions": [finance.pk], "exclude_nips": excluded.nip}
    for term, weight in DEFAULT_FIT_WEIGHTS.items():
        data[f"w_{term}"] = weight * 100
    response = client.post("/kerja/penempatan/", data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Budi Santoso" in page and "Citra Lestari" not in page
    assert "Kecocokan kompetensi" in page and "Relevansi pendidikan" in page


def test_a_run_needs_a_position(world, hr, login):
    response = login(hr).post("/kerja/penempatan/", {f"w_{t}": 20 for t in placement.TERMS})
    assert response.status_code == 200
    assert "Pilih paling sedikit satu jabatan lowong." in response.content.decode()


def test_hr_accepts_and_rejects_through_htmx_partials(world, hr, login):
    finance = world.position("KEU", "Analis Keuangan")
    legal = world.position("HKM", "Analis Hukum")
    world.asn("Budi")
    world.asn("Andi")
    run = placement.run_placement(world.agency, positions=[finance, legal], by=None, on=ON)
    with activate(world.agency):
        first, second = run.recommendations.order_by("pk")
    client = login(hr)
    htmx = {"HTTP_HX_REQUEST": "true"}
    response = client.post(
        f"/kerja/penempatan/rekomendasi/{first.pk}/terima/",
        {"sk_number": "821/5/2026", "sk_date": "2026-01-20", "starts_on": "2026-02-01"},
        **htmx,
    )
    body = response.content.decode()
    assert response.status_code == 200 and f'id="rek-{first.pk}"' in body
    assert "Diterima" in body and "821/5/2026" in body and "<html" not in body

    response = client.post(
        f"/kerja/penempatan/rekomendasi/{second.pk}/tolak/", {"reason": ""}, **htmx
    )
    assert response.status_code == 200 and "wajib" in response.content.decode().lower()
    with activate(world.agency):
        second.refresh_from_db()
        assert second.decision == "pending"
    response = client.post(
        f"/kerja/penempatan/rekomendasi/{second.pk}/tolak/", {"reason": "Masih dibutuhkan"}
    )
    assert response.status_code == 302
    page = client.get(f"/kerja/penempatan/{run.pk}/").content.decode()
    assert "Masih dibutuhkan" in page


def test_without_htmx_a_refused_accept_shows_the_recommendation_with_its_error(world, hr, login):
    finance = world.position("KEU", "Analis Keuangan")
    world.asn("Budi", since=dt.date(2015, 1, 1))
    rec = single_recommendation(world, finance)
    response = login(hr).post(
        f"/kerja/penempatan/rekomendasi/{rec.pk}/terima/",
        {"sk_number": "821/1/2014", "sk_date": "2014-01-01", "starts_on": "2014-01-01"},
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "Tanggal mulai harus setelah jabatan saat ini dimulai." in body
    assert f'id="rek-{rec.pk}"' in body and "<html" in body


# -- API --------------------------------------------------------------------------------------


def test_api_runs_reads_accepts_once_and_rejects_with_a_reason(world, hr, login):
    finance = world.position("KEU", "Analis Keuangan")
    legal = world.position("HKM", "Analis Hukum")
    world.asn("Budi")
    world.asn("Andi")
    client = login(hr)
    created = client.post(
        "/api/v1/placement-runs",
        {"position_ids": [finance.pk, legal.pk], "weights": {"competency": 2}},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert len(body["recommendations"]) == 2 and body["total_fit"] >= body["greedy_fit"]
    assert [t["label"] for t in body["recommendations"][0]["terms"]][0] == "Kecocokan kompetensi"
    assert client.get(f"/api/v1/placement-runs/{body['id']}").json() == body

    first, second = (r["id"] for r in body["recommendations"])
    accept = {"sk_number": "821/9/2026", "sk_date": "2026-01-20", "starts_on": "2026-02-01"}
    url = f"/api/v1/placement-recommendations/{first}/accept"
    response = client.post(url, accept, content_type="application/json")
    assert response.status_code == 200 and response.json()["assignment_id"]
    again = client.post(url, accept, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "conflict"

    reject = f"/api/v1/placement-recommendations/{second}/reject"
    blank = client.post(reject, {"reason": " "}, content_type="application/json")
    assert blank.status_code == 422 and blank.json()["errors"][0]["field"] == "reason"
    done = client.post(reject, {"reason": "Tidak bersedia"}, content_type="application/json")
    assert done.json()["decision"] == "rejected"
