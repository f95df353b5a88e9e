"""The API's organisation search ignores case and diacritics, as the portal's directory does."""

import pytest

pytestmark = pytest.mark.django_db


def test_d_with_stroke_is_found_as_d(world):
    from .conftest import establish

    establish("HP-0003", "303", name="HTX Nước sạch Đông Hải")
    client = world.client("anonymous")
    for typed in ("nuoc sach dong", "NƯỚC SẠCH ĐÔNG", "Nuoc Sach Đong"):
        items = client.get("/api/v1/organizations", {"q": typed}).json()["items"]
        assert [o["code"] for o in items] == ["HP-0003"], typed
