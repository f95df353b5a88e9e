"""schemathesis against the OpenAPI document of a running server (bounded examples).

GET operations as the anonymous public, and the organisation POSTs with a
province officer's token: no server error, no response outside the schema.
"""

import pytest
import schemathesis
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.checks import not_a_server_error

from .conftest import World

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def api_schema(live_server, live_world_data):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    schema.config.base_url = live_server.url
    return schema


@pytest.fixture
def live_world_data(transactional_db, live_server):
    from . import conftest

    w = World()
    w.own_org = conftest.establish("HP-0001", "303", representative="Nguyễn Văn A")
    w.other_org = conftest.establish("HP-0002", "304")
    conftest.report(w.own_org, 2020)
    officer = conftest.make_user("province", "province_officer")
    from hoptac.api.models import ApiToken

    w.tokens["province_officer"] = ApiToken.issue(officer, "fuzz")[1]
    with override_settings(HOPTAC_API_ANON_RATE=0):
        yield w


def _fuzz(schema, keep, headers=None):
    """Run every kept operation with at most 5 generated examples; collect failures."""
    failures, ran = [], []
    for result in schema.get_all_operations():
        operation = result.ok()
        if not keep(operation):
            continue
        ran.append(f"{operation.method.upper()} {operation.path}")

        @given(case=operation.as_strategy())
        @settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), database=None,
                  phases=[Phase.explicit, Phase.generate])
        def run(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - report every operation, not only the first
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:800]}")
    return ran, failures


def test_operations_keep_to_the_schema(api_schema, live_world_data):
    """One test (the transactional flush would drop the units loaded by migration for a second one)."""
    ran, failures = _fuzz(api_schema, lambda op: op.method.upper() == "GET")
    assert len(ran) >= 15
    token = live_world_data.tokens["province_officer"]
    writes, write_failures = _fuzz(
        api_schema, lambda op: op.method.upper() == "POST" and op.path.startswith("/api/v1/organizations"),
        headers={"Authorization": f"Bearer {token}"})
    assert len(writes) == 3
    failures += write_failures
    assert not failures, "\n\n".join(failures)
