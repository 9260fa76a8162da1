"""The API mirrors the domain functions: public draft and report, a participant's
comment, the unit's answer and closing (refused while comments are unanswered)."""

from __future__ import annotations

import pytest

from sigap.consultations.tests.factories import TEXT_V2, consultation, section


@pytest.fixture
def draft(opd, officer):
    return consultation(opd, officer)


def test_comment_answer_version_and_close_through_the_api(login, draft, citizen, officer, agency):
    base = f"/api/v1/publik/{agency.slug}/konsultasi/{draft.pk}"
    public = login(None).get(base).json()
    assert [s["key"] for s in public["sections"]] == ["pasal-1", "pasal-2", "pasal-3"]
    s = section(draft, "pasal-2")
    posted = login(citizen).post(
        f"{base}/komentar",
        {
            "section_id": s.pk,
            "body": "Setuju.",
            "group": "academic",
            "organisation": "Universitas Jambi",
            "quote": "didengar pendapatnya",
        },
        content_type="application/json",
    )
    assert posted.status_code == 201 and posted.json()["anchor"] == "anchored"
    comment_id = posted.json()["id"]
    assert login(None).get(base).json()["sections"][1]["comments"] == 1

    unit = login(officer)
    refused = unit.post(f"/api/v1/consultations/{draft.pk}/close")
    assert refused.status_code == 422 and "belum dijawab" in refused.json()["errors"][0]["message"]
    answered = unit.post(
        f"/api/v1/consultations/{draft.pk}/answers",
        {"comment_ids": [comment_id], "verdict": "partly", "reason": "Sebagian."},
        content_type="application/json",
    )
    assert answered.status_code == 201
    version = unit.post(
        f"/api/v1/consultations/{draft.pk}/versions",
        {"text": TEXT_V2, "change_note": "v2"},
        content_type="application/json",
    )
    assert version.json() == {"number": 2, "sections": 3}
    listed = unit.get(f"/api/v1/consultations/{draft.pk}/comments").json()
    assert listed[0]["anchor"] == "anchored" and listed[0]["answered"]
    assert unit.post(f"/api/v1/consultations/{draft.pk}/close").json()["status"] == "closed"
    report = login(None).get(f"{base}/laporan").json()
    assert report["answers"][0]["comments"] == [comment_id]
    assert report["by_section"][0]["counts"] == {"academic": 1}


def test_a_bad_comment_gets_field_errors(login, draft, citizen, agency):
    s = section(draft, "pasal-1")
    response = login(citizen).post(
        f"/api/v1/publik/{agency.slug}/konsultasi/{draft.pk}/komentar",
        {"section_id": s.pk, "body": "", "group": "citizen"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body"
