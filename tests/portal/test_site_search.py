"""One search over news, documents and organisations that forgives diacritics."""

import datetime
import re

import pytest

from hoptac.portal.models import NewsIndexPage
from hoptac.directives.models import Document

from .test_pages import _article

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def content(portal, make_org):
    index = NewsIndexPage.objects.first()
    _article(index, "Nước sạch về với xã đảo", D(2024, 3, 1), slug="nuoc-sach", lead="Mô hình cấp nước.")
    _article(index, "Hội nghị tổng kết", D(2024, 4, 1), slug="hoi-nghi", lead="Tổng kết năm.")
    Document.objects.create(number="12/QĐ-UBND", title="Quyết định hỗ trợ hợp tác xã nước sạch nông thôn",
                            issued_on=D(2023, 1, 5), issuer="Ủy ban nhân dân thành phố", kind="quyet_dinh",
                            level="province")
    make_org(name="HTX Dịch vụ Nước sạch Tân Tiến")
    make_org(name="HTX Đánh cá Đông Hải")


def sections(html):
    return {name: re.findall(r"<li>(?:<a [^>]*>|<strong>)([^<]+)", html[html.index(f'id="r-{name}"'):].split("</section>")[0])
            for name in ("orgs", "news", "docs")}


@pytest.mark.parametrize("typed", ["nuoc sach", "NƯỚC SẠCH", "Nuoc Sạch"])
def test_search_without_marks_finds_news_documents_and_organisations(client, content, typed):
    found = sections(client.get("/tim-kiem/", {"q": typed}).content.decode())
    assert found == {"orgs": ["HTX Dịch vụ Nước sạch Tân Tiến"], "news": ["Nước sạch về với xã đảo"],
                     "docs": ["12/QĐ-UBND"]}


def test_d_with_stroke(client, content):
    found = sections(client.get("/tim-kiem/", {"q": "danh ca dong hai"}).content.decode())
    assert found["orgs"] == ["HTX Đánh cá Đông Hải"] and found["news"] == [] and found["docs"] == []
