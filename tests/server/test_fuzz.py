"""Fuzzing the REST routes with schemathesis: requests generated from the OpenAPI document (valid and
invalid parameters, odd strings, wrong types; 40 per route, derandomized so a run repeats) against a
real ``trialkg serve``; none may get a 500 or show a traceback."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from .conftest import Server

schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def api_schema(server: Server) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(server.base + "/openapi.json")


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_errors(case: schemathesis.Case[Any]) -> None:
    response = case.call_and_validate(checks=[not_a_server_error], timeout=30)
    assert response.status_code < 500, (case.path, case.query, response.text[:300])
    assert "Traceback" not in response.text
