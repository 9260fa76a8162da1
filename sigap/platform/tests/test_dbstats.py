from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from sigap.platform.dbstats import planner_statistics_present, refresh_planner_statistics


@pytest.mark.django_db
def test_statistics_are_gathered_for_the_named_tables() -> None:
    assert refresh_planner_statistics([ContentType])
    assert planner_statistics_present(ContentType)


@pytest.mark.django_db
def test_statistics_for_every_table() -> None:
    assert refresh_planner_statistics()
    assert planner_statistics_present(ContentType)
