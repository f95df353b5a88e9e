import datetime

import pytest

D = datetime.date


@pytest.fixture
def make_document(db):
    from hoptac.directives.models import Document

    counter = {"n": 0}

    def make(number=None, issuer="Ủy ban nhân dân thành phố Hải Phòng", issued_on=D(2020, 5, 8), **fields):
        counter["n"] += 1
        fields.setdefault("kind", "ke_hoach")
        fields.setdefault("title", f"Kế hoạch thử nghiệm {counter['n']}")
        return Document.objects.create(number=number or f"{counter['n']}/KH-UBND", issuer=issuer,
                                       issued_on=issued_on, **fields)

    return make


@pytest.fixture
def make_task(make_document):
    from hoptac.directives.models import Task

    counter = {"n": 0}

    def make(document=None, starts_on=D(2022, 1, 1), deadline=D(2025, 12, 31), status="in_progress", **fields):
        counter["n"] += 1
        fields.setdefault("title", f"Nhiệm vụ {counter['n']}")
        fields.setdefault("lead_agency", "Sở Kế hoạch và Đầu tư")
        return Task.objects.create(code=f"NV-{counter['n']:02d}", document=document or make_document(),
                                   starts_on=starts_on, deadline=deadline, status=status, **fields)

    return make
