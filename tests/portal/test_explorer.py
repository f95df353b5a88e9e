"""The indicator explorer (issue 19 point 1): any indicator as a series for units side by side,
a chart with its table, CSV and SVG downloads, an address that reproduces the view."""

import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET

import pytest

from hoptac.registry import lifecycle
from hoptac.registry.models import AnnualReport

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def register(make_org):
    a = make_org(unit="303", established_on=D(2015, 5, 1))
    b = make_org(unit="304", established_on=D(2016, 1, 1))
    make_org(unit="303", established_on=D(2018, 6, 1))
    lifecycle.record_event(b, "suspended", D(2019, 3, 1))
    AnnualReport.objects.create(organization=a, year=2019, status="approved", in_force=True, members=40,
                                workers=10, revenue=1500, income=50)
    return a, b


def table(html):
    body = html[html.index('id="explorer-table"'):]
    body = body[:body.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row) for row in rows]


URL = "/kham-pha/?indicator=htx.total&unit=303&unit=304&from=2015&to=2020"


def test_two_units_side_by_side_with_chart_and_table(client, portal, register):
    html = client.get(URL).content.decode()
    rows = table(html)
    assert rows[0][0] == "Năm" and rows[0][1].endswith("(303)") and rows[0][2].endswith("(304)")
    by_year = {r[0]: r[1:] for r in rows[1:]}
    assert by_year["2015"] == ["1", "0"] and by_year["2018"] == ["2", "1"] and by_year["2020"] == ["2", "1"]
    assert '<svg class="chart"' in html
    assert "Dữ liệu tính đến" in html


def test_another_indicator_and_the_province(client, portal, register):
    html = client.get("/kham-pha/?indicator=htx.not_operating&unit=31&from=2018&to=2020").content.decode()
    assert {r[0]: r[1:] for r in table(html)[1:]} == {"2018": ["0"], "2019": ["1"], "2020": ["1"]}


def test_the_csv_download_is_the_table(client, portal, register):
    response = client.get(URL + "&format=csv")
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "year" and rows[0][1].endswith("(303)") and rows[0][2].endswith("(304)")
    assert rows[0][-1] == "note"  # withheld figures and territory changes, so the value columns stay numbers
    assert rows[1] == ["2015", "1", "0", ""] and rows[-1] == ["2020", "2", "1", ""]


def test_the_svg_download_is_a_chart_of_its_own(client, portal, register):
    response = client.get(URL + "&format=svg")
    assert response["Content-Type"] == "image/svg+xml"
    svg = ET.fromstring(response.content)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.find("{http://www.w3.org/2000/svg}style") is not None
    assert "Số hợp tác xã" in svg.find("{http://www.w3.org/2000/svg}title").text


def test_the_link_reproduces_the_view(client, portal, register):
    html = client.get(URL).content.decode()
    link = re.search(r'id="x-link" type="url" readonly value="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert link.startswith("http://localhost/kham-pha/?")
    again = client.get(link.removeprefix("http://localhost")).content.decode()
    assert table(again) == table(html)


def test_bad_input_is_a_vietnamese_message_and_a_default_view(client, portal, register):
    html = client.get("/kham-pha/?indicator=bogus&unit=99999&from=19x&to=2020").content.decode()
    assert 'role="alert"' in html
    assert "Chỉ tiêu" in html and "99999" in html and "19x" in html
    assert table(html)  # the province's series is still shown


def test_the_png_download_is_the_chart_as_a_picture(client, portal, register):
    import PIL.Image

    response = client.get(URL + "&format=png")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].endswith('.png"')
    picture = PIL.Image.open(io.BytesIO(response.content))
    assert picture.format == "PNG" and picture.width > 600 and picture.height > 200
    # Not a blank picture: the lines, axes and labels put many colours on it.
    assert len(picture.convert("RGB").getcolors(maxcolors=1_000_000)) > 10
    html = client.get(URL).content.decode()
    assert "&amp;format=png" in html and "biểu đồ (ảnh PNG)" in html


def test_small_counts_get_whole_number_ticks():
    from hoptac.portal.charts import line_chart

    svg = str(line_chart("t", ["2019", "2020"], [("a", [1, 2])]))
    ticks = re.findall(r'class="chart-axis">([^<]*)</text>', svg)
    assert [t for t in ticks if t not in ("2019", "2020")] == ["0", "1", "2"]
