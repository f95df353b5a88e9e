"""Open data that tools read: CSV files start with their header, a Frictionless
data package with a Table Schema describes every file, and both validate."""

import io
import json
import zipfile

import frictionless
import pandas
import pytest

from . import register
from .conftest import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(db):
    return register.build(n=40)


@pytest.fixture
def unpacked(generated, tmp_path):
    body = ApiClient().get("/du-lieu-mo/hoptac-du-lieu-mo.zip").content
    zipfile.ZipFile(io.BytesIO(body)).extractall(tmp_path)
    return tmp_path


def test_every_package_validates_with_frictionless(unpacked):
    report = frictionless.validate(str(unpacked / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    names = [task.name for task in report.tasks]
    assert names == ["dang-ky-to-chuc", "chi-tieu-31"]


def test_the_served_descriptor_is_the_one_in_the_archive(unpacked):
    served = json.loads(ApiClient().get("/du-lieu-mo/datapackage.json").content)
    packed = json.loads((unpacked / "datapackage.json").read_text())
    assert served == packed
    assert served["licenses"][0]["name"] == "CC-BY-4.0"
    for resource in served["resources"]:
        assert ApiClient().get(f"/du-lieu-mo/{resource['path']}").content == (unpacked / resource["path"]).read_bytes()


def test_no_csv_starts_with_a_comment(unpacked):
    for path in unpacked.glob("*.csv"):
        first = path.read_text(encoding="utf-8-sig").splitlines()[0]
        assert not first.startswith("#")
    api = ApiClient().get("/api/v1/open-data/register.csv").content.decode("utf-8-sig")
    assert api.splitlines()[0].startswith("code,kind,kind_label,name,")


def test_pandas_reads_the_register_with_default_arguments(unpacked, generated):
    frame = pandas.read_csv(unpacked / "dang-ky-to-chuc.csv")
    assert list(frame.columns[:4]) == ["code", "kind", "kind_label", "name"]
    assert len(frame) == 40
    assert set(frame["kind"]) <= {"htx", "lhhtx", "tht", "qtdnd"}
    assert "hợp tác xã" in set(frame["kind_label"])
    assert str(frame["unit"].dtype) == "int64"  # unit codes are digits: pandas reads numbers


def test_pandas_reads_the_series_with_the_right_types(unpacked):
    frame = pandas.read_csv(unpacked / "chi-tieu-31.csv")
    assert frame.columns[0] == "year"
    assert str(frame["year"].dtype) == "int64"
    assert list(frame["year"]) == list(range(2015, frame["year"].iloc[-1] + 1))  # from the first reports
    for column in ("htx.total", "htx.active", "lhhtx.total", "htx.by_sector.agriculture"):
        assert str(frame[column].dtype) == "int64", column
    assert str(frame["revenue.avg"].dtype) == "float64"
    api = json.loads(ApiClient().get("/api/v1/indicators?unit=31&years=2015-2020").content)
    by_year = {p["date"][:4]: p["values"] for p in api["series"]}
    row = frame[frame["year"] == 2020].iloc[0]
    assert row["htx.total"] == by_year["2020"]["htx.total"]
    assert row["revenue.avg"] == pytest.approx(by_year["2020"]["revenue.avg"])


def test_the_schema_has_vietnamese_and_english_words_for_every_field(unpacked):
    descriptor = json.loads((unpacked / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            assert field["title"] and field["description"], field
    register_fields = {f["name"]: f for f in descriptor["resources"][0]["schema"]["fields"]}
    assert register_fields["established_on"]["type"] == "date"
    assert register_fields["code"]["title"] == "Mã số đăng ký"
    assert not {"revenue", "profit", "members"} & set(register_fields)


def test_the_open_data_page_lists_files_licence_date_and_api_docs(generated):
    html = ApiClient(HTTP_ACCEPT_LANGUAGE="vi").get("/du-lieu-mo/").content.decode()
    assert "<h1>Dữ liệu mở</h1>" in html
    assert 'href="dang-ky-to-chuc.csv"' in html and 'href="chi-tieu-31.csv"' in html
    assert 'href="datapackage.json"' in html
    assert "CC BY 4.0" in html
    assert "Mã số đăng ký" in html and "Registration number of the organisation" in html
    assert 'href="/api/v1/docs"' in html
    assert "2015" in html  # the series start at the first year with reports, and the page says so
