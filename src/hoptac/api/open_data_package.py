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

from django.core.cache import cache
from django.utils import timezone

from hoptac.indicators.dictionary import INDICATORS

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
    "suppressed": ("string", "Số liệu không công bố (ít hơn 3 báo cáo)",
                   "Codes of the indicators of the row left empty because fewer than 3 annual reports stand "
                   "behind them (separated by spaces); empty when every figure is published"),
}

def indicator_words(column):
    """(Vietnamese title, English description) of an indicator column such as ``htx.by_sector.trade``."""
    if column in INDICATORS:
        return INDICATORS[column]
    parent, _, entry = column.rpartition(".")
    if parent in INDICATORS:
        title, description = INDICATORS[parent]
        label = open_data._label("sectors", entry)
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
