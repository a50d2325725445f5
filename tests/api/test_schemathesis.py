"""schemathesis against openapi.json (on the test database): every documented operation,
as anonymous, as a read-only token and as a check-in token; no server error, and every
answer (errors too) as the description says."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.test_api_access import OPERATIONS

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Examples per operation (each sent three times): the whole run stays well under two minutes.
MAX_EXAMPLES = 12


def _exercise(operation, callers: dict, exercised: dict) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        for headers in callers.values():
            case.call_and_validate(headers=headers, checks=CHECKS)
        exercised[operation.label] = exercised.get(operation.label, 0) + 1

    run()


def test_every_operation_conforms(app, world, make_token):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    callers = {
        "anonymous": {},
        "read token": make_token("staff", "read"),
        "check-in token": make_token("staff", "checkin"),
    }
    exercised: dict[str, int] = {}
    for result in schema.get_all_operations():
        _exercise(result.ok(), callers, exercised)
    documented = {f"{method} {path}" for method, path in OPERATIONS}
    assert set(exercised) == documented
    assert all(n >= 1 for n in exercised.values())
