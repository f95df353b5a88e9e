"""schemathesis over the whole API of a running server, with every check it has.

Every operation is generated from the OpenAPI document, with valid and invalid
data, as the anonymous public and with a token of each role; every check
schemathesis knows runs on every answer (status codes, content types, headers
and bodies against the schema, invalid data refused, valid data accepted,
authentication not ignored, no server error). Examples are few and the seed is
fixed, so the run is bounded and repeatable.
"""

import pytest
import schemathesis
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import checks as st_checks
from schemathesis.generation import GenerationMode

st_checks.load_all_checks()
CHECKS = st_checks.CHECKS.get_all()
ROLES = ("admin", "province_officer", "local_officer", "cooperative", "editor", "viewer")
EXAMPLES = {"anonymous": 4, **{role: 2 for role in ROLES}}


@pytest.fixture
def live_world(transactional_db, live_server, world):
    """The one world with the API's reports, committed for the server's thread."""
    with override_settings(HOPTAC_API_ANON_RATE=0):
        yield world


def _fuzz(schema, caller, token):
    """Every operation with a few generated examples, valid and invalid; the failures found."""
    headers = {"Authorization": f"Bearer {token}"} if token else None
    failures, ran = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            ran += 1

            @seed(16)
            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES[caller], deadline=None, suppress_health_check=list(HealthCheck),
                      database=None, derandomize=True, phases=[Phase.explicit, Phase.generate])
            def run(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                run()
            except Unsatisfiable:
                ran -= 1  # nothing invalid to send (an operation without parameters)
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - every operation, not only the first
                failures.append(f"{caller} {mode.value} {operation.method.upper()} {operation.path}: {str(exc)[:1500]}")
    return ran, failures


def test_the_whole_api_keeps_to_its_schema_for_every_caller(live_server, live_world):
    """One test (the transactional flush would drop the units loaded by migration for a second one)."""
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    schema.config.base_url = live_server.url
    # Schema-valid input may still break a rule of the domain (a unit code that names no
    # unit on that date, a date in the future): the API says so with 422, as documented.
    schema.config.checks.positive_data_acceptance.expected_statuses = ["2xx", "401", "403", "404", "409", "422"]
    assert len(CHECKS) >= 12
    failures = []
    for caller in ("anonymous", *ROLES):
        ran, found = _fuzz(schema, caller, live_world.tokens.get(caller))
        assert ran >= 36  # every operation, with valid and (where it takes any input) invalid data
        failures += found
    assert not failures, "\n\n".join(failures)


def test_every_operation_documents_the_rate_limit_and_its_problems(client, db):
    """An anonymous caller over the quota gets 429 from any read: the document says so."""
    document = client.get("/api/v1/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            if method == "get":
                assert "429" in responses, (method, path)
                assert {} in operation["security"], (method, path)  # the token is optional for reads
            for status, response in responses.items():
                if int(status) >= 400:
                    assert list(response["content"]) == ["application/problem+json"], (method, path, status)
    register = document["paths"]["/api/v1/open-data/register.{fmt}"]["get"]["responses"]["200"]["content"]
    assert register["application/json"]["schema"]["type"] == "object"
    assert register["text/csv"]["schema"] == {"type": "string", "format": "binary"}
