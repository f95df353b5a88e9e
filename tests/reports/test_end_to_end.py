"""The demo's 2021 report from the real engine: every published figure, in all three formats."""

import datetime
import io
import re

import openpyxl
import pytest
from django.db import transaction

from hoptac.reports.data import collect
from hoptac.reports.services import render_data

from .test_renderers import FIGURES_VI, docx_text, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_register(django_db_setup, django_db_blocker):
    from hoptac.demo.generator import generate, until
    from hoptac.registry.interchange import import_tables

    # Imported once for the module inside a transaction that is rolled back afterwards, so the
    # register does not leak into the tests of other modules (each test runs in a savepoint).
    with django_db_blocker.unblock(), transaction.atomic():
        result = import_tables(until(generate(), datetime.date(2021, 12, 31)), source="demo")
        assert not getattr(result, "problems", None), result.problems[:3]
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_report_data(demo_register):
    return collect("31", 2021, since=datetime.date(2002, 1, 1), baseline_year=2001)


def test_engine_values_are_the_published_ones(demo_report_data):
    v = demo_report_data.values
    assert (v["htx.total"], v["htx.active"], v["htx.not_operating"]) == (549, 347, 202)
    assert v["htx.by_sector"] == {"agriculture": 208, "industry": 139, "trade": 99, "transport": 29, "other": 40,
                                  "unclassified": 34}
    assert (v["htx.established"], v["lhhtx.established"], v["htx.dissolved"], v["qtdnd.dissolved"]) == (160, 1, 107, 9)
    assert (v["members.total"], v["workers.total"]) == (62950, 8183)
    assert len(demo_report_data.children) == 15
    assert {t.year for t in demo_report_data.targets} == {2030, 2045}


def test_demo_report_states_every_published_figure_in_all_formats(demo_report_data):
    docx = render_data(demo_report_data, "docx")
    text, _ = docx_text(docx.content)
    pdf = pdf_text(render_data(demo_report_data, "pdf").content)
    flat_docx = re.sub(r"\s+", " ", text)
    for figure in FIGURES_VI:
        assert figure in flat_docx, ("docx", figure)
        assert figure in pdf, ("pdf", figure)
    book = openpyxl.load_workbook(io.BytesIO(render_data(demo_report_data, "xlsx").content))
    values = {r[4]: r[2] for r in book.worksheets[0].iter_rows(values_only=True) if isinstance(r[4], str)}
    assert (values["htx.total"], values["htx.active"], values["htx.not_operating"]) == (549, 347, 202)
    assert (values["htx.established"], values["lhhtx.established"]) == (160, 1)
    assert (values["htx.dissolved"], values["qtdnd.dissolved"]) == (107, 9)
    assert (values["members.total"], values["workers.total"]) == (62950, 8183)
    assert round(values["revenue.avg"]) == 8438 and round(values["revenue.avg_vs_baseline_pct"], 2) == 34.83
    assert round(values["income.avg"], 1) == 46.4 and round(values["income.avg_vs_baseline_ratio"], 2) == 3.09
    sectors = {r[1]: r[2] for r in book["Lĩnh vực"].iter_rows(min_row=3, values_only=True)}
    assert [sectors[k] for k in ("Nông nghiệp", "Công nghiệp – tiểu thủ công nghiệp", "Thương mại, chợ và dịch vụ",
                                 "Giao thông vận tải", "Khác", "Chưa phân loại")] == [
        208, 139, 99, 29, 40, 34]
    targets = {(r[1], r[2], r[3]) for r in book["Mục tiêu"].iter_rows(min_row=3, values_only=True)
               if isinstance(r[2], int)}
    assert ("Tổ hợp tác", 2030, "khoảng 300") in targets and ("HTX đang hoạt động", 2045, "trên 600") in targets


def test_a_district_report_from_the_engine(demo_register):
    data = collect("303", 2021, since=datetime.date(2002, 1, 1), baseline_year=2001)
    assert data.unit.name == "Quận Hồng Bàng"
    assert data.children_level == 3
    text = pdf_text(render_data(data, "pdf").content)
    assert "quận Hồng Bàng" in text


def test_a_unit_with_no_data_says_so(demo_register):
    data = collect("01", 2021)  # Hà Nội: not in the Hải Phòng demo
    assert not data.has_data
    text = pdf_text(render_data(data, "pdf").content)
    assert "chưa có số liệu để báo cáo" in text and "thành phố Hà Nội" in text
