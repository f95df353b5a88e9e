"""The report's wording: every published figure, both languages, any count."""

import re

from hoptac.reports.builder import build
from hoptac.reports.document import Chart, Heading

from .conftest import make_data

# SPEC §7, as the Vietnamese text writes them.
PUBLISHED_VI = ["549", "347", "202", "208", "139", "99", "29", "40", "34", "160", "01", "107", "09", "62.950",
                "8.183", "8.438 triệu đồng", "34,83%", "46,4 triệu đồng", "3,09 lần",
                "khoảng 300 tổ hợp tác", "trên 500 HTX đang hoạt động", "khoảng 400 tổ hợp tác",
                "trên 600 HTX đang hoạt động", "đóng góp khoảng 0,5% GRDP"]


def test_vietnamese_report_states_every_published_figure(demo_data):
    text = build(demo_data, "vi").plain_text()
    for figure in PUBLISHED_VI:
        assert figure in text, figure
    assert "160 HTX và 01 liên hiệp HTX" in text
    assert "107 HTX và 09 quỹ tín dụng nhân dân" in text
    assert "549 hợp tác xã (HTX)" in text


def test_decree_30_header(demo_data):
    header = build(demo_data, "vi").header
    assert header.issuer_parent == "UBND THÀNH PHỐ HẢI PHÒNG"
    assert header.issuer == "SỞ TÀI CHÍNH"
    assert header.nation == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert header.motto == "Độc lập - Tự do - Hạnh phúc"
    assert re.fullmatch(r"Số:\s+/BC-STC", header.number)
    assert re.fullmatch(r"Hải Phòng, ngày\s+tháng\s+năm 2026", header.place_date)


def test_title_names_the_period(demo_data):
    title = build(demo_data, "vi").title
    assert title.kind == "BÁO CÁO"
    assert title.subject == "Tình hình kinh tế tập thể trên địa bàn thành phố Hải Phòng giai đoạn 2002 - 2021"


def test_sections_are_numbered_in_roman(demo_data):
    headings = [b.text for b in build(demo_data, "vi").blocks if isinstance(b, Heading)]
    assert headings[0].startswith("I. SỐ LƯỢNG")
    assert [h.split(".")[0] for h in headings] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


def test_english_version_comes_from_the_same_builder(demo_data):
    text = build(demo_data, "en").plain_text()
    for figure in ["549 cooperatives", "347 are operating", "62,950 members", "8,183 workers",
                   "8,438 million VND", "34.83%", "46.4 million VND", "3.09 times", "1 union of cooperatives",
                   "9 people's credit funds", "about 300 cooperative groups", "above 600 operating cooperatives"]:
        assert figure in text, figure
    assert "SOCIALIST REPUBLIC OF VIETNAM" in text


def test_a_single_organisation_is_singular():
    values = {**make_data().values, "htx.established": 1, "lhhtx.established": 0, "htx.dissolved": 1,
              "qtdnd.dissolved": 0}
    data = make_data(values=values)
    vi, en = build(data, "vi").plain_text(), build(data, "en").plain_text()
    assert "có thêm 01 HTX được thành lập mới" in vi
    assert "01 HTX đã giải thể" in vi
    assert "1 cooperative was newly established" in en
    assert "1 cooperative was dissolved" in en


def test_zero_counts_are_said_in_words():
    values = {**make_data().values, "htx.established": 0, "lhhtx.established": 0, "htx.dissolved": 0,
              "qtdnd.dissolved": 0, "htx.not_operating": 0, "htx.active": 549}
    vi = build(make_data(values=values), "vi").plain_text()
    assert "không có HTX, liên hiệp HTX nào được thành lập mới" in vi
    assert "không có HTX hay quỹ tín dụng nhân dân nào giải thể" in vi
    assert "không có HTX nào tạm ngừng hoặc ngừng hoạt động" in vi
    assert " 0 HTX" not in vi


def test_unit_with_no_data_says_so_instead_of_zeros(empty_data):
    doc = build(empty_data, "vi")
    text = doc.plain_text()
    assert "chưa có số liệu để báo cáo" in text
    assert "huyện Bạch Long Vĩ" in text
    assert not doc.tables() and not doc.charts()
    assert not re.search(r"\b0 (HTX|thành viên)", text)
    assert "no figure to report" in build(empty_data, "en").plain_text()


def test_missing_annual_reports_are_explained():
    values = {**make_data().values, "members.total": 0, "workers.total": 0, "revenue.avg": None,
              "income.avg": None, "revenue.avg_vs_baseline_pct": None, "income.avg_vs_baseline_ratio": None,
              "reports.coverage_pct": 0}
    text = build(make_data(values=values), "vi").plain_text()
    assert "chưa tổng hợp được số thành viên và lao động" in text
    assert "chưa tính được các chỉ tiêu bình quân" in text


def test_tables_keep_raw_numbers_for_spreadsheets(demo_data):
    doc = build(demo_data, "vi")
    units = next(t for t in doc.tables() if t.key == "units")
    assert len(units.rows) == 15
    assert units.total[2].value == 549 and units.total[2].text == "549"
    assert units.total[7].value == 62950 and units.total[7].text == "62.950"
    economics = next(t for t in doc.tables() if t.key == "economics")
    assert economics.rows[0][4].text == "34,83%"
    assert abs(economics.rows[0][4].value - 34.8271) < 1e-9


def test_two_charts_are_svg(demo_data):
    charts = [b for b in build(demo_data, "vi").blocks if isinstance(b, Chart)]
    assert [c.key for c in charts] == ["sectors", "units"]
    assert all(c.svg.startswith("<svg") and "Nông nghiệp" in charts[0].svg for c in charts)


def test_data_quality_reports_unclassified_cooperatives(demo_data):
    text = build(demo_data, "vi").plain_text()
    assert "34 HTX chưa được ghi nhận lĩnh vực hoạt động" in text


def test_provenance_line(demo_data):
    doc = build(demo_data, "vi")
    assert doc.provenance.startswith("Số liệu tính đến ngày 31/12/2021")
    assert "hoptac phiên bản 0.1.0" in doc.provenance
    assert "16:30 ngày 25/11/2026" in doc.provenance


def test_a_chart_of_many_units_shows_the_twenty_largest():
    from hoptac.reports.data import ChildRow

    children = [ChildRow(f"{k:05d}", f"Xã số {k}", {"htx.total": k, "htx.active": k, "htx.not_operating": 0})
                for k in range(1, 41)]
    doc = build(make_data(children=children, children_level=3), "vi")
    chart = next(c for c in doc.charts() if c.key == "units")
    assert "(20 đơn vị có nhiều HTX nhất)" in chart.caption
    assert "Xã số 40" in chart.svg and "Xã số 21" in chart.svg and "Xã số 20<" not in chart.svg
    units = next(t for t in doc.tables() if t.key == "units")
    assert len(units.rows) == 40
