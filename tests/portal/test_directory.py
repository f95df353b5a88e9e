"""The public directory: search, filters and the public profile (no personal data)."""

import datetime

import pytest

from hoptac.registry import lifecycle

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def orgs(make_org):
    rice = make_org(name="HTX Nông nghiệp Lúa Vàng", unit="303", sector="agriculture", products="Gạo hữu cơ",
                    phone="0225 111 222", email="luavang@example.vn", representative="Nguyễn Văn A",
                    public_contact=True)
    boats = make_org(name="HTX Vận tải Sông Cấm", unit="311", sector="transport", phone="0225 999 888",
                     email="songcam@example.vn", representative="Trần Thị B", public_contact=False)
    group = make_org(kind="tht", name="Tổ hợp tác Rau Sạch", unit="311", sector="agriculture")
    lifecycle.record_event(boats, "suspended", D(2019, 1, 1), document="QĐ 12/2019")
    return rice, boats, group


def names(html):
    return {n for n in ("Lúa Vàng", "Sông Cấm", "Rau Sạch") if n in html}


def test_search_by_name(client, portal, orgs):
    assert names(client.get("/hop-tac-xa/?q=sông").content.decode()) == {"Sông Cấm"}


def test_search_finds_products(client, portal, orgs):
    assert names(client.get("/hop-tac-xa/?q=gạo").content.decode()) == {"Lúa Vàng"}


@pytest.mark.parametrize("query, expected", [
    ("unit=311", {"Sông Cấm", "Rau Sạch"}),
    ("sector=agriculture", {"Lúa Vàng", "Rau Sạch"}),
    ("kind=tht", {"Rau Sạch"}),
    ("status=suspended", {"Sông Cấm"}),
    ("status=not_operating", {"Sông Cấm"}),
    ("unit=311&sector=agriculture&kind=tht&status=active", {"Rau Sạch"}),
])
def test_filters(client, portal, orgs, query, expected):
    assert names(client.get(f"/hop-tac-xa/?{query}").content.decode()) == expected


def test_an_unknown_unit_is_a_message(client, portal, orgs):
    response = client.get("/hop-tac-xa/?unit=99999")
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_profile_shows_history_sector_products_and_public_contact(client, portal, orgs):
    rice, boats, _ = orgs
    html = client.get(f"/hop-tac-xa/{rice.code}/").content.decode()
    assert "Gạo hữu cơ" in html
    assert "0225 111 222" in html and "luavang@example.vn" in html
    assert "Nguyễn Văn A" not in html  # the representative is personal data


def test_profile_hides_contact_not_made_public(client, portal, orgs):
    _, boats, _ = orgs
    html = client.get(f"/hop-tac-xa/{boats.code}/").content.decode()
    assert "0225 999 888" not in html and "songcam@example.vn" not in html
    assert "Trần Thị B" not in html
    assert "QĐ 12/2019" in html  # the status history, with its decision
    assert "01/01/2019" in html


def test_unknown_code_is_404(client, portal, orgs):
    assert client.get("/hop-tac-xa/KHONG-CO/").status_code == 404
