"""On the demo: the export's documents and awards files, and the 2021 review citing them from the records."""

import csv
import datetime

import pytest
from django.utils import translation

from hoptac.registry.interchange import export_path
from hoptac.reports import builder, data

pytestmark = pytest.mark.django_db


def test_export_writes_the_citys_27_documents_and_the_36_awards(demo, tmp_path):
    export_path(tmp_path)
    documents = list(csv.DictReader((tmp_path / "documents.csv").open(encoding="utf-8-sig")))
    city = [d for d in documents if d["level"] == "province"]
    assert len(city) == 27 and {d["issued_on"][:4] for d in city} <= {str(y) for y in range(2002, 2022)}
    assert {"74-KH/TU", "13-NQ/TW", "70-KL/TW"} <= {d["number"] for d in documents}
    assert [d["issued_on"] for d in documents if d["number"] == "74-KH/TU"] == ["2021-09-04"]
    awards = list(csv.DictReader((tmp_path / "awards.csv").open(encoding="utf-8-sig")))
    assert len(awards) == 36 and {a["decision"] for a in awards} == {"2985/QĐ-UBND"}
    assert sum(a["recipient_kind"] == "individual" for a in awards) == 9


def test_the_2021_review_cites_the_documents_and_the_commendations(demo):
    with translation.override("vi"):
        report = builder.build(data.collect("31", 2021, since=datetime.date(2002, 1, 1), baseline_year=2001), "vi")
    text = "\n".join(getattr(b, "text", "") for b in report.blocks)
    assert "thành phố đã ban hành 27 văn bản chỉ đạo về kinh tế tập thể, triển khai 13-NQ/TW và 70-KL/TW." in text
    assert "27 tập thể và 09 cá nhân được khen thưởng (quyết định số 2985/QĐ-UBND ngày 25/10/2021)." in text
    assert "Kế hoạch hành động giai đoạn 2022–2030 giao 12 nhiệm vụ" in text
