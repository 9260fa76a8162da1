"""Roster import problems are read a page at a time over the API: a report with many bad
rows answers with its first problems and their count (issue 8, item 6)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sigap.workforce.roster.api import PROBLEM_PREVIEW
from sigap.workforce.tests.test_roster import csv_file, person, units  # noqa: F401

ROWS = PROBLEM_PREVIEW + 30


@pytest.fixture(autouse=True)
def tasks_inline(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def report(units, hr, login):  # noqa: F811 - the roster tests' fixture
    client = login(hr)
    rows = [person(i, golongan="V/z") for i in range(1, ROWS + 1)]
    response = client.post(
        "/api/v1/roster-imports", {"file": SimpleUploadedFile("asn.csv", csv_file(rows))}
    )
    assert response.status_code == 201
    return client, response.json()


def test_the_report_carries_the_first_problems_and_their_count(report):
    _client, body = report
    assert len(body["problems"]) == PROBLEM_PREVIEW
    assert body["problem_count"] >= ROWS


def test_every_problem_is_read_once_page_by_page(report):
    client, body = report
    url = f"/api/v1/roster-imports/{body['id']}/problems"
    seen, cursor = [], None
    while True:
        page = client.get(url, {"limit": 40, **({"cursor": cursor} if cursor else {})}).json()
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == body["problem_count"]
    assert seen[:PROBLEM_PREVIEW] == body["problems"]


def test_a_forged_cursor_is_a_422(report):
    client, body = report
    response = client.get(f"/api/v1/roster-imports/{body['id']}/problems", {"cursor": "eyJ4Ijox"})
    assert response.status_code == 422 and response.json()["code"] == "validation_error"
