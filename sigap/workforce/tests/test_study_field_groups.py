"""Field-of-study groups in the reader's language (issue 8, item 11): each group has an
Indonesian and an English label in data/study_fields.csv; forms and choice labels show
the reader's, and a placement explanation stores the group's code, not its label."""

from __future__ import annotations

import pytest
from django.utils import translation

from sigap.platform.stored_text import render
from sigap.workforce.models import Education, PlacementRecommendation
from sigap.workforce.placement import (
    EXPLANATIONS,
    TERM_LABELS,
    render_terms,
    run_placement,
    study_field,
)
from sigap.workforce.reference import STUDY_FIELD_CHOICES, study_field_groups, study_field_label
from sigap.workforce.tests.test_placement import World


def test_every_group_has_an_english_label_of_its_own():
    for g in study_field_groups():
        assert g.label_en and g.label_en != g.label, g.group


@pytest.mark.parametrize(("language", "law"), [("id", "Hukum"), ("en", "Law")])
def test_choices_and_labels_follow_the_readers_language(language, law):
    with translation.override(language):
        assert dict(STUDY_FIELD_CHOICES)["hukum"] == law
        assert study_field_label("hukum") == law
        assert Education(field_group="hukum").get_field_group_display() == law
        assert Education(field_group="hukum").field_group_label == law  # the profile's
    assert study_field_label("hilang") == "hilang"  # an unknown code as it is


def test_a_placement_explanation_stores_the_group_code(agency, opd):
    world = World(agency, opd)
    finance = world.position("KEU", "Analis Keuangan")
    world.asn("Budi", education=("S1", "Akuntansi"))
    run = run_placement(agency, positions=[finance], by=None)
    rec = PlacementRecommendation.all_objects.get(run=run)
    (education,) = [t for t in rec.terms if t["term"] == "education"]
    detail = education["detail"]
    assert detail["params"]["group"] == study_field("ekonomi")
    assert detail["params"]["group"] == {"code": "study_field.ekonomi", "params": {}}
    with translation.override("en"):
        english = render(detail, EXPLANATIONS)
    with translation.override("id"):
        indonesian = render(detail, EXPLANATIONS)
    assert "(Economics and Accounting)" in english and "Ekonomi" not in english
    assert "(Ekonomi dan Akuntansi)" in indonesian


def test_an_explanation_stored_with_the_indonesian_label_reads_in_english():
    # As explanations were stored before groups were codes.
    detail = {
        "code": "education_level_met",
        "params": {
            "name": "S-1 Akuntansi",
            "group": {"msgid": "Ekonomi dan Akuntansi"},
            "verdict": {"msgid": "bidang studi berkaitan"},
            "expected": "S-1",
        },
    }
    with translation.override("en"):
        (term,) = render_terms([{"term": "education", "detail": detail}], TERM_LABELS)
    assert "(Economics and Accounting)" in term["detail"]
