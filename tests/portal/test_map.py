"""The map: boundaries loaded from a GeoJSON file (`hoptac load-boundaries`),
checked for codes that match units, and a server-drawn choropleth; without boundaries, how to add them."""

import datetime
import json
import re

import pytest
from django.core.management import CommandError, call_command

from hoptac.portal.models import Boundary

pytestmark = pytest.mark.django_db
D = datetime.date


def square(x, y):
    return {"type": "Polygon", "coordinates": [[[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]]}


def geojson(tmp_path, features, name="ranh-gioi.geojson"):
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": geometry} for props, geometry in features]}),
        encoding="utf-8")
    return path


@pytest.fixture
def districts(tmp_path):
    """Two former districts of Hải Phòng side by side."""
    return geojson(tmp_path, [({"code": "303", "ten": "Hồng Bàng"}, square(106.6, 20.8)),
                              ({"code": "304"}, square(106.7, 20.8))])


def test_without_boundaries_the_page_says_how_to_add_them(client, portal):
    html = client.get("/ban-do/").content.decode()
    assert 'id="no-boundaries"' in html and "hoptac load-boundaries FILE.geojson" in html


def test_boundaries_load_and_the_map_shows_each_unit_with_its_value(client, portal, make_org, districts):
    make_org(unit="303", established_on=D(2010, 1, 1))
    make_org(unit="303", established_on=D(2011, 1, 1))
    make_org(unit="304", established_on=D(2012, 1, 1))
    call_command("load_boundaries", str(districts), date="2021-12-31")
    assert Boundary.objects.count() == 2
    html = client.get("/ban-do/?indicator=htx.total&date=2021-12-31").content.decode()
    svg = html[html.index("<svg class=\"chart map\""):html.index("</svg>")]
    assert svg.count("fill-rule=\"evenodd\"") == 2
    assert re.search(r">Quận Hồng Bàng: 2</text>", svg) and re.search(r">Quận Ngô Quyền: 1</text>", svg)
    table = html[html.index('id="map-table"'):]
    assert "(303)</th><td>2</td>" in table and "(304)</th><td>1</td>" in table
    assert "Dữ liệu tính đến" in html


def test_a_code_that_names_no_unit_refuses_the_whole_file(tmp_path, portal):
    path = geojson(tmp_path, [({"code": "303"}, square(106.6, 20.8)), ({"code": "99999"}, square(106.7, 20.8))])
    with pytest.raises(CommandError) as refused:
        call_command("load_boundaries", str(path), date="2021-12-31")
    message = str(refused.value)
    assert "ranh-gioi.geojson" in message and "2" in message and "99999" in message and "code" in message
    assert not Boundary.objects.exists()  # nothing half-written


def test_a_bad_geometry_or_missing_code_is_named(tmp_path, portal):
    path = geojson(tmp_path, [({"ma": "303"}, square(106.6, 20.8)),
                              ({"code": "304"}, {"type": "Point", "coordinates": [106.7, 20.8]})])
    with pytest.raises(CommandError) as refused:
        call_command("load_boundaries", str(path), date="2021-12-31")
    lines = str(refused.value).splitlines()
    assert len(lines) == 2 and "1" in lines[0] and "code" in lines[0] and "304" in lines[1]
    # Another property holds the code: --code-property names it.
    good = geojson(tmp_path, [({"ma": "303"}, square(106.6, 20.8))], name="ma.geojson")
    call_command("load_boundaries", str(good), code_property="ma", date="2021-12-31")
    assert Boundary.objects.get().unit.code == "303"


def test_the_date_is_typed_the_vietnamese_way_and_a_bad_one_is_named(tmp_path, portal, districts):
    from django.utils import translation

    with translation.override("vi"):
        with pytest.raises(CommandError) as refused:
            call_command("load_boundaries", str(districts), date="31/13/2021")
    assert str(refused.value) == "--date 31/13/2021 không phải là ngày (viết 31/12/2021 hoặc 2021-12-31)"
    assert not Boundary.objects.exists()
    call_command("load_boundaries", str(districts), date="31/12/2021")  # the districts of 2021
    assert sorted(Boundary.objects.values_list("unit__code", flat=True)) == ["303", "304"]
