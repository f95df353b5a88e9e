"""A valid register imports whole: organisations, derived state, reports, GRDP and targets."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from hoptac.registry.interchange import ImportRejected, import_tables
from hoptac.registry.lifecycle import state_on
from hoptac.registry.models import AnnualReport, Event, Grdp, Organization, ReportStatus, Status, Target

pytestmark = pytest.mark.django_db
D = datetime.date

REGISTER = {
    "organizations": [
        {"code": "A1", "kind": "htx", "name": "HTX Nông nghiệp An Lư", "unit": "303", "sector": "agriculture",
         "established_on": "2005-03-01", "address": "Thôn 1, An Lư", "phone": "0225 3 123 456",
         "email": "anlu@example.vn", "representative": "Nguyễn Văn A"},
        {"code": "B2", "kind": "qtdnd", "name": "Quỹ tín dụng Hồng Bàng", "unit": "303", "sector": "",
         "established_on": "1997-06-01"},
    ],
    "events": [
        {"org_code": "A1", "date": "2010-04-01", "type": "relocated", "unit": "304", "document": "QĐ 5/QĐ-UBND"},
        {"org_code": "A1", "date": "2012-01-01", "type": "reclassified", "sector": "trade"},
        {"org_code": "A1", "date": "2012-01-01", "type": "renamed", "name": "HTX Dịch vụ An Lư"},
        {"org_code": "B2", "date": "2015-09-30", "type": "dissolved"},
    ],
    "annual_reports": [
        {"org_code": "A1", "year": "2020", "members": "120", "workers": "14", "revenue": "8438.25", "profit": "-3.5",
         "income": "46.4", "value_added": "900", "is_estimate": "1"},
        {"org_code": "A1", "year": "2021", "members": "", "workers": "", "revenue": "", "is_estimate": ""},
    ],
    "macro": [{"unit": "31", "year": "2021", "grdp": "310000"}],
    "targets": [{"indicator": "htx.active", "unit": "31", "year": "2030", "op": ">", "value": "500",
                 "source": "Kế hoạch 74-KH/TU"}],
}


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; the catalogue's Vietnamese is the default elsewhere."""
    with translation.override("en"):
        yield


def test_valid_register_is_imported_whole():
    result = import_tables(REGISTER, source="test")
    assert (result.organizations, result.events, result.annual_reports, result.macro, result.targets) == (2, 4, 2, 1, 1)
    assert "imported 2 organisations, 4 events, 2 annual reports" in result.summary()
    assert Event.objects.count() == 6  # two establishments and four events


def test_point_in_time_state_is_rebuilt():
    import_tables(REGISTER)
    a1 = Organization.objects.get(code="A1")
    assert state_on(a1, D(2009, 12, 31)).unit.code == "303"
    assert state_on(a1, D(2010, 4, 1)).unit.code == "304"
    later = state_on(a1, D(2012, 1, 1))
    assert (later.sector, later.name) == ("trade", "HTX Dịch vụ An Lư")
    assert (a1.name, a1.sector, a1.status) == ("HTX Dịch vụ An Lư", "trade", Status.ACTIVE)
    assert Organization.objects.get(code="B2").status == Status.DISSOLVED


def test_imported_reports_are_approved_revision_one_in_force():
    import_tables(REGISTER)
    report = AnnualReport.objects.get(organization__code="A1", year=2020)
    assert (report.revision, report.status, report.in_force) == (1, ReportStatus.APPROVED, True)
    assert (report.members, report.workers, report.revenue, report.profit) == (120, 14, Decimal("8438.25"), Decimal("-3.5"))
    assert report.is_estimate is True
    empty = AnnualReport.objects.get(organization__code="A1", year=2021)
    assert (empty.members, empty.revenue, empty.is_estimate) == (None, None, False)


def test_grdp_and_targets_resolve_units_on_31_december():
    import_tables(REGISTER)
    grdp = Grdp.objects.get()
    assert (grdp.unit.code, grdp.unit.regime, grdp.grdp) == ("31", "old", Decimal("310000"))
    target = Target.objects.get()
    assert (target.unit.code, target.unit.regime, target.op, target.value) == ("31", "new", ">", Decimal("500"))


def test_python_values_are_accepted_as_cells():
    """The demo builder passes dates, ints and Decimals rather than text."""
    import_tables({
        "organizations": [{"code": 12345, "kind": "htx", "name": "HTX Số", "unit": 303, "established_on": D(2001, 1, 2)}],
        "annual_reports": [{"org_code": "12345", "year": 2005, "members": 7, "revenue": Decimal("10.5"),
                            "income": 3.25, "is_estimate": True}],
    })
    report = AnnualReport.objects.get(organization__code="12345")
    assert (report.members, report.revenue, report.income, report.is_estimate) == (7, Decimal("10.5"), Decimal("3.25"), True)


def test_second_import_of_the_same_register_is_refused_whole():
    import_tables(REGISTER)
    with pytest.raises(ImportRejected) as exc:
        import_tables(REGISTER)
    rules = {(p.file, p.column, p.rule.split(" (")[0]) for p in exc.value.problems}
    assert ("organizations.csv", "code", "an organisation with this code is already in the register") in rules
    assert ("macro.csv", "year", "GRDP of this unit and year is already in the register") in rules
    assert ("targets.csv", "year", "a target for this indicator, unit and year is already in the register") in rules
    assert Organization.objects.count() == 2


def test_report_for_an_organisation_in_the_register_and_duplicate_with_it(make_org):
    make_org(code="DB1", established_on=D(2005, 1, 1))
    import_tables({"annual_reports": [{"org_code": "DB1", "year": "2010", "members": "5"}]})
    with pytest.raises(ImportRejected, match="already in the register"):
        import_tables({"annual_reports": [{"org_code": "DB1", "year": "2010", "members": "6"}]})


def test_report_rules_on_years_and_money():
    rows = [
        {"org_code": "A1", "year": "2004", "members": "1"},  # before establishment (2005)
        {"org_code": "A1", "year": str(D.today().year + 1)},  # future
        {"org_code": "A1", "year": "2019", "income": "1.23456"},  # too many decimals
        {"org_code": "A1", "year": "2018", "members": "1.5"},  # not whole
        {"org_code": "ZZ", "year": "2018"},  # unknown organisation
    ]
    with pytest.raises(ImportRejected) as exc:
        import_tables({"organizations": REGISTER["organizations"][:1], "annual_reports": rows})
    assert [(p.row, p.column) for p in exc.value.problems if p.file == "annual_reports.csv"] == [
        (2, "year"), (3, "year"), (4, "income"), (5, "members"), (6, "org_code")]


def test_unknown_indicator_and_comparator():
    with pytest.raises(ImportRejected) as exc:
        import_tables({"targets": [{"indicator": "htx.happy", "unit": "31", "year": "2030", "op": "=", "value": "1"}]})
    assert [p.column for p in exc.value.problems] == ["indicator", "op"]
