"""The Frictionless data package of the open data: ``datapackage.json`` and its Table Schemas.

Every file of the open-data page is a resource of one package, with a field
dictionary in Vietnamese (``title``) and English (``description``), so that
``frictionless validate`` checks the files against what the page promises. The
descriptor uses paths relative to itself: it is served beside the files at
``/du-lieu-mo/`` and packed with them in ``hoptac-du-lieu-mo.zip``.
"""

import io
import json
import zipfile

from . import open_data

# name -> (type, Vietnamese title, English description)
REGISTER_FIELDS = {
    "code": ("string", "Mã số đăng ký", "Registration number of the organisation"),
    "kind": ("string", "Loại hình (mã)", "Kind: htx cooperative, lhhtx union, tht cooperative group, "
                                         "qtdnd people's credit fund"),
    "kind_label": ("string", "Loại hình", "Kind, in Vietnamese"),
    "name": ("string", "Tên", "Name on the date of the file"),
    "unit": ("string", "Mã đơn vị hành chính", "Code of the administrative unit on the date of the file"),
    "unit_name": ("string", "Đơn vị hành chính", "Name of that unit"),
    "sector": ("string", "Lĩnh vực (mã)", "Sector code; empty when not classified"),
    "sector_label": ("string", "Lĩnh vực", "Sector, in Vietnamese"),
    "status": ("string", "Tình trạng (mã)", "Status code on the date of the file"),
    "status_label": ("string", "Tình trạng", "Status, in Vietnamese"),
    "established_on": ("date", "Ngày thành lập", "Date of establishment"),
    "address": ("string", "Địa chỉ", "Address"),
    "products": ("string", "Sản phẩm, dịch vụ chính", "Main products and services"),
    "phone": ("string", "Điện thoại", "Phone, only when the organisation agreed to publish it"),
    "email": ("string", "Thư điện tử", "Email, only when the organisation agreed to publish it"),
}

SERIES_FIELDS = {
    "year": ("integer", "Năm", "Year"),
    "date": ("date", "Ngày tính", "Date the figures are computed for (31 December of the year)"),
    "since": ("date", "Từ ngày", "Start of the period for counts of establishments and dissolutions"),
}

# Indicator code -> (Vietnamese title, English description); SPEC §3.
INDICATORS = {
    "htx.total": ("Số hợp tác xã", "Cooperatives existing on the date"),
    "htx.active": ("Số hợp tác xã đang hoạt động", "Of those, in operation"),
    "htx.not_operating": ("Số hợp tác xã tạm ngừng, ngừng hoạt động", "Of those, suspended or stopped"),
    "htx.by_sector": ("Số hợp tác xã theo lĩnh vực", "Cooperatives by sector"),
    "lhhtx.total": ("Số liên hiệp hợp tác xã", "Unions of cooperatives existing on the date"),
    "tht.total": ("Số tổ hợp tác", "Cooperative groups existing on the date"),
    "qtdnd.total": ("Số quỹ tín dụng nhân dân", "People's credit funds existing on the date"),
    "htx.total_incl_qtdnd": ("Số hợp tác xã kể cả quỹ tín dụng nhân dân",
                             "Cooperatives and people's credit funds together"),
    "htx.agriculture": ("Số hợp tác xã nông nghiệp", "Cooperatives in agriculture"),
    "htx.non_agriculture": ("Số hợp tác xã phi nông nghiệp", "Cooperatives in every other recorded sector"),
    "htx.established": ("Số hợp tác xã thành lập mới trong kỳ", "Cooperatives newly established in the period"),
    "lhhtx.established": ("Số liên hiệp hợp tác xã thành lập mới trong kỳ", "Unions established in the period"),
    "tht.established": ("Số tổ hợp tác thành lập mới trong kỳ", "Cooperative groups established in the period"),
    "qtdnd.established": ("Số quỹ tín dụng nhân dân thành lập mới trong kỳ",
                          "People's credit funds established in the period"),
    "htx.formed_by_reorganisation": ("Số hợp tác xã hình thành do tổ chức lại",
                                     "Cooperatives formed by reorganisation in the period"),
    "htx.dissolved": ("Số hợp tác xã giải thể trong kỳ", "Cooperatives dissolved in the period"),
    "qtdnd.dissolved": ("Số quỹ tín dụng nhân dân giải thể trong kỳ", "Credit funds dissolved in the period"),
    "htx.bankrupt": ("Số hợp tác xã phá sản trong kỳ", "Cooperatives declared bankrupt in the period"),
    "htx.revoked": ("Số hợp tác xã bị thu hồi giấy chứng nhận trong kỳ",
                    "Cooperatives whose registration was revoked in the period"),
    "htx.reorganised": ("Số hợp tác xã chấm dứt do tổ chức lại trong kỳ",
                        "Cooperatives ended by consolidation, absorption, division or merger"),
    "htx.converted_from_tht": ("Số tổ hợp tác chuyển thành hợp tác xã", "Cooperative groups converted into cooperatives"),
    "members.total": ("Tổng số thành viên hợp tác xã", "Members of cooperatives (annual reports)"),
    "members.official": ("Số thành viên chính thức", "Official members (annual reports)"),
    "members.joined": ("Số thành viên gia nhập trong năm", "Members who joined in the year"),
    "members.left": ("Số thành viên ra khỏi trong năm", "Members who left in the year"),
    "workers.total": ("Tổng số lao động trong hợp tác xã", "Workers in cooperatives (annual reports)"),
    "workers.regular": ("Số lao động thường xuyên", "Regular workers"),
    "workers.members": ("Số lao động là thành viên", "Workers who are members"),
    "tht.members": ("Số thành viên tổ hợp tác", "Members of cooperative groups"),
    "lhhtx.member_htx": ("Số hợp tác xã thành viên của liên hiệp", "Member cooperatives of unions"),
    "revenue.avg": ("Doanh thu bình quân một hợp tác xã (triệu đồng)", "Average revenue per report, million VND"),
    "revenue.avg_vs_baseline_pct": ("Doanh thu bình quân so với năm gốc (%)", "Average revenue against the baseline year, %"),
    "profit.avg": ("Lãi bình quân một hợp tác xã (triệu đồng)", "Average profit per report, million VND"),
    "revenue.with_members_pct": ("Tỷ trọng doanh thu với thành viên (%)", "Share of revenue made with members, %"),
    "income.avg": ("Thu nhập bình quân một lao động (triệu đồng/năm)", "Average income per worker, million VND a year"),
    "income.avg_vs_baseline_ratio": ("Thu nhập bình quân so với năm gốc (lần)", "Average income against the baseline year, times"),
    "grdp.share_pct": ("Tỷ trọng đóng góp vào GRDP (%)", "Share of value added in GRDP, %"),
    "grdp.share_source": ("Nguồn tỷ trọng GRDP", "official (published figure) or estimate (computed)"),
    "reports.coverage_pct": ("Tỷ lệ nộp báo cáo năm (%)", "Annual reports received against organisations, %"),
    "reports.on_time_pct": ("Tỷ lệ nộp báo cáo đúng hạn (%)", "Annual reports received on time, %"),
    "htx.good_fair_pct": ("Tỷ lệ hợp tác xã xếp loại tốt, khá (%)", "Cooperatives rated good or fair, %"),
    "htx.value_chain_pct": ("Tỷ lệ hợp tác xã tham gia chuỗi giá trị (%)", "Cooperatives in value chains, %"),
    "htx.value_chain_of_good_fair_pct": ("Tỷ lệ tham gia chuỗi giá trị trong số hợp tác xã tốt, khá (%)",
                                         "Of the cooperatives rated good or fair, those in value chains, %"),
    "htx.high_tech": ("Số hợp tác xã ứng dụng công nghệ cao", "Cooperatives applying high technology"),
    "managers.college_pct": ("Tỷ lệ cán bộ quản lý có trình độ cao đẳng trở lên (%)",
                             "Managers with a college degree or higher, %"),
    "population.share_pct": ("Tỷ lệ dân số là thành viên (%)", "Members against population, % (an upper bound)"),
}


def indicator_words(column):
    """(Vietnamese title, English description) of an indicator column such as ``htx.by_sector.trade``."""
    if column in INDICATORS:
        return INDICATORS[column]
    parent, _, entry = column.rpartition(".")
    if parent in INDICATORS:
        title, description = INDICATORS[parent]
        label = open_data._label(open_data.Sector, entry) if entry != "unclassified" else "chưa phân loại"
        return f"{title}: {label}", f"{description}: {entry}"
    return column, column


def _type(values):
    present = [v for v in values if v is not None and v != ""]
    if present and all(isinstance(v, bool) for v in present):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "integer"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "number"
    return "string"


def _field(name, kind, title, description):
    return {"name": name, "type": kind, "title": title, "description": description}


def register_schema():
    fields = [_field(name, *words) for name, words in REGISTER_FIELDS.items()]
    return {"fields": fields, "primaryKey": ["code"], "missingValues": [""]}


def series_schema(columns, rows):
    fields = []
    for c in columns:
        if c in SERIES_FIELDS:
            fields.append(_field(c, *SERIES_FIELDS[c]))
        else:
            fields.append(_field(c, _type([row.get(c) for row in rows]), *indicator_words(c)))
    return {"fields": fields, "primaryKey": ["year"], "missingValues": [""]}


def _licence():
    return {"name": "CC-BY-4.0", "title": open_data.LICENCE["title"], "path": open_data.LICENCE["url"]}


def _resource(name, path, title, description, schema):
    return {"name": name, "path": path, "title": title, "description": description, "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8-sig", "profile": "tabular-data-resource",
            "schema": schema, "licenses": [_licence()]}


def register_file_name():
    return "dang-ky-to-chuc.csv"


def series_file_name(code):
    return f"chi-tieu-{code}.csv"


def datasets():
    """What the package holds: [(resource descriptor, CSV bytes)] (built once per day and data version)."""
    from django.core.cache import cache
    from django.utils import timezone

    today = timezone.localdate()
    key = f"hoptac-open-package:{today}:{open_data.data_version()}"
    cached = cache.get(key)
    if cached is None:
        cached = _datasets(today)
        cache.set(key, cached, open_data.CACHE_SECONDS)
    return cached


def _datasets(today):
    body, _ = open_data.register_file("csv", today)
    out = [(_resource(
        "dang-ky-to-chuc", register_file_name(), "Sổ đăng ký công khai các tổ chức kinh tế tập thể",
        ("Tình trạng của mọi hợp tác xã, liên hiệp hợp tác xã, tổ hợp tác và quỹ tín dụng nhân dân vào ngày tải "
         f"({today.strftime('%d/%m/%Y')}): chỉ các thông tin đăng ký công khai, không có số liệu tài chính "
         "của từng tổ chức."),
        register_schema()), body)]
    years = open_data.default_years()
    for unit in open_data.provinces_with_data():
        document, columns, rows = open_data.indicator_table(unit.code, years)
        csv_body, _ = open_data.indicators_file(unit.code, "csv", years)
        out.append((_resource(
            f"chi-tieu-{unit.code}", series_file_name(unit.code),
            f"Chỉ tiêu kinh tế tập thể của {unit.name}, {years[0]}–{years[1]}",
            (f"Các chỉ tiêu tính vào ngày 31 tháng 12 của mỗi năm, từ {years[0]} (năm đầu tiên có báo cáo năm) "
             f"đến {years[1]}: số liệu tổng hợp, không có số liệu của từng tổ chức."),
            series_schema(columns, rows)), csv_body))
    return out


def descriptor(resources=None):
    """The ``datapackage.json`` document (a dict)."""
    resources = resources if resources is not None else [r for r, _ in datasets()]
    as_of = open_data.data_date()
    return {
        "profile": "tabular-data-package",
        "name": "hoptac-du-lieu-mo",
        "title": "Dữ liệu mở về kinh tế tập thể",
        "description": ("Sổ đăng ký công khai và các chỉ tiêu thống kê kinh tế tập thể của tỉnh, thành phố. "
                        f"Dữ liệu tính đến ngày {as_of.strftime('%d/%m/%Y')}. {open_data.LICENCE['note']}"),
        "version": as_of.isoformat(),
        "created": as_of.isoformat() + "T00:00:00Z",
        "licenses": [_licence()],
        "resources": resources,
    }


def descriptor_json(resources=None):
    return json.dumps(descriptor(resources), ensure_ascii=False, indent=2).encode("utf-8")


def zip_file():
    """``datapackage.json`` with every CSV file beside it, as one ZIP archive (bytes)."""
    files = datasets()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", descriptor_json([r for r, _ in files]))
        for resource, body in files:
            archive.writestr(resource["path"], body)
    return buffer.getvalue()
