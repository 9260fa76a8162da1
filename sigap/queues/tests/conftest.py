from __future__ import annotations

import pytest

from sigap.queues.tests.factories import office


@pytest.fixture
def desk(agency, opd):
    """An office of agency A with two services (A, B) and two counters."""
    return office(agency, opd)
