"""The v2 columns of annual_reports, macro and targets in the interchange format (SPEC §4 v2)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from hoptac.registry.interchange import ImportRejected, export_path, import_path, import_tables
from hoptac.registry.models import AnnualReport, Grdp, Organization, Target, YearRating

from .test_roundtrip import empty_the_register, files_of

pytestmark = pytest.mark.django_db
D = datetime.date

ORGS = [
    {"code": "HP-0001", "kind": "htx", "name": "HTX An Lư", "unit": "303", "established_on": "2005-03-01"},
    {"code": "HP-0002", "kind": "lhhtx", "name": "Liên hiệp HTX Tiên Lãng", "unit": "303",
     "established_on": "2010-03-01"},
]
V2_REPORT = {
    "org_code": "HP-0001", "year": "2023", "members": "62", "workers": "20", "revenue": "8438.5",
    "members_official": "50", "members_associate": "12", "members_joined": "3", "members_left": "1",
    "workers_regular": "15", "workers_members": "9", "revenue_with_members": "5000", "charter_capital": "1200.25",
    "total_capital": "3000", "budget_paid": "12.5", "value_chain": "1", "high_tech": "0", "director_trained": "",
    "managers": "5", "managers_college": "2", "rating": "good", "submitted_at": "2024-03-01T08:30:00",
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def problems_of(tables):
    with pytest.raises(ImportRejected) as caught:
        import_tables(tables)
    return [(p.file, p.row, p.column, p.value, p.rule) for p in caught.value.problems]


def test_every_v2_report_field_is_read_by_its_name():
    import_tables({"organizations": ORGS, "annual_reports": [
        V2_REPORT, {"org_code": "HP-0002", "year": "2023", "member_htx": "4", "is_estimate": ""}]})
    report = AnnualReport.objects.get(organization__code="HP-0001")
    assert (report.members_official, report.members_associate, report.members_joined, report.members_left) == (50, 12, 3, 1)
    assert (report.workers_regular, report.workers_members, report.managers, report.managers_college) == (15, 9, 5, 2)
    assert report.revenue_with_members == 5000 and report.charter_capital == Decimal("1200.25")
    assert (report.total_capital, report.budget_paid) == (3000, Decimal("12.5"))
    # yes/no: 1, 0, and empty = not answered (None), never "no".
    assert (report.value_chain, report.high_tech, report.director_trained) == (True, False, None)
    union = AnnualReport.objects.get(organization__code="HP-0002")
    assert union.member_htx == 4 and union.is_estimate is False and union.value_chain is None
    assert union.members_official is None  # a field never reported is null, never zero
    rating = YearRating.objects.get()
    assert (rating.organization.code, rating.year, rating.rating, rating.superseded_at) == ("HP-0001", 2023, "good", None)


def test_inconsistent_figures_are_errors_naming_file_row_and_column():
    bad = [
        {"org_code": "HP-0001", "year": "2021", "members": "62", "members_official": "50", "members_associate": "10"},
        {"org_code": "HP-0001", "year": "2022", "revenue": "100", "revenue_with_members": "100.5"},
        {"org_code": "HP-0001", "year": "2023", "workers": "10", "workers_regular": "11", "workers_members": "12"},
        {"org_code": "HP-0001", "year": "2024", "managers": "2", "managers_college": "3", "high_tech": "yes",
         "rating": "excellent", "budget_paid": "-1"},
    ]
    problems = problems_of({"organizations": ORGS, "annual_reports": bad})
    assert problems == [
        ("annual_reports.csv", 2, "members", "62",
         "members (62) must equal official members (50) plus associate members (10)"),
        ("annual_reports.csv", 3, "revenue_with_members", "100.5",
         "revenue from members (100.5) is more than the revenue (100)"),
        ("annual_reports.csv", 4, "workers_regular", "11", "regular workers (11) are more than the workers (10)"),
        ("annual_reports.csv", 4, "workers_members", "12",
         "regular workers who are members (12) are more than the regular workers (11)"),
        ("annual_reports.csv", 5, "high_tech", "yes", "must be 0 or 1"),
        ("annual_reports.csv", 5, "budget_paid", "-1", "must not be negative"),
        ("annual_reports.csv", 5, "rating", "excellent", "unknown rating (use good, fair, average, weak, or leave empty)"),
        ("annual_reports.csv", 5, "managers_college", "3", "managers with a degree (3) are more than the managers (2)"),
    ]
    assert not Organization.objects.exists()  # all or nothing


def test_the_import_holds_the_ranges_of_the_form_but_not_its_required_figures():
    rows = [
        {"org_code": "HP-0001", "year": "2019", "members": "20000000", "revenue": "-5"},
        {"org_code": "HP-0001", "year": "2020", "income": "150000"},
    ]
    assert problems_of({"organizations": ORGS, "annual_reports": rows}) == [
        ("annual_reports.csv", 2, "members", "20000000", "must be between 0 and 10,000,000"),
        ("annual_reports.csv", 2, "revenue", "-5", "must not be negative"),
        ("annual_reports.csv", 3, "income", "150000", "must be between 0 and 100,000"),
    ]
    # A historic record without the figures the form requires (members, workers, revenue) is kept as it is.
    import_tables({"organizations": ORGS, "annual_reports": [{"org_code": "HP-0001", "year": "2015", "profit": "-3"}]})
    old = AnnualReport.objects.get(year=2015)
    assert (old.members, old.workers, old.revenue, old.profit) == (None, None, None, -3)


def test_a_rating_already_in_the_register_is_not_imported_again():
    import_tables({"organizations": ORGS})
    YearRating.objects.create(organization=Organization.objects.get(code="HP-0001"), year=2023, rating="fair")
    assert problems_of({"annual_reports": [{"org_code": "HP-0001", "year": "2023", "rating": "good"}]}) == [
        ("annual_reports.csv", 2, "rating", "good", "this organisation is already rated for this year in the "
                                                   "register; change the rating in the back office")]


def test_parts_of_members_are_checked_only_when_all_three_are_given():
    import_tables({"organizations": ORGS, "annual_reports": [
        {"org_code": "HP-0001", "year": "2021", "members": "62", "members_official": "50"},
        {"org_code": "HP-0001", "year": "2022", "members_official": "3", "members_associate": "1"},
    ]})
    assert AnnualReport.objects.count() == 2


def test_macro_v2_figures_are_each_optional_with_their_sources():
    import_tables({"macro": [
        {"unit": "31", "year": "2023", "grdp_share_official": "3.9", "grdp_share_official_source": "Cục Thống kê",
         "population": "2105000", "population_source": "Niên giám 2023"},
        {"unit": "31", "year": "2021", "grdp": "310123.5"},
    ]})
    v2 = Grdp.objects.get(year=2023)
    assert v2.grdp is None and v2.grdp_share_official == Decimal("3.9") and v2.population == 2105000
    assert (v2.grdp_share_official_source, v2.population_source, v2.grdp_source) == ("Cục Thống kê", "Niên giám 2023", "")
    problems = problems_of({"macro": [
        {"unit": "31", "year": "2019", "grdp_share_official": "120"},
        {"unit": "31", "year": "2020", "population_source": "Niên giám"},
        {"unit": "31", "year": "2018", "grdp": "0"},
        {"unit": "31", "year": "2017", "population": "0"},
        {"unit": "31", "year": "2016", "population": "-3"},
    ]})
    assert problems == [
        ("macro.csv", 2, "grdp_share_official", "120", "a percentage between 0 and 100"),
        ("macro.csv", 3, "population_source", "Niên giám", "a source for a figure the row does not give (population)"),
        ("macro.csv", 4, "grdp", "0", "must be positive"),
        ("macro.csv", 5, "population", "0", "must be positive"),
        ("macro.csv", 6, "population", "-3", "must not be negative"),
    ]


def test_targets_carry_set_on_and_territory_of():
    import_tables({"targets": [
        {"indicator": "htx.active", "unit": "31", "year": "2030", "op": ">", "value": "500", "set_on": "2021-09-04",
         "territory_of": "2021-09-04"},
        {"indicator": "tht.total", "unit": "31", "year": "2030", "op": "~", "value": "300"},
    ]})
    set_ = Target.objects.get(indicator="htx.active")
    assert (set_.set_on, set_.territory_of) == (D(2021, 9, 4), D(2021, 9, 4))
    assert set_.unit.valid_to is not None  # Hải Phòng as it was in 2021, before the reform
    plain = Target.objects.get(indicator="tht.total")
    assert (plain.set_on, plain.territory_of) == (None, None)
    assert problems_of({"targets": [{"indicator": "htx.active", "unit": "31", "year": "2045", "op": ">",
                                     "value": "600", "set_on": "2021-13-01"}]}) == [
        ("targets.csv", 2, "set_on", "2021-13-01", "impossible date")]


def v2_register():
    import_tables({
        "organizations": ORGS,
        "annual_reports": [V2_REPORT, {"org_code": "HP-0001", "year": "2022", "members": "60", "rating": "weak"},
                           {"org_code": "HP-0002", "year": "2023", "member_htx": "4"}],
        "macro": [{"unit": "31", "year": "2023", "grdp": "400000", "grdp_source": "Cục Thống kê",
                   "grdp_share_official": "3.9", "grdp_share_official_source": "Cục Thống kê",
                   "population": "2105000", "population_source": "Niên giám 2023"}],
        "targets": [{"indicator": "htx.active", "unit": "31", "year": "2030", "op": ">", "value": "500",
                     "set_on": "2021-09-04", "territory_of": "2021-09-04"}],
    })


@pytest.mark.parametrize("name", ["csv", "register.xlsx"])
def test_v2_files_round_trip_identically(tmp_path, name):
    v2_register()
    first, second = tmp_path / "a" / name, tmp_path / "b" / name
    export_path(first)
    empty_the_register()
    import_path(first)
    export_path(second)
    assert files_of(first) == files_of(second)
    assert YearRating.objects.count() == 2


def test_v2_columns_are_written_only_when_used(tmp_path):
    v2_register()
    export_path(tmp_path)
    reports = (tmp_path / "annual_reports.csv").read_text(encoding="utf-8-sig").splitlines()
    assert reports[0] == (
        "org_code,year,members,workers,revenue,profit,income,value_added,is_estimate,submitted_at,"
        "members_official,members_associate,members_joined,members_left,workers_regular,workers_members,"
        "revenue_with_members,charter_capital,total_capital,budget_paid,value_chain,high_tech,managers,"
        "managers_college,member_htx,rating")
    assert reports[1] == "HP-0001,2022,60,,,,,,0,,,,,,,,,,,,,,,,,weak"
    assert reports[2] == ("HP-0001,2023,62,20,8438.5,,,,0,2024-03-01T08:30:00+07:00,50,12,3,1,15,9,5000,1200.25,"
                          "3000,12.5,1,0,5,2,,good")
    macro = (tmp_path / "macro.csv").read_text(encoding="utf-8-sig").splitlines()
    assert macro == ["unit,year,grdp,grdp_source,grdp_share_official,grdp_share_official_source,population,"
                     "population_source", "31,2023,400000,Cục Thống kê,3.9,Cục Thống kê,2105000,Niên giám 2023"]
    targets = (tmp_path / "targets.csv").read_text(encoding="utf-8-sig").splitlines()
    assert targets == ["indicator,unit,year,op,value,source,set_on,territory_of",
                       "htx.active,31,2030,>,500,,2021-09-04,2021-09-04"]
