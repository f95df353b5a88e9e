"""The optional ``recorded_at`` column of the interchange files (SPEC §4), kept for vintages (SPEC §3)."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone, translation

from hoptac.geo.models import Unit
from hoptac.indicators.engine import compute
from hoptac.registry.interchange import ImportRejected, export_tables, import_tables
from hoptac.registry.models import (
    AnnualReport, Event, Grdp, Organization, OrganizationStateVersion, ReportingWindow, Target, YearRating,
)

pytestmark = pytest.mark.django_db
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
D = datetime.date


def at(*args):
    return datetime.datetime(*args, tzinfo=VN)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


ORGS = [
    {"code": "HP-1", "kind": "htx", "name": "HTX An Lư", "unit": "303", "established_on": "2005-03-01",
     "recorded_at": "2021-01-10T09:00:00+07:00"},
    {"code": "HP-2", "kind": "htx", "name": "HTX Hòa Bình", "unit": "303", "established_on": "2010-05-01"},
]


def test_rows_keep_the_moment_the_file_gives_and_the_answer_as_recorded_follows_it():
    before_import = timezone.now()
    import_tables({
        "organizations": ORGS,
        "events": [{"org_code": "HP-1", "date": "2020-06-30", "type": "dissolved",
                    "recorded_at": "2021-06-01T10:00:00+07:00"}],
        "annual_reports": [{"org_code": "HP-1", "year": "2020", "members": "40", "workers": "9",
                            "submitted_at": "2021-02-01T08:00:00+07:00", "rating": "good",
                            "recorded_at": "2021-04-01T15:00:00+07:00"}],
        "macro": [{"unit": "31", "year": "2020", "grdp": "310000", "recorded_at": "2021-02-15T08:00:00+07:00"}],
        "targets": [{"indicator": "htx.active", "unit": "31", "year": "2030", "op": ">", "value": "500",
                     "recorded_at": "2021-03-01T08:00:00+00:00"}],
        "windows": [{"year": "2020", "opens_on": "2021-01-01", "deadline": "2021-03-31",
                     "recorded_at": "2020-12-20T08:00:00+07:00"}],
    })
    established = Event.objects.get(organization__code="HP-1", type="established")
    assert established.recorded_at == at(2021, 1, 10, 9)
    assert Organization.objects.get(code="HP-1").created_at == at(2021, 1, 10, 9)
    assert Event.objects.get(type="dissolved").recorded_at == at(2021, 6, 1, 10)
    assert Event.objects.get(organization__code="HP-2").recorded_at >= before_import  # no column: the import's moment
    report = AnnualReport.objects.get()
    assert report.created_at == report.approved_at == at(2021, 4, 1, 15)
    assert YearRating.objects.get().recorded_at == at(2021, 4, 1, 15)
    assert Grdp.objects.get().recorded_at == at(2021, 2, 15, 8)
    assert Target.objects.get().recorded_at == datetime.datetime(2021, 3, 1, 8, tzinfo=datetime.UTC)
    assert ReportingWindow.objects.get().recorded_at == at(2020, 12, 20, 8)
    # The versions follow the recording order: active from 10/01/2021, dissolved from 01/06/2021.
    versions = OrganizationStateVersion.objects.filter(organization__code="HP-1").order_by("recorded_at", "valid_from")
    assert [(v.status, v.valid_to, v.recorded_at, v.superseded_at) for v in versions] == [
        ("active", None, at(2021, 1, 10, 9), at(2021, 6, 1, 10)),
        ("active", D(2020, 6, 30), at(2021, 6, 1, 10), None),
        ("dissolved", None, at(2021, 6, 1, 10), None),
    ]
    city = Unit.objects.resolve("31", D(2020, 12, 31))
    on = D(2020, 12, 31)
    march, july = compute(city, on, as_recorded=at(2021, 3, 15)), compute(city, on, as_recorded=at(2021, 7, 1))
    today = compute(city, on)
    assert (march["htx.total"], july["htx.total"], today["htx.total"]) == (1, 0, 1)  # HP-2 came with the import
    assert march["members.total"] == 0 and july["members.total"] == 40
    assert march["htx.good_fair_pct"] is None and july["htx.good_fair_pct"] == 100
    assert compute(city, on, as_recorded=at(2021, 1, 1))["htx.total"] == 0  # nothing recorded yet
    assert compute(city, on, as_recorded=at(2021, 2, 1))["grdp.share_pct"] is None
    # The format carries the register as it stands: an export writes no recorded_at.
    assert "recorded_at" not in str(export_tables().keys())


def problems_of(tables):
    with pytest.raises(ImportRejected) as caught:
        import_tables(tables)
    return [(p.file, p.row, p.column, p.value, p.rule) for p in caught.value.problems]


def test_a_moment_without_offset_in_the_future_or_malformed_is_refused_and_nothing_is_written():
    future = (timezone.now() + datetime.timedelta(days=2)).isoformat()
    found = problems_of({
        "organizations": [{**ORGS[0], "recorded_at": "2021-01-10T09:00:00"}, {**ORGS[1], "recorded_at": future}],
        "macro": [{"unit": "31", "year": "2020", "grdp": "1", "recorded_at": "2021-02-30T08:00+07:00"}],
        "targets": [{"indicator": "htx.active", "unit": "31", "year": "2030", "op": ">", "value": "5",
                     "recorded_at": "2021-03-01"}],
    })
    assert found == [
        ("organizations.csv", 2, "recorded_at", "2021-01-10T09:00:00",
         "a recording moment needs its time zone offset, e.g. 2021-03-15T09:30:00+07:00"),
        ("organizations.csv", 3, "recorded_at", future, "in the future"),
        ("macro.csv", 2, "recorded_at", "2021-02-30T08:00+07:00",
         "not a date-time with its offset (write YYYY-MM-DDTHH:MM:SS+07:00)"),
        ("targets.csv", 2, "recorded_at", "2021-03-01",
         "not a date-time with its offset (write YYYY-MM-DDTHH:MM:SS+07:00)"),
    ]
    assert not Organization.objects.exists() and not Grdp.objects.exists()


def test_a_record_before_its_date_or_its_organisation_is_refused():
    found = problems_of({
        "organizations": [ORGS[0]],
        "events": [{"org_code": "HP-1", "date": "2020-06-30", "type": "dissolved",
                    "recorded_at": "2020-12-01T10:00:00+07:00"},
                   ],
        "annual_reports": [{"org_code": "HP-1", "year": "2020", "members": "40",
                            "submitted_at": "2021-05-01T08:00:00+07:00", "recorded_at": "2021-04-01T15:00:00+07:00"}],
    })
    assert found == [
        ("events.csv", 2, "recorded_at", "2020-12-01T10:00:00+07:00",
         "recorded before its organisation was (organizations row 2): an event is recorded on or after its "
         "organisation"),
        ("annual_reports.csv", 2, "submitted_at", "2021-05-01T08:00:00+07:00",
         "after the report was recorded (recorded_at): a report is submitted before it is recorded"),
    ]
    found = problems_of({"organizations": [{**ORGS[0], "established_on": "2021-02-01"}]})
    assert found == [("organizations.csv", 2, "recorded_at", "2021-01-10T09:00:00+07:00",
                      "recorded before the date it records (01/02/2021): nothing is recorded ahead of its date")]


def test_recorded_at_is_not_a_column_of_the_other_files():
    found = problems_of({"documents": [{"number": "1", "issuer": "UBND", "issued_on": "2021-01-01", "kind": "khac",
                                        "level": "province", "title": "x", "recorded_at": "2021-01-01T00:00+07:00"}]})
    assert found[0][2] == "recorded_at" and found[0][4].startswith("unknown column")
