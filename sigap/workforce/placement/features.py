"""What the placement advisor scores, loaded in bulk: one row of features per position
and per candidate. The advisor (``placement``) and the continuity report
(``continuity.best_internal_fit``) both read candidates through here, so "the best
internal candidate" means the same thing in both.

Candidates are read with one query per table (not per-person subqueries): a province has
60,000 of them. Their current position is the one in force on the day of the run
(``registry.current_primary_filter``); years to retirement come from ``retirement``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from django.db.models import QuerySet

from sigap.workforce import retirement
from sigap.workforce.models import (
    CompetencyAssessment,
    Education,
    Employee,
    JabatanType,
    Position,
    PositionRequirement,
    RankHistory,
)
from sigap.workforce.reference import EDUCATION_RANK, golongan_rank, study_field_groups
from sigap.workforce.registry import current_primaries, fetch_rows

if TYPE_CHECKING:
    from sigap.workforce.models import WorkforcePolicy

DAYS_PER_YEAR = retirement.DAYS_PER_YEAR

# -- the education sub-term's tables (documented in placement's docstring) ----------------

FIELD_RELEVANT = 1.0
FIELD_RELATED = 0.5
FIELD_GENERAL = 0.25  # "umum": SMA/SMK, IPA, IPS — no specialisation, nothing wrong either
GENERAL_GROUP = "umum"

# Study-field groups close enough that a graduate of one can serve a post asking for the
# other after some training (symmetric; the groups come from data/study_fields.csv).
RELATED_FIELD_GROUPS: dict[str, frozenset[str]] = {
    "ekonomi": frozenset({"manajemen"}),
    "manajemen": frozenset({"ekonomi", "hukum", "sosial"}),
    "hukum": frozenset({"manajemen"}),
    "sosial": frozenset({"manajemen", "pendidikan"}),
    "pendidikan": frozenset({"sosial"}),
    "informatika": frozenset({"teknik_sipil"}),
    "teknik_sipil": frozenset({"informatika", "pertanian"}),
    "pertanian": frozenset({"teknik_sipil"}),
    "kesehatan": frozenset(),
}

# Lowest education usually required per position type (UU 20/2023 and its implementing
# rules: JPT and Administrator S-1/D-IV, Pengawas D-III, Pelaksana SMA; Fungsional taken
# at the "keahlian" level, S-1). Unconfirmed for every pemda: a simplification.
EXPECTED_EDUCATION: dict[str, str] = {
    JabatanType.JPT_UTAMA: "S1",
    JabatanType.JPT_MADYA: "S1",
    JabatanType.JPT_PRATAMA: "S1",
    JabatanType.ADMINISTRATOR: "S1",
    JabatanType.PENGAWAS: "D3",
    JabatanType.FUNGSIONAL: "S1",
    JabatanType.PELAKSANA: "SMA",
}


FIELD_GROUPS: tuple[str, ...] = tuple(g.group for g in study_field_groups())
NO_EDUCATION = len(FIELD_GROUPS)  # column of the field table for "no education on record"
_GROUP_INDEX = {g: i for i, g in enumerate(FIELD_GROUPS)}


def group_index(group: str) -> int:
    """Column of a study-field group; an unknown group counts as general education."""
    return _GROUP_INDEX.get(group, _GROUP_INDEX.get(GENERAL_GROUP, 0))


@dataclass
class PositionFeatures:
    """What the score needs to know about each position, as arrays (n_pos rows)."""

    ids: np.ndarray  # int64
    required: np.ndarray  # uint8 (n_pos, K): required level per competency, 0 = not required
    field_fit: np.ndarray  # float64 (n_pos, len(FIELD_GROUPS) + 1): field sub-term per group
    expected_education: np.ndarray  # int64: EDUCATION_RANK expected for the type
    min_golongan: np.ndarray  # int64: golongan rank, 0 = no minimum
    bup_index: np.ndarray  # int64: row of CandidateFeatures.years_to_retirement

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class CandidateFeatures:
    """What the score needs to know about each candidate, as arrays (n_cand rows)."""

    ids: np.ndarray  # int64
    levels: np.ndarray  # uint8 (n_cand, K): latest assessed level, 0 = never assessed
    field_group: np.ndarray  # int64: index into FIELD_GROUPS, NO_EDUCATION when none
    education: np.ndarray  # int64: EDUCATION_RANK of the highest education, 0 = none
    golongan: np.ndarray  # int64: golongan rank, 0 = none (PPPK)
    years_in_position: np.ndarray  # float64: NaN = no current position
    years_to_retirement: np.ndarray  # float64 (n_bup, n_cand): one row per BUP in use
    current_position: np.ndarray  # int64: position id, 0 = none

    def __len__(self) -> int:
        return len(self.ids)


def field_fit_row(relevant_fields: Iterable[str]) -> np.ndarray:
    """The field sub-term of a position for each study-field group (+ "no education")."""
    relevant = set(relevant_fields)
    row = np.zeros(len(FIELD_GROUPS) + 1)
    if not relevant:
        row[:NO_EDUCATION] = FIELD_RELEVANT
        return row
    related = set().union(*(RELATED_FIELD_GROUPS.get(g, frozenset()) for g in relevant))
    for i, group in enumerate(FIELD_GROUPS):
        if group in relevant:
            row[i] = FIELD_RELEVANT
        elif group in related:
            row[i] = FIELD_RELATED
        elif group == GENERAL_GROUP:
            row[i] = FIELD_GENERAL
    return row


@dataclass
class CandidateInfo:
    """What an explanation says about a candidate beyond the arrays."""

    golongan: str | None
    education: tuple[str, str, str] | None  # level, field of study, field group
    current_since: dt.date | None
    birth_date: dt.date


# -- loading ------------------------------------------------------------------------------


def bup_rows(
    positions: Iterable[Position], policy: WorkforcePolicy
) -> tuple[list[int], dict[int, int]]:
    """The BUPs the positions use (one row each of ``years_to_retirement``)."""
    bups = sorted({policy.bup_for(p.jabatan_type) for p in positions})
    return bups, {b: i for i, b in enumerate(bups)}


def position_features(
    positions: list[Position],
    competency_index: dict[int, int],
    bup_index: dict[int, int],
    policy: WorkforcePolicy,
) -> PositionFeatures:
    n = len(positions)
    required = np.zeros((n, len(competency_index)), dtype=np.uint8)
    row_of = {p.pk: i for i, p in enumerate(positions)}
    for position_id, competency_id, level in PositionRequirement.objects.filter(
        position_id__in=list(row_of)
    ).values_list("position_id", "competency_id", "level"):
        required[row_of[position_id], competency_index[competency_id]] = level
    return PositionFeatures(
        ids=np.array([p.pk for p in positions], dtype=np.int64),
        required=required,
        field_fit=np.array([field_fit_row(p.relevant_fields or []) for p in positions]).reshape(
            n, len(FIELD_GROUPS) + 1
        ),
        expected_education=np.array(
            [EDUCATION_RANK[EXPECTED_EDUCATION.get(p.jabatan_type, "SMA")] for p in positions],
            dtype=np.int64,
        ),
        min_golongan=np.array([golongan_rank(p.min_golongan) for p in positions], dtype=np.int64),
        bup_index=np.array(
            [bup_index[policy.bup_for(p.jabatan_type)] for p in positions], dtype=np.int64
        ),
    )


def candidate_features(
    candidates: QuerySet[Employee],
    competency_index: dict[int, int],
    bups: list[int],
    on: dt.date,
) -> tuple[CandidateFeatures, dict[int, CandidateInfo]]:
    """Features of ``candidates`` (sorted by pk) and what explanations say about each:
    latest level per competency, highest education, latest golongan, years in the
    position in force on ``on``, years to retirement per BUP."""
    rows = list(candidates.order_by("pk").values_list("pk", "birth_date"))
    n = len(rows)
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    index = {pk: i for i, pk in enumerate(ids.tolist())}
    # Subqueries, not id lists: "all active ASN" at province scale is 60,000 ids.
    id_subquery = candidates.values("pk")

    levels = np.zeros((n, len(competency_index)), dtype=np.uint8)
    if competency_index and n:
        assessed = np.array(
            fetch_rows(
                CompetencyAssessment.objects.filter(
                    employee__in=id_subquery, competency_id__in=list(competency_index)
                )
                .order_by("employee_id", "competency_id", "-assessed_on", "-pk")
                .values_list("employee_id", "competency_id", "level")
            ),
            dtype=np.int64,
        ).reshape(-1, 3)
        if len(assessed):
            # Newest first within each (employee, competency): keep each pair's first row.
            newest = np.ones(len(assessed), dtype=bool)
            newest[1:] = (assessed[1:, 0] != assessed[:-1, 0]) | (
                assessed[1:, 1] != assessed[:-1, 1]
            )
            latest = assessed[newest]
            column = np.zeros(max(competency_index) + 1, dtype=np.int64)
            column[list(competency_index)] = list(competency_index.values())
            levels[np.searchsorted(ids, latest[:, 0]), column[latest[:, 1]]] = latest[:, 2]

    best_education: dict[int, tuple[int, int, str, str, str]] = {}
    for employee_id, level, field_of_study, group, year in fetch_rows(
        Education.objects.filter(employee__in=id_subquery).values_list(
            "employee_id", "level", "field_of_study", "field_group", "graduation_year"
        )
    ):
        key = (EDUCATION_RANK.get(level, 0), year, level, field_of_study, group)
        if key > best_education.get(employee_id, (-1, 0, "", "", "")):
            best_education[employee_id] = key
    field_group = np.full(n, NO_EDUCATION, dtype=np.int64)
    education = np.zeros(n, dtype=np.int64)
    for employee_id, edu in best_education.items():
        i = index[employee_id]
        education[i] = edu[0]
        field_group[i] = group_index(edu[4])

    golongan = np.zeros(n, dtype=np.int64)
    golongan_code: dict[int, str] = {}
    # Ascending TMT: each employee's last row is the latest rank.
    for employee_id, code in fetch_rows(
        RankHistory.objects.filter(employee__in=id_subquery)
        .order_by("employee_id", "tmt")
        .values_list("employee_id", "golongan")
    ):
        golongan_code[employee_id] = code
    for employee_id, code in golongan_code.items():
        golongan[index[employee_id]] = golongan_rank(code)

    years_in_position = np.full(n, np.nan)
    current_position = np.zeros(n, dtype=np.int64)
    since_of: dict[int, dt.date] = {}
    for employee_id, position_id, since in (
        current_primaries(on)
        .filter(employee__in=id_subquery)
        .values_list("employee_id", "position_id", "starts_on")
    ):
        i = index[employee_id]
        current_position[i] = position_id
        since_of[employee_id] = since
        years_in_position[i] = max((on - since).days, 0) / DAYS_PER_YEAR

    info = {
        pk: CandidateInfo(
            golongan=golongan_code.get(pk),
            education=best_education[pk][2:] if pk in best_education else None,
            current_since=since_of.get(pk),
            birth_date=birth,
        )
        for pk, birth in rows
    }
    features = CandidateFeatures(
        ids=ids,
        levels=levels,
        field_group=field_group,
        education=education,
        golongan=golongan,
        years_in_position=years_in_position,
        years_to_retirement=retirement.years_to_retirement([r[1] for r in rows], bups, on),
        current_position=current_position,
    )
    return features, info
