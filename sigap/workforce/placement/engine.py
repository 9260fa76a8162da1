"""Placement advisor (penasihat penempatan): which ASN should fill which vacancy.

Seed 003 asks for placement "by competency and education (an economics graduate to
finance)". For a set of vacancy slots (a position with formasi 3 and one holder has two
slots) and a set of candidate ASN, every (position, candidate) pair gets a **fit score**
in [0, 1], the weighted sum of five terms, each in [0, 1]:

``competency`` — Kecocokan kompetensi
    Mean over the position's required competencies (standar kompetensi jabatan) of
    ``min(assessed level / required level, 1)``; a competency never assessed counts 0.
    A position without a standard scores 1: nothing it asks for is missing.
``education`` — Relevansi pendidikan
    Of the candidate's highest education (level, then latest year):
    ``0.7 × field + 0.3 × level``. *field* is 1 when its study-field group is one of the
    position's relevant fields, 0.5 when it is a related group (``features.RELATED_FIELD_GROUPS``),
    0.25 for a general education ("umum": SMA/SMK, IPA, IPS), else 0; 1 for every field
    when the position names none. *level* is ``min(rank / expected rank, 1)`` against the
    level expected for the position type (``features.EXPECTED_EDUCATION``). No education on record
    scores 0.
``pangkat`` — Kelayakan pangkat
    1 when the current golongan is at least the position's minimum (or there is none),
    0.5 when it is exactly one step below (e.g. III/b for a III/c post, who can be
    promoted into it soon). Two or more steps below makes the pair **ineligible**: it is
    never scored nor recommended. PPPK have no golongan (rank 0), below every minimum.
``rotation`` — Jatuh tempo rotasi
    ``min(years in the current position / WorkforcePolicy.rotation_due_years, 1)``:
    someone due for rotation moves at no cost to continuity; someone who just moved
    does. No current position (e.g. a new appointee) scores 1.
``retirement`` — Jarak ke pensiun
    ``clip(years to retirement / rotation_due_years, 0, 1)``: a placement should be able
    to last one rotation period. The retirement date uses the BUP of the *target*
    position's type (PP 11/2017: first of the month after the BUP birthday). Someone
    already past it is ineligible.

A candidate is also ineligible for the position they already hold. The score is
``Σ weightᵢ × termᵢ`` with the weights (WorkforcePolicy.fit_weights, adjustable per run)
normalised to sum 1, so each recommendation's explanation adds up to its score.

The assignment maximises the total score over all slots (rows) and candidates
(columns), each candidate used at most once and each slot at most once; a slot with no
eligible candidate stays unfilled. The score matrix is built with NumPy by broadcasting
over whole position blocks (never per pair) from arrays loaded with a handful of bulk
queries. Small problems (at most ``DENSE_MAX_CELLS`` cells) are solved exactly with
``scipy.optimize.linear_sum_assignment`` on the dense matrix. Larger ones are solved with
``scipy.sparse.csgraph.min_weight_full_bipartite_matching`` on a CSR matrix holding only
eligible pairs, pruned to each slot's ``top_k`` best candidates plus the pairs the greedy
baseline chose: the result is exact when no slot had more than ``top_k`` eligible
candidates, and it is never below the greedy total (the greedy matching is a feasible
matching of the pruned graph). The greedy baseline — each slot in turn takes its best
remaining candidate — is computed in the same pass for comparison.

Not modelled: the vacancy a moved candidate leaves behind (chains of moves) — run the
advisor again for those positions.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, QuerySet
from django.utils.translation import gettext_lazy, gettext_noop
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from sigap.audit.events import acting, record
from sigap.platform.stored_text import join, message, number, text
from sigap.platform.transitions import transition
from sigap.tenancy.context import acting_for
from sigap.workforce import registry
from sigap.workforce.models import (
    Competency,
    Employee,
    PlacementRecommendation,
    PlacementRun,
    Position,
    PositionRequirement,
    WorkforcePolicy,
)
from sigap.workforce.moves import kind_of_move
from sigap.workforce.placement.explanations import (
    FIELD_VERDICTS,
    NO_GOLONGAN,
    render_terms,
    study_field,
)
from sigap.workforce.placement.features import (
    DAYS_PER_YEAR,
    EXPECTED_EDUCATION,
    FIELD_RELATED,
    FIELD_RELEVANT,
    CandidateFeatures,
    CandidateInfo,
    PositionFeatures,
    bup_rows,
    candidate_features,
    group_index,
    position_features,
)
from sigap.workforce.reference import (
    EDUCATION_LEVELS,
    EDUCATION_RANK,
    golongan_list,
    golongan_rank,
)

if TYPE_CHECKING:
    from sigap.accounts.models import User
    from sigap.tenancy.models import Agency, OrgUnit

# -- the rules' figures (documented above; change them here, with the docs) ---------------

TERMS: tuple[str, ...] = ("competency", "education", "pangkat", "rotation", "retirement")
# Marked, not translated: pages and the API translate them when shown.
TERM_LABELS: dict[str, str] = {
    "competency": gettext_noop("Kecocokan kompetensi"),
    "education": gettext_noop("Relevansi pendidikan"),
    "pangkat": gettext_noop("Kelayakan pangkat"),
    "rotation": gettext_noop("Jatuh tempo rotasi"),
    "retirement": gettext_noop("Jarak ke pensiun"),
}

NO_WEIGHT = gettext_lazy("Paling sedikit satu bobot harus lebih dari nol.")

EDUCATION_FIELD_SHARE = 0.7  # the rest of the education term is the level
PANGKAT_ONE_STEP_BELOW = 0.5
# The education sub-term's tables (FIELD_RELEVANT, RELATED_FIELD_GROUPS,
# EXPECTED_EDUCATION, ...) live with the features they build, in ``features.py``.
DENSE_MAX_CELLS = 1_000_000  # slots × candidates solved exactly on the dense matrix
DEFAULT_TOP_K = 200  # candidates kept per slot in the sparse graph (see bench.placement)
CHUNK_CELLS = 2_000_000  # score-matrix cells computed at a time (about 16 MB per array)

_EDUCATION_LABEL = dict(EDUCATION_LEVELS)
_GOLONGAN_BY_RANK = {g.rank: g.code for g in golongan_list()}


class AlreadyDecided(ValidationError):
    """A recommendation was accepted or rejected before: deciding twice is refused."""


# -- weights ------------------------------------------------------------------------------


def _weight_error(message: str, **params: object) -> ValidationError:
    # Lazy, with the term's label lazy too: read in the language of the page or API call.
    return ValidationError({"weights": ValidationError(message, params=params or None)})


def normalise_weights(weights: Mapping[str, Any]) -> dict[str, float]:
    """The five term weights scaled to sum 1 (missing terms weigh 0)."""
    unknown = sorted(set(weights) - set(TERMS))
    if unknown:
        raise _weight_error(
            gettext_lazy("Unsur bobot tidak dikenal: %(names)s."), names=", ".join(unknown)
        )
    values: dict[str, float] = {}
    for term in TERMS:
        label = gettext_lazy(TERM_LABELS[term])
        try:
            value = float(weights.get(term, 0) or 0)
        except (TypeError, ValueError):
            raise _weight_error(
                gettext_lazy("Bobot %(term)s harus berupa angka."), term=label
            ) from None
        if not np.isfinite(value) or value < 0:
            raise _weight_error(gettext_lazy("Bobot %(term)s tidak boleh negatif."), term=label)
        values[term] = value
    total = sum(values.values())
    if total <= 0:
        raise _weight_error(NO_WEIGHT)
    return {term: value / total for term, value in values.items()}


# -- features: one row per position / candidate ---------------------------------------------


class Scorer:
    """Fit scores of positions × candidates, a whole block of positions at a time.

    ``pair_terms`` is the reference: each term computed as documented, for chosen pairs
    (the explanations). ``block`` computes the same scores for every candidate at once,
    arranged for speed: every term that depends on the position only through a few
    attributes (minimum golongan, BUP, expected education) is precomputed, already
    weighted, into one small table with a row per distinct combination, so a block is a
    sparse × dense product (competencies), one column gather (study field) and one row
    gather (everything else) — no per-pair Python and no 3-D temporaries.
    """

    def __init__(
        self,
        positions: PositionFeatures,
        candidates: CandidateFeatures,
        weights: Mapping[str, float],
        *,
        rotation_due_years: float,
    ) -> None:
        self.positions = positions
        self.candidates = candidates
        self.weights = normalise_weights(weights)
        P, C, w = positions, candidates, self.weights
        due = max(float(rotation_due_years), 1e-9)
        self._n_required = (P.required > 0).sum(axis=1)
        self._expected = np.maximum(P.expected_education, 1).astype(np.float64)
        self._rotation = np.where(
            np.isnan(C.years_in_position), 1.0, np.minimum(C.years_in_position / due, 1.0)
        )
        self._retirement = np.clip(C.years_to_retirement / due, 0.0, 1.0)
        self._build_block_tables(P, C, w)

    def _build_block_tables(
        self, P: PositionFeatures, C: CandidateFeatures, w: dict[str, float]
    ) -> None:
        n_pos, n_comp = P.required.shape
        n_cand = len(C)
        # Competency: row (level − 1) × K + k of ``_ratio`` is min(assessed_k / level, 1);
        # the last row is all ones for positions without a standard (term 1).
        levels = C.levels.astype(np.float64)
        self._ratio = np.vstack(
            [np.minimum(levels / r, 1.0).T for r in range(1, 6)] + [np.ones((1, n_cand))]
        )
        pos_rows, comp_cols = np.nonzero(P.required)
        level_of = P.required[pos_rows, comp_cols].astype(np.int64)
        no_standard = np.flatnonzero(self._n_required == 0)
        self._competency_weights = csr_matrix(
            (
                np.concatenate(
                    [
                        np.full(len(pos_rows), w["competency"]) / self._n_required[pos_rows],
                        np.full(len(no_standard), w["competency"]),
                    ]
                ),
                (
                    np.concatenate([pos_rows, no_standard]),
                    np.concatenate(
                        [(level_of - 1) * n_comp + comp_cols, np.full(len(no_standard), 5 * n_comp)]
                    ),
                ),
            ),
            shape=(n_pos, 5 * n_comp + 1),
        )
        # Study field: the position's field sub-term per candidate group, weighted.
        self._field = w["education"] * EDUCATION_FIELD_SHARE * P.field_fit
        # One row per distinct (minimum golongan, BUP, expected education) of the positions.
        keys = np.stack([P.min_golongan, P.bup_index, P.expected_education], axis=1)
        combos, self._combo_of = np.unique(keys, axis=0, return_inverse=True)
        self._combo_of = self._combo_of.reshape(-1)
        table = np.empty((len(combos), n_cand))
        allowed = np.empty((len(combos), n_cand), dtype=bool)
        for i, (minimum, bup, expected) in enumerate(combos):
            gap = C.golongan - minimum
            pangkat = np.where(
                (minimum == 0) | (gap >= 0), 1.0, np.where(gap == -1, PANGKAT_ONE_STEP_BELOW, 0.0)
            )
            level = np.minimum(C.education / max(expected, 1), 1.0)
            table[i] = (
                w["education"] * (1 - EDUCATION_FIELD_SHARE) * level
                + w["pangkat"] * pangkat
                + w["rotation"] * self._rotation
                + w["retirement"] * self._retirement[bup]
            )
            allowed[i] = ((minimum == 0) | (gap >= -1)) & (C.years_to_retirement[bup] > 0)
        self._table, self._allowed = table, allowed
        # Candidates holding each position (ineligible for it).
        row_of = {int(pid): i for i, pid in enumerate(P.ids)}
        holders: dict[int, list[int]] = {}
        for c, pid in enumerate(C.current_position.tolist()):
            if pid in row_of:
                holders.setdefault(row_of[pid], []).append(c)
        self._holders = {p: np.array(cs, dtype=np.int64) for p, cs in holders.items()}

    def block(self, rows: np.ndarray) -> np.ndarray:
        """Scores of positions ``rows`` against every candidate: (len(rows), n_cand),
        ``-inf`` where the pair is ineligible or scores nothing."""
        rows = np.asarray(rows, dtype=np.int64)
        score = np.asarray(self._competency_weights[rows] @ self._ratio)
        score += np.take(self._field[rows], self.candidates.field_group, axis=1)
        combo = self._combo_of[rows]
        score += self._table[combo]
        eligible = self._allowed[combo]
        for i, p in enumerate(rows.tolist()):
            held = self._holders.get(p)
            if held is not None:
                eligible[i, held] = False
        eligible &= score > 0
        score[~eligible] = -np.inf
        return score

    def pair_terms(self, p: np.ndarray, c: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Term values of pairs (p[i], c[i]) as documented, and whether each is eligible."""
        P, C = self.positions, self.candidates
        p, c = np.asarray(p, dtype=np.int64), np.asarray(c, dtype=np.int64)
        required = P.required[p].astype(np.float64)
        levels = C.levels[c].astype(np.float64)
        ratio = np.where(required > 0, np.minimum(levels / np.maximum(required, 1), 1.0), 0.0)
        n_required = self._n_required[p]
        competency = np.where(n_required > 0, ratio.sum(axis=1) / np.maximum(n_required, 1), 1.0)
        field_part = P.field_fit[p, C.field_group[c]]
        level_part = np.minimum(C.education[c] / self._expected[p], 1.0)
        education = EDUCATION_FIELD_SHARE * field_part + (1 - EDUCATION_FIELD_SHARE) * level_part
        minimum = P.min_golongan[p]
        gap = C.golongan[c] - minimum
        no_minimum = minimum == 0
        pangkat = np.where(
            no_minimum | (gap >= 0), 1.0, np.where(gap == -1, PANGKAT_ONE_STEP_BELOW, 0.0)
        )
        years_left = C.years_to_retirement[P.bup_index[p], c]
        eligible = (
            (no_minimum | (gap >= -1)) & (years_left > 0) & (C.current_position[c] != P.ids[p])
        )
        terms = {
            "competency": competency,
            "education": education,
            "pangkat": pangkat,
            "rotation": self._rotation[c],
            "retirement": self._retirement[P.bup_index[p], c],
        }
        return terms, eligible

    def pair_scores(self, p: np.ndarray, c: np.ndarray) -> np.ndarray:
        terms, eligible = self.pair_terms(p, c)
        score = sum(self.weights[t] * terms[t] for t in TERMS)
        return np.where(eligible & (score > 0), score, -np.inf)


# -- solving ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Matching:
    rows: np.ndarray  # slot indices
    cols: np.ndarray  # candidate indices
    scores: np.ndarray

    @property
    def total(self) -> float:
        return float(self.scores.sum())

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class Solution:
    best: Matching
    greedy: Matching
    method: str  # "dense" or "sparse"
    edges: int  # eligible pairs the solver saw
    exact: bool  # provably optimal over all eligible pairs


def _empty_matching() -> Matching:
    return Matching(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))


def solve(
    score_rows: Callable[[np.ndarray], np.ndarray],
    n_rows: int,
    n_cols: int,
    *,
    method: str = "auto",
    top_k: int = DEFAULT_TOP_K,
    chunk_cells: int = CHUNK_CELLS,
) -> Solution:
    """Maximum-total-score matching of rows (slots) to columns (candidates).

    ``score_rows(rows)`` returns the scores of those rows against every column, ``-inf``
    for absent pairs. Rows are requested in order, in blocks of about ``chunk_cells``
    cells, so a large problem never holds the whole matrix (sparse method).
    """
    if method == "auto":
        method = "dense" if n_rows * n_cols <= DENSE_MAX_CELLS else "sparse"
    if method not in ("dense", "sparse"):
        raise ValueError(f"unknown method {method!r}")
    if n_rows == 0 or n_cols == 0:
        return Solution(_empty_matching(), _empty_matching(), method, 0, True)
    top_k = max(1, min(top_k, n_cols))
    dense = np.full((n_rows, n_cols), -np.inf) if method == "dense" else None
    taken = np.zeros(n_cols, dtype=bool)
    greedy: list[tuple[int, int, float]] = []
    edge_rows: list[np.ndarray] = []
    edge_cols: list[np.ndarray] = []
    edge_scores: list[np.ndarray] = []
    edges = 0
    pruned = False
    step = max(1, chunk_cells // n_cols)
    for start in range(0, n_rows, step):
        rows = np.arange(start, min(start + step, n_rows))
        block = score_rows(rows)
        per_row = np.isfinite(block).sum(axis=1)
        edges += int(per_row.sum())
        # Each row's top-K columns, best first (ties: lowest column), for the sparse graph
        # and for the greedy baseline's usual case.
        if top_k < n_cols:
            pruned = pruned or bool((per_row > top_k).any())
            idx = np.argpartition(block, n_cols - top_k, axis=1)[:, n_cols - top_k :]
        else:
            idx = np.broadcast_to(np.arange(n_cols), (len(rows), n_cols))
        values = np.take_along_axis(block, idx, axis=1)
        order = np.lexsort((idx, -values), axis=1)
        idx, values = np.take_along_axis(idx, order, 1), np.take_along_axis(values, order, 1)
        _greedy_rows(rows, block, idx, values, per_row, taken, greedy)
        if dense is not None:
            dense[rows] = block
            continue
        keep = np.isfinite(values)
        edge_rows.append(np.broadcast_to(rows[:, None], idx.shape)[keep])
        edge_cols.append(idx[keep])
        edge_scores.append(values[keep])
    greedy_matching = (
        Matching(*(np.array(x) for x in zip(*greedy, strict=True))) if greedy else _empty_matching()
    )
    if dense is not None:
        best = _solve_dense(dense)
        return Solution(best, greedy_matching, "dense", edges, True)
    best = _solve_sparse(
        np.concatenate([*edge_rows, greedy_matching.rows]).astype(np.int64),
        np.concatenate([*edge_cols, greedy_matching.cols]).astype(np.int64),
        np.concatenate([*edge_scores, greedy_matching.scores]),
        n_rows,
        n_cols,
    )
    return Solution(best, greedy_matching, "sparse", edges, not pruned)


def _greedy_rows(
    rows: np.ndarray,
    block: np.ndarray,
    top_idx: np.ndarray,
    top_values: np.ndarray,
    per_row: np.ndarray,
    taken: np.ndarray,
    out: list[tuple[int, int, float]],
) -> None:
    """Greedy baseline: each row in turn takes its best remaining column.

    The best untaken column among a row's top K (sorted) is its best untaken column
    overall; only when all of them are taken and the row has more eligible columns is the
    whole row scanned.
    """
    top_idx_list, top_values_list = top_idx.tolist(), top_values.tolist()
    for i, row in enumerate(rows.tolist()):
        chosen = None
        for j, value in zip(top_idx_list[i], top_values_list[i], strict=True):
            if value == -np.inf:
                break
            if not taken[j]:
                chosen = (j, value)
                break
        if chosen is None and per_row[i] > len(top_idx_list[i]):
            masked = np.where(taken, -np.inf, block[i])
            j = int(np.argmax(masked))
            if np.isfinite(masked[j]):
                chosen = (j, float(masked[j]))
        if chosen is not None:
            taken[chosen[0]] = True
            out.append((row, chosen[0], chosen[1]))


def _solve_dense(scores: np.ndarray) -> Matching:
    # Absent pairs weigh 0, the same as leaving the row unfilled: every partial matching of
    # eligible pairs extends to a full one of the complete matrix with zeros, so the
    # optimum over full matchings is the optimum over eligible ones; zeros are then dropped.
    finite = np.isfinite(scores)
    rows, cols = linear_sum_assignment(np.where(finite, scores, 0.0), maximize=True)
    keep = finite[rows, cols]
    rows, cols = rows[keep], cols[keep]
    return Matching(rows.astype(np.int64), cols.astype(np.int64), scores[rows, cols])


def _solve_sparse(
    rows: np.ndarray, cols: np.ndarray, scores: np.ndarray, n_rows: int, n_cols: int
) -> Matching:
    keys, first = np.unique(rows * n_cols + cols, return_index=True)
    rows, cols, scores = rows[first], cols[first], scores[first]
    if len(keys) == 0:
        return _empty_matching()
    # Each row also gets its own "unfilled" column so that a full matching always exists.
    # Weights are shifted by +1 (the solver needs non-zero weights): a real pair weighs
    # 1 + score > 1, unfilled weighs 1, and every row is matched exactly once, so the
    # maximum total weight is n_rows + the maximum total score.
    graph = csr_matrix(
        (
            np.concatenate([scores + 1.0, np.ones(n_rows)]),
            (
                np.concatenate([rows, np.arange(n_rows)]),
                np.concatenate([cols, n_cols + np.arange(n_rows)]),
            ),
        ),
        shape=(n_rows, n_cols + n_rows),
    )
    match_rows, match_cols = min_weight_full_bipartite_matching(graph, maximize=True)
    real = match_cols < n_cols
    match_rows, match_cols = match_rows[real].astype(np.int64), match_cols[real].astype(np.int64)
    found = np.searchsorted(keys, match_rows * n_cols + match_cols)
    return Matching(match_rows, match_cols, scores[found])


def solve_matrix(scores: np.ndarray, **kwargs: Any) -> Solution:
    """``solve`` for a score matrix in memory (``-inf`` = ineligible)."""
    scores = np.asarray(scores, dtype=np.float64)
    return solve(lambda rows: scores[rows], scores.shape[0], scores.shape[1], **kwargs)


def solve_features(scorer: Scorer, slot_positions: np.ndarray, **kwargs: Any) -> Solution:
    """``solve`` over vacancy slots (row i is a slot of position ``slot_positions[i]``)."""
    slot_positions = np.asarray(slot_positions, dtype=np.int64)
    return solve(
        lambda rows: scorer.block(slot_positions[rows]),
        len(slot_positions),
        len(scorer.candidates),
        **kwargs,
    )


# -- reading the registry --------------------------------------------------------------------


def vacancies(*, unit: OrgUnit | None = None, on: dt.date | None = None) -> QuerySet[Position]:
    """Active positions with fewer current holders (on ``on``, default today) than their
    formasi, annotated ``holders`` and ``vacant`` (formasi − holders). Call with the
    agency active."""
    qs = (
        Position.objects.filter(is_active=True)
        .annotate(
            holders=Count(
                "assignments", filter=registry.current_primary_filter(on, prefix="assignments__")
            )
        )
        .filter(holders__lt=F("formasi"))
        .annotate(vacant=F("formasi") - F("holders"))
        .select_related("unit")
        .order_by("unit__path", "title", "pk")
    )
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs


@dataclass
class Plan:
    """A solved placement, not yet saved: what ``run_placement`` records."""

    positions: list[Position]
    slot_positions: np.ndarray  # slot -> index into positions
    candidate_ids: np.ndarray
    scorer: Scorer
    solution: Solution
    competencies: list[Competency]
    candidate_info: dict[int, CandidateInfo]
    bups: list[int]
    on: dt.date
    rotation_due_years: int
    excluded_ids: list[int] = field(default_factory=list)


def _ids(items: Iterable[Any]) -> list[int]:
    return [int(getattr(item, "pk", item)) for item in items]


def _load_positions(
    position_ids: list[int], policy: WorkforcePolicy, on: dt.date
) -> tuple[list[Position], list[int], dict[int, int]]:
    found = {p.pk: p for p in vacancies(on=on).filter(pk__in=position_ids)}
    missing = [pid for pid in position_ids if pid not in found]
    if missing:
        titles = dict(Position.objects.filter(pk__in=missing).values_list("pk", "title"))
        names = ", ".join(titles.get(pid, f"#{pid}") for pid in missing)
        raise ValidationError(
            {"positions": f"Jabatan tidak ditemukan, tidak aktif, atau tidak lowong: {names}."}
        )
    positions = [found[pid] for pid in position_ids]
    bups, bup_index = bup_rows(positions, policy)
    return positions, bups, bup_index


def plan_placement(
    agency: Agency,
    *,
    positions: Iterable[Position | int],
    candidates: Iterable[Employee | int] | None = None,
    exclude: Iterable[Employee | int] = (),
    weights: Mapping[str, Any] | None = None,
    on: dt.date | None = None,
    method: str = "auto",
    top_k: int = DEFAULT_TOP_K,
) -> Plan:
    """Score and solve without writing anything. ``candidates=None``: every active ASN
    of the agency except ``exclude``."""
    on = on or agency.today()
    with acting_for(agency):
        policy = registry.policy_for(agency)
        used_weights = normalise_weights({**policy.fit_weights, **(weights or {})})
        position_ids = list(dict.fromkeys(_ids(positions)))
        if not position_ids:
            raise ValidationError({"positions": "Pilih paling sedikit satu jabatan lowong."})
        position_list, bups, bup_index = _load_positions(position_ids, policy, on)
        excluded = sorted(set(_ids(exclude)))
        qs = Employee.objects.filter(status=Employee.Status.ACTIVE)
        if candidates is not None:
            wanted = set(_ids(candidates))
            qs = qs.filter(pk__in=wanted)
            found = set(qs.values_list("pk", flat=True))
            if wanted - found:
                raise ValidationError(
                    {"candidates": "Sebagian kandidat tidak ditemukan atau tidak aktif."}
                )
        if excluded:
            qs = qs.exclude(pk__in=excluded)
        competency_ids = sorted(
            set(
                PositionRequirement.objects.filter(position_id__in=position_ids).values_list(
                    "competency_id", flat=True
                )
            )
        )
        competency_index = {cid: i for i, cid in enumerate(competency_ids)}
        competencies = list(Competency.objects.filter(pk__in=competency_ids).order_by("pk"))
        pos_features = position_features(position_list, competency_index, bup_index, policy)
        cand_features, info = candidate_features(qs, competency_index, bups, on)
    scorer = Scorer(
        pos_features, cand_features, used_weights, rotation_due_years=policy.rotation_due_years
    )
    slot_positions = np.repeat(
        np.arange(len(position_list)), [int(p.vacant) for p in position_list]
    )
    solution = solve_features(scorer, slot_positions, method=method, top_k=top_k)
    return Plan(
        positions=position_list,
        slot_positions=slot_positions,
        candidate_ids=cand_features.ids,
        scorer=scorer,
        solution=solution,
        competencies=competencies,
        candidate_info=info,
        bups=bups,
        on=on,
        rotation_due_years=policy.rotation_due_years,
        excluded_ids=excluded,
    )


# -- explaining a score -------------------------------------------------------------------


def _explain_competency(plan: Plan, p: int, c: int) -> dict[str, Any]:
    required = plan.scorer.positions.required[p]
    levels = plan.scorer.candidates.levels[c]
    wanted = [i for i in range(len(required)) if required[i]]
    if not wanted:
        return text("competency_none")
    below = [i for i in wanted if levels[i] < required[i]]
    met, total = len(wanted) - len(below), len(wanted)
    if not below:
        return text("competency_met", met=met, total=total)
    parts = [
        text(
            "competency_level" if levels[i] else "competency_unassessed",
            name=plan.competencies[i].name,
            level=int(levels[i]),
            required=int(required[i]),
        )
        for i in below[:5]
    ]
    if len(below) > 5:
        return text(
            "competency_below_more", met=met, total=total, below=join(parts), more=len(below) - 5
        )
    return text("competency_below", met=met, total=total, below=join(parts))


def _explain_education(plan: Plan, p: int, info: CandidateInfo) -> dict[str, Any]:
    position = plan.positions[p]
    expected = EXPECTED_EDUCATION.get(position.jabatan_type, "SMA")
    if info.education is None:
        return text("education_none")
    level, field_of_study, group = info.education
    fit = plan.scorer.positions.field_fit[p, group_index(group)]
    if not position.relevant_fields:
        verdict = "any"
    elif fit >= FIELD_RELEVANT:
        verdict = "relevant"
    elif fit >= FIELD_RELATED:
        verdict = "related"
    elif fit > 0:
        verdict = "general"
    else:
        verdict = "unrelated"
    level_met = EDUCATION_RANK.get(level, 0) >= EDUCATION_RANK[expected]
    # The level's label is stored as its msgid, not written now in the language of
    # whoever ran the placement: "S-1 Hukum" / "S-1 (bachelor's degree) Hukum".
    level_label = _EDUCATION_LABEL.get(level, level)
    name = (
        message("%(level)s %(field)s", {"level": level_label, "field": field_of_study})
        if field_of_study
        else level_label
    )
    return text(
        "education_level_met" if level_met else "education_level_below",
        name=name,
        group=study_field(group),
        verdict=FIELD_VERDICTS[verdict],
        expected=_EDUCATION_LABEL.get(expected, expected),
    )


def _explain_pangkat(plan: Plan, p: int, info: CandidateInfo) -> dict[str, Any]:
    minimum = plan.positions[p].min_golongan
    current = info.golongan or NO_GOLONGAN
    if not minimum:
        return text("pangkat_no_minimum", current=current)
    gap = golongan_rank(info.golongan) - golongan_rank(minimum)
    return text("pangkat_met" if gap >= 0 else "pangkat_below", current=current, minimum=minimum)


def _explain_rotation(plan: Plan, info: CandidateInfo) -> dict[str, Any]:
    if info.current_since is None:
        return text("rotation_none")
    years = max((plan.on - info.current_since).days, 0) / DAYS_PER_YEAR
    return text("rotation", years=number(round(years, 1), 1), due=plan.rotation_due_years)


def _explain_retirement(plan: Plan, p: int, c: int, info: CandidateInfo) -> dict[str, Any]:
    bup_row = int(plan.scorer.positions.bup_index[p])
    bup = plan.bups[bup_row]
    retire = Employee(birth_date=info.birth_date).retirement_date(bup)
    years = float(plan.scorer.candidates.years_to_retirement[bup_row, c])
    return text("retirement", date=retire, bup=bup, years=number(round(years, 1), 1))


def explain_all(plan: Plan, slots: np.ndarray, cands: np.ndarray) -> list[list[dict[str, Any]]]:
    """Each pair's score (slot ``slots[i]`` × candidate ``cands[i]``), term by term: the
    term, its value in [0, 1], its weight, its contribution (value × weight; the
    contributions add up to the score) and what it was computed from, as a code with
    parameters (``explanations.EXPLANATIONS``), written in the reader's language when
    shown (``explanations.render_terms``)."""
    slots, cands = np.asarray(slots, dtype=np.int64), np.asarray(cands, dtype=np.int64)
    pos = plan.slot_positions[slots]
    values, _ = plan.scorer.pair_terms(pos, cands)  # all pairs at once
    weights = plan.scorer.weights
    out = []
    for i, (p, c) in enumerate(zip(pos.tolist(), cands.tolist(), strict=True)):
        info = plan.candidate_info[int(plan.candidate_ids[c])]
        details = {
            "competency": _explain_competency(plan, p, c),
            "education": _explain_education(plan, p, info),
            "pangkat": _explain_pangkat(plan, p, info),
            "rotation": _explain_rotation(plan, info),
            "retirement": _explain_retirement(plan, p, c, info),
        }
        out.append(
            [
                {
                    "term": term,
                    "value": round(float(values[term][i]), 4),
                    "weight": round(weights[term], 4),
                    "contribution": round(float(values[term][i]) * weights[term], 4),
                    "detail": details[term],
                }
                for term in TERMS
            ]
        )
    return out


def explain(plan: Plan, slot: int, c: int) -> list[dict[str, Any]]:
    """The score of slot ``slot`` × candidate ``c``, term by term, for a reader: labels
    and details written in the active language."""
    return render_terms(explain_all(plan, np.array([slot]), np.array([c]))[0], TERM_LABELS)


# -- writes -------------------------------------------------------------------------------


def run_placement(
    agency: Agency,
    *,
    positions: Iterable[Position | int],
    candidates: Iterable[Employee | int] | None = None,
    exclude: Iterable[Employee | int] = (),
    weights: Mapping[str, Any] | None = None,
    by: User | None,
    on: dt.date | None = None,
    method: str = "auto",
    top_k: int = DEFAULT_TOP_K,
) -> PlacementRun:
    """Run the advisor over vacant ``positions`` and record the run with its
    recommendations. ``candidates=None``: every active ASN not in ``exclude``."""
    plan = plan_placement(
        agency,
        positions=positions,
        candidates=candidates,
        exclude=exclude,
        weights=weights,
        on=on,
        method=method,
        top_k=top_k,
    )
    return record_run(agency, plan, by=by)


@transaction.atomic
def record_run(agency: Agency, plan: Plan, *, by: User | None) -> PlacementRun:
    """Save a solved plan: the run and one recommendation per filled slot.

    Recommendations are bulk-created (a run can fill thousands of slots), so instead of
    one audit entry each the run gets one summary entry listing every recommended pair.
    ``position_ids`` holds one id per vacancy slot, so a position with two vacancies
    appears twice and the run page can tell what was left unfilled.
    """
    solution = plan.solution
    with acting_for(agency):
        run = PlacementRun.objects.create(
            agency=agency,
            weights=plan.scorer.weights,
            position_ids=[plan.positions[int(i)].pk for i in plan.slot_positions],
            excluded_employee_ids=plan.excluded_ids,
            total_fit=round(solution.best.total, 6),
            greedy_fit=round(solution.greedy.total, 6),
            created_by=by,
        )
        best = solution.best
        explanations = explain_all(plan, best.rows, best.cols)
        recommendations = [
            PlacementRecommendation(
                agency=agency,
                run=run,
                position=plan.positions[int(plan.slot_positions[slot])],
                employee_id=int(plan.candidate_ids[c]),
                score=round(float(score), 6),
                terms=terms,
            )
            for slot, c, score, terms in zip(
                best.rows, best.cols, best.scores, explanations, strict=True
            )
        ]
        PlacementRecommendation.objects.bulk_create(recommendations, batch_size=500)
        with acting(by):
            record(
                "penasihat penempatan",
                run,
                changes={
                    "recommendations": (
                        None,
                        [[r.position_id, r.employee_id, r.score] for r in recommendations],
                    ),
                    "method": (None, solution.method),
                },
            )
    return run


def placement_kind(employee: Employee, position: Position) -> str:
    """How accepting a recommendation is recorded: the one rule, ``moves.kind_of_move``."""
    current = registry.current_assignment(employee)
    unit_position = Position.objects.select_related("unit").get(pk=position.pk)
    return kind_of_move(current.position if current else None, unit_position)


def _locked_pending(rec: PlacementRecommendation) -> PlacementRecommendation:
    locked = (
        PlacementRecommendation.objects.select_for_update()
        .select_related("position", "position__unit", "employee", "run")
        .get(pk=rec.pk)
    )
    if locked.decision != PlacementRecommendation.Decision.PENDING:
        raise AlreadyDecided(
            gettext_lazy("Rekomendasi ini sudah diputuskan (%(decision)s)."),
            params={"decision": locked.get_decision_display().lower()},
        )
    return locked


@transaction.atomic
def accept_recommendation(
    rec: PlacementRecommendation,
    *,
    sk_number: str,
    sk_date: dt.date,
    starts_on: dt.date,
    by: User | None,
) -> PlacementRecommendation:
    """Record the move (with its SK, through ``registry.move_employee``) and mark the
    recommendation accepted. Atomic: either both happen or neither; a recommendation
    already decided is refused."""
    with acting_for(rec.agency), acting(by):
        locked = _locked_pending(rec)
        position, employee = locked.position, locked.employee
        if employee.status != Employee.Status.ACTIVE:
            raise ValidationError({"employee": gettext_lazy("ASN ini tidak lagi aktif.")})
        if not position.is_active:
            raise ValidationError({"position": gettext_lazy("Jabatan ini tidak lagi aktif.")})
        holders = registry.holders_of(position.pk, on=starts_on).count()
        if holders >= position.formasi:
            raise ValidationError(
                {
                    "position": gettext_lazy(
                        "Jabatan ini sudah terisi penuh sejak rekomendasi dibuat."
                    )
                }
            )
        assignment = registry.move_employee(
            employee,
            position=position,
            sk_number=sk_number,
            sk_date=sk_date,
            starts_on=starts_on,
            note_text=text("placement_advice", run_id=locked.run_id),
        )
        transition(
            locked,
            PlacementRecommendation.Decision.ACCEPTED,
            field_name="decision",
            details={"assignment_id": assignment.pk, "sk_number": assignment.sk_number},
            decided_by=by,
            assignment=assignment,
        )
        return locked


@transaction.atomic
def reject_recommendation(
    rec: PlacementRecommendation, *, reason: str, by: User | None
) -> PlacementRecommendation:
    with acting_for(rec.agency), acting(by):
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": gettext_lazy("Alasan penolakan wajib diisi.")})
        locked = _locked_pending(rec)
        transition(
            locked,
            PlacementRecommendation.Decision.REJECTED,
            field_name="decision",
            details={"reason": reason[:255]},
            reason=reason[:255],
            decided_by=by,
        )
        return locked


def unfilled_positions(run: PlacementRun) -> list[tuple[Position, int]]:
    """Positions of a run that kept open slots, with how many (slots minus recommended)."""
    slots = Counter(run.position_ids)
    filled = Counter(
        PlacementRecommendation.objects.filter(run=run).values_list("position_id", flat=True)
    )
    positions = Position.objects.select_related("unit").in_bulk(list(slots))
    return [
        (positions[pid], slots[pid] - filled[pid])
        for pid in slots
        if pid in positions and slots[pid] > filled[pid]
    ]
