"""Predecessors and successors on the portal (SPEC §2 v2): the directory profile and the drill-through link an
organisation to those it came from and those that succeeded it — public registration facts only."""

import datetime

import pytest

from hoptac.indicators.drill import drill
from hoptac.geo.models import Unit
from hoptac.registry import lifecycle

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def reorganised(make_org):
    a = make_org(name="HTX Đông Hải", established_on=D(2010, 1, 1), representative="Nguyễn Văn A")
    b = make_org(name="HTX Bạch Đằng", established_on=D(2012, 1, 1))
    new = make_org(name="HTX Hải Đằng", established_on=D(2023, 4, 1), origin="reorganisation")
    for org in (a, b):
        lifecycle.record_event(org, "consolidated", D(2023, 4, 1), successors=[new])
    return a, b, new


def test_profile_links_predecessors_and_successors(client, portal, reorganised):
    a, b, new = reorganised
    html = client.get(f"/hop-tac-xa/{new.code}/").content.decode()
    assert "Tổ chức tiền thân và kế thừa" in html
    assert f'href="/hop-tac-xa/{a.code}/">HTX Đông Hải</a>' in html and f'href="/hop-tac-xa/{b.code}/"' in html
    html = client.get(f"/hop-tac-xa/{a.code}/").content.decode()
    assert "Kế thừa" in html and f'href="/hop-tac-xa/{new.code}/">HTX Hải Đằng</a>' in html
    assert "Hợp nhất" in html and "Nguyễn Văn A" not in html


def test_drill_walks_from_the_new_organisation_to_its_predecessors(client, portal, reorganised):
    a, b, new = reorganised
    rows = {r["code"]: r for r in drill(Unit.objects.resolve("31", D(2023, 12, 31)), D(2023, 12, 31), "htx.total")}
    assert set(rows) == {new.code}
    assert [(p["code"], p["type"], p["date"]) for p in rows[new.code]["predecessors"]] == [
        (a.code, "consolidated", D(2023, 4, 1)), (b.code, "consolidated", D(2023, 4, 1))]
    html = client.get("/thong-ke/?unit=31&date=2023-12-31&drill=htx.total").content.decode()
    assert f'<a href="/hop-tac-xa/{a.code}/">{a.code}</a>' in html


def test_drill_before_the_reorganisation_shows_nothing_of_it(portal, reorganised):
    rows = drill(Unit.objects.resolve("31", D(2022, 12, 31)), D(2022, 12, 31), "htx.total")
    assert all(not r["predecessors"] and not any(e["successors"] for e in r["events"]) for r in rows)
    assert len(rows) == 2
