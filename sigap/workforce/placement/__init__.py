"""The placement advisor: candidates' and positions' features, the fit score, the
optimal matching, and the decisions on its recommendations.

Its public surface is below; the continuity report (``analysis``) scores internal
candidates with the same ``Scorer`` and features. Pages, API operations and URLs:
``views``, ``api``, ``urls``.
"""

from sigap.workforce.placement.engine import (
    CHUNK_CELLS,
    DEFAULT_TOP_K,
    NO_WEIGHT,
    TERM_LABELS,
    TERMS,
    AlreadyDecided,
    Plan,
    Scorer,
    accept_recommendation,
    explain,
    normalise_weights,
    placement_kind,
    plan_placement,
    record_run,
    reject_recommendation,
    run_placement,
    unfilled_positions,
    vacancies,
)
from sigap.workforce.placement.explanations import (
    EXPLANATIONS,
    FIELD_VERDICTS,
    NO_GOLONGAN,
    render_terms,
    study_field,
)
from sigap.workforce.placement.features import (
    CandidateFeatures,
    CandidateInfo,
    PositionFeatures,
    bup_rows,
    candidate_features,
    position_features,
)

__all__ = [
    "CHUNK_CELLS",
    "DEFAULT_TOP_K",
    "EXPLANATIONS",
    "FIELD_VERDICTS",
    "NO_GOLONGAN",
    "TERMS",
    "NO_WEIGHT",
    "TERM_LABELS",
    "AlreadyDecided",
    "CandidateFeatures",
    "CandidateInfo",
    "Plan",
    "PositionFeatures",
    "Scorer",
    "accept_recommendation",
    "bup_rows",
    "candidate_features",
    "explain",
    "normalise_weights",
    "placement_kind",
    "plan_placement",
    "position_features",
    "record_run",
    "render_terms",
    "reject_recommendation",
    "run_placement",
    "study_field",
    "unfilled_positions",
    "vacancies",
]
