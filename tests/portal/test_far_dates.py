"""A date the indicators cannot look back from is refused with a message."""

import datetime
from decimal import Decimal

from hoptac.registry.models import Target


def test_statistics_on_year_one_fall_back_with_a_message(client, portal, make_org, unit_on, settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = True  # a server error would raise here
    make_org()
    Target.objects.create(indicator="htx.active", unit=unit_on("31", datetime.date(2021, 12, 31)), year=2030, op=">",
                          value=Decimal(500), source="Nghị quyết")
    response = client.get("/en/thong-ke/?date=0001-01-01")
    assert response.status_code == 200
    assert "is not a date" in response.content.decode()


def test_the_indicators_api_refuses_year_one(db, settings):
    from tests.world import ApiClient

    settings.DEBUG_PROPAGATE_EXCEPTIONS = True
    response = ApiClient().get("/api/v1/indicators", {"unit": "31", "date": "0001-01-01"})
    assert response.status_code == 422
    assert "out of range" in response.json()["detail"]
