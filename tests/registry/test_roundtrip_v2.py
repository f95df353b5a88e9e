"""SPEC §4 v2: a v1 file imports unchanged and exports identically; a v2 file round-trips identically."""

import pytest
from django.utils import translation

from hoptac.registry.interchange import export_path, import_path
from hoptac.registry.models import Event, EventSuccessor, Organization

pytestmark = pytest.mark.django_db

V1_ORGANIZATIONS = (
    "code,kind,name,unit,sector,established_on,address,phone,email,representative\n"
    "HP-0001,htx,HTX Nông nghiệp An Lư,303,agriculture,2005-03-01,,,anlu@example.vn,\n"
    "HP-0002,tht,Tổ hợp tác Rau sạch,304,,2012-05-20,Thôn 3,,,Lê Văn C\n"
)
V1_EVENTS = (
    "org_code,date,type,unit,sector,name,document,note\n"
    "HP-0001,2012-01-01,suspended,,,,,thiếu vốn\n"
    "HP-0001,2013-01-01,resumed,,,,,\n"
    "HP-0002,2019-12-31,dissolved,,,,QĐ 12,\n"
)
V2_ORGANIZATIONS = (
    "code,kind,name,unit,sector,established_on,address,phone,email,representative,"
    "legacy_number,registered_by,vsic,vsic_version,origin,public_contact\n"
    "0201000001,htx,HTX An Lư,303,agriculture,2005-03-01,,,,,HP-0001,Phòng Tài chính - Kế hoạch,0118,2018,,1\n"
    "0201000002,htx,HTX Đông Hải,303,agriculture,2005-03-01,,,,,,,,,,0\n"
    "0201000003,htx,HTX An Lư Một,303,agriculture,2023-04-01,,,,,,,0118,2018,reorganisation,0\n"
    "0201000004,htx,HTX An Lư Hai,303,agriculture,2023-04-01,,,,,,,,,reorganisation,0\n"
    "0201000005,tht,Tổ hợp tác Hoa,304,,2012-05-20,,,,,,,,,new,0\n"
    "0201000006,htx,HTX Hoa,304,,2024-06-01,,,,,,UBND quận Lê Chân,,,new,0\n"
)
V2_EVENTS = (
    "org_code,date,type,unit,sector,name,document,note,until,successors\n"
    "0201000001,2022-01-10,suspended,,,,,,2022-12-31,\n"
    "0201000001,2022-12-20,suspended,,,,,gia hạn,2023-03-31,\n"
    "0201000001,2023-04-01,divided,,,,QĐ 7,,,0201000004;0201000003\n"
    "0201000002,2023-05-01,absorbed,,,,,,,0201000003\n"
    "0201000005,2024-06-01,converted,,,,,,,0201000006\n"
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def write_folder(path, organizations, events):
    path.mkdir()
    (path / "organizations.csv").write_text(organizations, encoding="utf-8")
    (path / "events.csv").write_text(events, encoding="utf-8")
    return path


def exported(path, name):
    return (path / f"{name}.csv").read_text(encoding="utf-8-sig")


def test_v1_file_imports_unchanged_and_exports_identically(tmp_path):
    import_path(write_folder(tmp_path / "in", V1_ORGANIZATIONS, V1_EVENTS))
    assert Organization.objects.get(code="HP-0001").vsic_version == "2018"
    export_path(tmp_path / "out")
    assert exported(tmp_path / "out", "organizations") == V1_ORGANIZATIONS
    assert exported(tmp_path / "out", "events") == V1_EVENTS


def test_v2_file_round_trips_identically(tmp_path):
    import_path(write_folder(tmp_path / "in", V2_ORGANIZATIONS, V2_EVENTS))
    assert list(Event.objects.get(type="divided").successor_links.values_list("organization__code", flat=True)) == [
        "0201000004", "0201000003"]
    export_path(tmp_path / "out")
    assert exported(tmp_path / "out", "organizations") == V2_ORGANIZATIONS
    assert exported(tmp_path / "out", "events") == V2_EVENTS


@pytest.mark.parametrize("name", ["csv", "register.xlsx"])
def test_v2_export_import_export_is_identical(tmp_path, name):
    import_path(write_folder(tmp_path / "in", V2_ORGANIZATIONS, V2_EVENTS))
    first, second = tmp_path / "a" / name, tmp_path / "b" / name
    export_path(first)
    EventSuccessor.objects.all().delete()  # successors are protected: a reorganisation is never deleted by accident
    Organization.objects.all().delete()
    import_path(first)
    export_path(second)
    if name.endswith(".xlsx"):
        assert first.read_bytes() == second.read_bytes()
    else:
        assert {p.name: p.read_bytes() for p in first.iterdir()} == {p.name: p.read_bytes() for p in second.iterdir()}
