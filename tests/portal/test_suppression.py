"""SPEC §6 on every public surface of the portal: an aggregate over fewer than 3 annual reports is
shown as "—" with the note "ít hơn 3 báo cáo"; over 3 or more, the number; officers keep the number.

The register: district 303 has three cooperatives reporting for 2020 and 2021 (revenue 1 000 each,
members 10), district 304 one (revenue 7 000, members 40) reporting for 2021 only, and one of 303
reported alone for 2019. So for 2021: 303 has 3 reports, 304 has 1, the province 4; for 2019 the
province has 1.
"""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from hoptac.accounts.models import Profile
from hoptac.geo.models import Unit
from hoptac.registry.models import AnnualReport, Target

pytestmark = pytest.mark.django_db
D = datetime.date
NOTE = "ít hơn 3 báo cáo"


@pytest.fixture
def small(make_org):
    three = [make_org(unit="303", established_on=D(2015, 3, 1)) for _ in range(3)]
    alone = make_org(unit="304", established_on=D(2015, 3, 1))
    for org in three:
        for year in (2020, 2021):
            AnnualReport.objects.create(organization=org, year=year, status="approved", in_force=True, members=10,
                                        workers=4, revenue=Decimal(1000), income=Decimal(40), value_added=Decimal(300))
    AnnualReport.objects.create(organization=alone, year=2021, status="approved", in_force=True, members=40,
                                workers=9, revenue=Decimal(7000), income=Decimal(50), value_added=Decimal(900))
    AnnualReport.objects.create(organization=three[0], year=2019, status="approved", in_force=True, members=12,
                                workers=3, revenue=Decimal(4321), income=Decimal(40), value_added=Decimal(300))
    return three, alone


def officer(client, role="province_officer", units=()):
    user = get_user_model().objects.create(username=f"u-{role}-{get_user_model().objects.count()}")
    profile = Profile.objects.create(user=user, role=role)
    if units:
        profile.units.set(units)
    client.force_login(user)
    return user


def section(html, slug):
    start = html.index(f'id="s-{slug}"')
    return html[start:html.index("</section>", start)]


def row(html, label):
    start = html.index(label)
    return html[start:html.index("</tr>", start)]


# --- the statistics page --------------------------------------------------------------------


def test_statistics_page_withholds_a_unit_with_one_report(client, portal, small):
    html = client.get("/thong-ke/?unit=304&date=2021-12-31").content.decode()
    economy = section(html, "economy")
    revenue = row(economy, "Doanh thu bình quân")
    assert "—" in revenue and NOTE in revenue and "7.000" not in revenue
    members = row(economy, "Thành viên hợp tác xã")
    assert NOTE in members and ">40<" not in members
    card = html[html.index('data-code="members.total"'):]
    assert NOTE in card[:card.index("</li>")]


def test_statistics_page_shows_a_unit_with_three_reports(client, portal, small):
    html = client.get("/thong-ke/?unit=303&date=2021-12-31").content.decode()
    economy = section(html, "economy")
    assert NOTE not in economy
    assert "1.000" in row(economy, "Doanh thu bình quân")
    assert ">30<" in row(economy, "Thành viên hợp tác xã")


def test_statistics_page_by_unit_table_withholds_the_small_unit_only(client, portal, small):
    units = section(client.get("/thong-ke/?unit=31&date=2021-12-31").content.decode(), "units")
    small_row, big_row = row(units, ">304<"), row(units, ">303<")
    assert NOTE in small_row and ">40<" not in small_row
    assert NOTE not in big_row and ">30<" in big_row


def test_statistics_downloads_withhold_too(client, portal, small):
    body = client.get("/thong-ke/?unit=304&date=2021-12-31&format=csv").content.decode("utf-8-sig")
    revenue = next(line for line in body.splitlines() if line.startswith("Doanh thu bình quân"))
    assert NOTE in revenue and "7000" not in revenue
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get("/thong-ke/?unit=304&date=2021-12-31&format=xlsx").content))
    cells = [c for sheet in book for r in sheet.iter_rows(values_only=True) for c in r]
    assert 7000 not in cells and any(isinstance(c, str) and NOTE in c for c in cells)


def test_an_officer_keeps_the_number_and_an_outsider_does_not(client, portal, small):
    officer(client, "local_officer", units=[Unit.objects.resolve("303", D(2021, 12, 31))])
    outsider = section(client.get("/thong-ke/?unit=304&date=2021-12-31").content.decode(), "economy")
    assert NOTE in row(outsider, "Doanh thu bình quân")
    client.logout()
    officer(client, "local_officer", units=[Unit.objects.resolve("304", D(2021, 12, 31))])
    own = section(client.get("/thong-ke/?unit=304&date=2021-12-31").content.decode(), "economy")
    assert "7.000" in row(own, "Doanh thu bình quân") and NOTE not in own


def targets_of(client, unit_code):
    """Targets on revenue (from reports) and on active cooperatives (a register count) of ``unit_code``;
    the page's targets section for 31/12/2021."""
    unit = Unit.objects.resolve(unit_code, D(2021, 12, 31))
    Target.objects.create(indicator="revenue.avg", unit=unit, year=2025, op=">", value=8000, source="KH mục tiêu")
    Target.objects.create(indicator="htx.active", unit=unit, year=2025, op=">", value=5, source="KH mục tiêu")
    return targets_section(client, unit_code)


def targets_section(client, unit_code):
    """The targets section: its progress list (before the table) and its table."""
    return section(client.get(f"/thong-ke/?unit={unit_code}&date=2021-12-31").content.decode(), "targets")


def target_row(targets, label):
    """(the target's line in the progress list, its row in the table)."""
    table = targets[targets.index("<table"):]
    return row(targets, label), row(table, label)


def test_a_target_over_one_report_is_withheld_from_the_public(client, portal, small):
    targets = targets_of(client, "304")
    bar, revenue = target_row(targets, "Doanh thu bình quân")
    assert "8.000" in revenue and "8.000" in bar  # the target itself is public
    assert revenue.count(NOTE) == 4  # latest value, progress, projection, verdict
    assert "7.000" not in revenue and "87,5" not in revenue
    assert NOTE in bar and "87,5" not in bar and "progress__bar" not in bar
    active = target_row(targets, "Hợp tác xã đang hoạt động")[1]
    assert NOTE not in active and ">1<" in active  # a register count is never withheld


def test_a_target_over_three_reports_is_shown(client, portal, small):
    bar, revenue = target_row(targets_of(client, "303"), "Doanh thu bình quân")
    assert NOTE not in revenue and "1.000" in revenue and "12,5" in revenue
    assert NOTE not in bar and "12,5" in bar and "progress__bar" in bar


def test_target_downloads_withhold_too(client, portal, small):
    targets_of(client, "304")
    body = client.get("/thong-ke/?unit=304&date=2021-12-31&format=csv").content.decode("utf-8-sig")
    target = next(line for line in body.splitlines() if line.startswith("Doanh thu bình quân") and ",2025," in line)
    assert target.count(NOTE) == 4 and "7000" not in target and "87.5" not in target


def test_an_officer_of_the_unit_keeps_the_target_figures_and_an_outsider_does_not(client, portal, small):
    officer(client, "local_officer", units=[Unit.objects.resolve("303", D(2021, 12, 31))])
    outsider = target_row(targets_of(client, "304"), "Doanh thu bình quân")[1]
    assert NOTE in outsider and "7.000" not in outsider
    client.logout()
    officer(client, "local_officer", units=[Unit.objects.resolve("304", D(2021, 12, 31))])
    own = target_row(targets_section(client, "304"), "Doanh thu bình quân")[1]
    assert NOTE not in own and "7.000" in own and "87,5" in own


# --- the explorer -------------------------------------------------------------------------


EXPLORE = "/kham-pha/?indicator=revenue.avg&unit=304&unit=303&from=2020&to=2021"


def test_explorer_withholds_points_over_fewer_than_three_reports(client, portal, small):
    html = client.get(EXPLORE).content.decode()
    table = html[html.index('id="explorer-table"'):html.index("</table>", html.index('id="explorer-table"'))]
    row_2021 = row(table, ">2021<")
    assert NOTE in row_2021 and "7.000" not in row_2021 and "1.000" in row_2021
    assert f"—: {NOTE}" in html  # the note under the table


def test_explorer_downloads_withhold_too(client, portal, small):
    csv_text = client.get(EXPLORE + "&format=csv").content.decode("utf-8-sig")
    import csv

    rows = list(csv.reader(io.StringIO(csv_text)))
    assert rows[0][-1] == "note"
    row_2021 = next(r for r in rows if r[0] == "2021")
    assert row_2021[1] == "" and float(row_2021[2]) == 1000 and NOTE in row_2021[-1]
    svg = client.get(EXPLORE + "&format=svg").content.decode()
    assert "7.000" not in svg and "7000" not in svg


def test_explorer_for_an_officer_keeps_the_number(client, portal, small):
    officer(client)
    html = client.get(EXPLORE).content.decode()
    assert "7.000" in row(html[html.index('id="explorer-table"'):], ">2021<")


# Committed data: on PostgreSQL a transaction that wrote to the register remembers nothing (indicators.answers).
@pytest.mark.django_db(transaction=True)
def test_explorer_of_a_register_count_asks_for_no_report_support(portal, small, django_assert_num_queries):
    from hoptac.portal import selectors

    unit = selectors.directory_unit("304")
    rows = selectors.series(unit, 2020, 2021)  # remembered: what follows is only the suppression's cost
    with django_assert_num_queries(1):  # the register's change stamp (indicators.answers), no report support
        assert selectors.public_series(unit, 2020, 2021, codes=["htx.total"]) == rows


# --- the map ------------------------------------------------------------------------------


def square(code, x):
    return {"type": "Feature", "properties": {"code": code},
            "geometry": {"type": "Polygon", "coordinates": [[[x, 20], [x + 0.1, 20], [x + 0.1, 20.1], [x, 20.1], [x, 20]]]}}


def test_map_withholds_the_small_unit(client, portal, small, tmp_path):
    from hoptac.portal import boundaries

    path = tmp_path / "hp.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [square("303", 106.6), square("304", 106.8)]}))
    boundaries.load(path, date=D(2021, 12, 31))
    html = client.get("/ban-do/?indicator=members.total&date=2021-12-31").content.decode()
    table = html[html.index('id="map-table"'):]
    assert NOTE in row(table, "(304)") and ">40<" not in row(table, "(304)")
    assert ">30<" in row(table, "(303)")
    svg = html[html.index('<svg class="chart map"'):html.index("</svg>", html.index('<svg class="chart map"'))]
    assert ": 40<" not in svg and ": —<" in svg and ": 30<" in svg


# --- open data ----------------------------------------------------------------------------


def test_open_data_series_withholds_a_year_with_one_report(client, small):
    import pandas

    body = client.get("/api/v1/open-data/indicators/31.csv?years=2019-2021").content
    frame = pandas.read_csv(io.BytesIO(body), encoding="utf-8-sig")
    by_year = frame.set_index("year")
    assert pandas.isna(by_year.loc[2019, "revenue.avg"]) and "revenue.avg" in by_year.loc[2019, "suppressed"].split()
    assert by_year.loc[2021, "revenue.avg"] == pytest.approx(10000 / 4)
    assert pandas.isna(by_year.loc[2021, "suppressed"])
    assert by_year.loc[2019, "htx.total"] == 4  # register counts stay


# --- the home page's figures -------------------------------------------------------------------


def test_home_figures_withhold_too(portal, small):
    from hoptac.portal import selectors

    small_unit = selectors.home_figures("304", today=D(2021, 12, 31))["values"]
    assert selectors.withheld(small_unit["revenue.avg"]) and small_unit["htx.total"] == 1
    big_unit = selectors.home_figures("303", today=D(2021, 12, 31))["values"]
    assert big_unit["revenue.avg"] == 1000
