"""The statistics page: a unit and a date, the figures, the tables and the downloads."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from hoptac.registry import lifecycle
from hoptac.registry.models import AnnualReport

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def register(make_org):
    """Four cooperatives in Hải Phòng: one suspended in 2015, one dissolved in 2020; one credit fund."""
    a = make_org(unit="303", sector="agriculture", established_on=D(2003, 5, 1))
    b = make_org(unit="304", sector="industry", established_on=D(2004, 1, 1))
    c = make_org(unit="311", sector="", established_on=D(2010, 6, 1))
    d = make_org(unit="311", sector="trade", established_on=D(2012, 6, 1))
    make_org(kind="qtdnd", unit="303", sector="credit", established_on=D(2002, 1, 1))
    lifecycle.record_event(b, "suspended", D(2015, 3, 1))
    lifecycle.record_event(d, "dissolved", D(2020, 9, 1))
    for org, members, workers in ((a, 120, 15), (b, 60, 8), (c, 30, 4)):
        AnnualReport.objects.create(organization=org, year=2021, status="approved", in_force=True,
                                    members=members, workers=workers, revenue=1000, income=40)
    return a, b, c, d


def figure(html, code):
    start = html.index(f'data-code="{code}"')
    value = html.index('figure-card__value">', start) + len('figure-card__value">')
    return html[value:html.index("<", value)]


def test_counts_by_status_for_the_province_on_a_date(client, portal, register):
    html = client.get("/thong-ke/?unit=31&date=2021-12-31").content.decode()
    assert figure(html, "htx.total") == "3"
    assert figure(html, "htx.active") == "2"
    assert figure(html, "htx.not_operating") == "1"
    assert figure(html, "members.total") == "210"


def test_an_earlier_date_shows_the_register_as_it_was(client, portal, register):
    html = client.get("/thong-ke/?unit=31&date=2011-12-31").content.decode()
    assert figure(html, "htx.total") == "3"
    assert figure(html, "htx.not_operating") == "0"


def test_a_district_shows_only_its_organisations(client, portal, register):
    html = client.get("/thong-ke/?unit=311&date=2021-12-31").content.decode()
    assert figure(html, "htx.total") == "1"


def test_tables_by_sector_series_and_district_are_shown_with_charts(client, portal, register):
    html = client.get("/thong-ke/?unit=31&date=2021-12-31").content.decode()
    for section in ("s-counts", "s-sectors", "s-period", "s-economy", "s-series", "s-units"):
        assert f'id="{section}"' in html
    assert html.count('<svg class="chart"') == 2
    assert 'role="img"' in html
    assert "\">2001</th>" in html  # the series starts in 2001, years not grouped


def test_bad_inputs_give_a_message_not_an_error(client, portal, register):
    response = client.get("/thong-ke/?unit=99999&date=31/13/2021&baseline_year=abc")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "99999" in html and "31/13/2021" in html and "abc" in html


def test_vietnamese_number_formats(client, portal, make_org):
    org = make_org(unit="303")
    AnnualReport.objects.create(organization=org, year=2021, status="approved", in_force=True,
                                members=62950, workers=8181, revenue=8438, income="46.4")
    for other in (make_org(unit="304"), make_org(unit="304")):  # three reports: public (SPEC §6)
        AnnualReport.objects.create(organization=other, year=2021, status="approved", in_force=True,
                                    members=0, workers=1, revenue=8438, income="46.4")
    html = client.get("/thong-ke/?unit=31&date=2021-12-31").content.decode()
    assert figure(html, "members.total") == "62.950"
    assert figure(html, "workers.total") == "8.183"
    assert ">46,4</td>" in html
    english = client.get("/en/thong-ke/?unit=31&date=2021-12-31").content.decode()
    assert figure(english, "members.total") == "62,950"


def test_csv_download_has_what_is_shown(client, portal, register):
    response = client.get("/thong-ke/?unit=31&date=2021-12-31&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "hoptac-thong-ke-31-2021-12-31.csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert "2021,3,2,1" in text  # the series row for 2021: total, active, not operating


def test_xlsx_download_has_one_sheet_per_table_with_numbers(client, portal, register):
    response = client.get("/thong-ke/?unit=31&date=2021-12-31&format=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert {"counts", "sectors", "series", "units"} <= set(book.sheetnames)
    counts = book["counts"]
    assert counts["B3"].value == 3


def test_the_baseline_year_field_keeps_a_plain_year(client, portal, register):
    html = client.get("/thong-ke/?unit=31&date=2021-12-31&baseline_year=2001").content.decode()
    field = html[html.index('id="f-baseline"'):]
    field = field[:field.index(">")]
    assert 'value="2001"' in field and 'max="2021"' in field
