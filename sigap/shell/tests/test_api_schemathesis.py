"""Schemathesis over the whole OpenAPI document (issue 8, item 6): every operation of
every app, with bounded generated examples, as two roles (an agency admin and a citizen,
each with a bearer token): no server error, and every response matches the document
(status code, content type, body schema).

Requests go through Django's WSGI handler in-process, inside the test's transaction.
The number of examples per operation is small and fixed (``EXAMPLES``) so the whole run
stays well under a minute on a loaded two-core machine; hypothesis keeps no example
database between runs.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.api import api
from sigap.accounts.tokens import issue_token

EXAMPLES = 3
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def schema(keep_connection):
    raw = api.get_openapi_schema(path_prefix="/api/v1")
    loaded = schemathesis.openapi.from_dict(raw)
    loaded.app = WSGIHandler()
    return loaded


@pytest.fixture
def keep_connection():
    """As Django's test client does: the WSGI handler's request signals would close the
    database connection after each request, which on PostgreSQL closes the test's
    transaction under it (SQLite's in-memory database ignores the close)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _operations(schema) -> list:
    ops = [result.ok() for result in schema.get_all_operations()]
    assert len(ops) > 20
    return ops


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize("role", ["agency_admin", "citizen"])
def test_no_operation_errs_or_breaks_its_schema(request, schema, role, agency, opd):
    user = request.getfixturevalue(role)
    _token, key = issue_token(user, "schemathesis")
    # identity: the in-process WSGI transport does not undo GZipMiddleware's compression.
    headers = {
        "Authorization": f"Bearer {key}",
        "X-Sigap-Agency": agency.slug,
        "Accept-Encoding": "identity",
    }
    failures: list[str] = []
    for operation in _operations(schema):
        _fuzz(operation, headers, failures)
    assert not failures, "\n\n".join(failures)


def _fuzz(operation, headers: dict, failures: list[str]) -> None:
    @settings(
        max_examples=EXAMPLES,
        database=None,
        deadline=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case) -> None:
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - reported together
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}"[:800])

    run()
