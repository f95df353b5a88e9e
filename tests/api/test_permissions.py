"""Every operation of tests/api/matrix.py, for every role: allowed → 2xx, refused →
401 (anonymous, revoked token) or 403; personal fields only for the roles listed."""

import pytest

from .conftest import ROLES
from .matrix import OPERATIONS

pytestmark = pytest.mark.django_db


def _call(world, op, role):
    client = world.client(role)
    url = op.url(world)
    if op.method == "GET":
        return client.get(url)
    if op.files:
        from django.core.files.uploadedfile import SimpleUploadedFile

        files = {k: SimpleUploadedFile(name, content) for k, (name, content) in op.files(world).items()}
        return client.post(url, files)
    send = client.put if op.method == "PUT" else client.post
    return send(url, op.body(world), content_type="application/json")


def _personal_values(data):
    items = data.get("items", [data]) if isinstance(data, dict) else data
    return [item.get("representative") for item in items if isinstance(item, dict)]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("op", OPERATIONS, ids=[op.name for op in OPERATIONS])
def test_operation_is_allowed_only_to_its_roles(world, op, role):
    response = _call(world, op, role)
    if role in op.allowed:
        assert 200 <= response.status_code < 300, (response.status_code, response.content[:500])
    else:
        expected = 401 if role in ("anonymous", "revoked") else 403
        assert response.status_code == expected, (response.status_code, response.content[:500])
        assert response["Content-Type"] == "application/problem+json"
    if op.personal and role in op.allowed:
        values = _personal_values(response.json())
        if role in op.personal:
            assert "Nguyễn Văn A" in values
        else:
            assert "Nguyễn Văn A" not in values and "Trần Thị B" not in values
