"""The directory's search forgives missing diacritics and case, and lists in Vietnamese order."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(make_org):
    made = [
        make_org(name="HTX Nước sạch Bình Minh", products="Nước sinh hoạt"),
        make_org(name="HTX NƯỚC SẠCH Đông Hải"),
        make_org(name="HTX Dịch vụ Bạch Đằng", products="Cấp nước sạch"),
        make_org(name="HTX Đánh cá Ăn Quả"),
        make_org(name="HTX Dân Chủ"),
        make_org(name="HTX Xuân Hòa"),
        make_org(name="HTX Ưu Việt"),
        make_org(name="HTX Ơn Trời"),
        make_org(name="HTX Ô Môn"),
        make_org(name="HTX Ê Đê"),
        make_org(name="HTX Âu Cơ"),
    ]
    return made


def listed(client, query):
    html = client.get("/hop-tac-xa/", {"q": query} if query else {}).content.decode()
    return re.findall(r'<a href="/hop-tac-xa/P\d+/">([^<]+)</a>', html)


@pytest.mark.parametrize("typed", ["nuoc sach", "NUOC SACH", "Nuoc Sạch", "nước sạch"])
def test_nuoc_sach_finds_what_nuoc_sach_with_marks_finds(client, portal, orgs, typed):
    expected = listed(client, "nước sạch")
    assert len(expected) == 3  # two names and one product
    assert listed(client, typed) == expected


def test_d_finds_d_with_stroke(client, portal, orgs):
    assert listed(client, "dong hai") == ["HTX NƯỚC SẠCH Đông Hải"]
    assert listed(client, "danh ca") == ["HTX Đánh cá Ăn Quả"]


def test_the_directory_is_in_vietnamese_order(client, portal, orgs):
    assert listed(client, "") == [
        "HTX Âu Cơ", "HTX Dân Chủ", "HTX Dịch vụ Bạch Đằng", "HTX Đánh cá Ăn Quả", "HTX Ê Đê",
        "HTX Nước sạch Bình Minh", "HTX NƯỚC SẠCH Đông Hải", "HTX Ô Môn", "HTX Ơn Trời", "HTX Ưu Việt",
        "HTX Xuân Hòa",
    ]
