"""The portal's documents page lists published directive documents with their links, never the unpublished."""

import datetime
import re

from hoptac.directives.models import Document

D = datetime.date


def _text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_published_documents_are_listed_with_their_links(client, portal):
    central = Document.objects.create(number="13-NQ/TW", issuer="Ban Chấp hành Trung ương", kind="nghi_quyet",
                                      level="central", issued_on=D(2002, 3, 18), title="Nghị quyết về kinh tế tập thể")
    plan = Document.objects.create(number="74-KH/TU", issuer="Ban Thường vụ Thành ủy", kind="ke_hoach",
                                   level="province", issued_on=D(2021, 9, 4), title="Kế hoạch tổng kết 20 năm")
    plan.implements.add(central)
    old = Document.objects.create(number="58/KH-UBND", issuer="Ủy ban nhân dân thành phố", kind="ke_hoach",
                                  level="province", issued_on=D(2011, 3, 30), title="Kế hoạch 2011–2015")
    new = Document.objects.create(number="95/KH-UBND", issuer="Ủy ban nhân dân thành phố", kind="ke_hoach",
                                  level="province", issued_on=D(2016, 4, 19), title="Kế hoạch 2016–2020")
    new.replaces.add(old)
    Document.objects.create(number="99/CV-SKH", issuer="Sở", kind="cong_van", level="province",
                            issued_on=D(2021, 1, 5), title="Công văn nội bộ", published=False)

    response = client.get("/van-ban/")
    assert response.status_code == 200
    text = _text(response)
    for number in ("13-NQ/TW", "74-KH/TU", "58/KH-UBND", "95/KH-UBND"):
        assert number in text
    assert "99/CV-SKH" not in text and "Công văn nội bộ" not in text
    # The plan names what it implements, the new plan what it replaces, with the date in Vietnamese form.
    after_plan = text[text.index("74-KH/TU"):]
    assert re.search(r"Triển khai 13-NQ/TW \(18/03/2002\)", after_plan)
    after_new = text[text.index("95/KH-UBND"):]
    assert re.search(r"Thay thế 58/KH-UBND \(30/03/2011\)", after_new)
