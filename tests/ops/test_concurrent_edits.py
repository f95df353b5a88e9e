"""Two officers edit the same organisation or report at once: the second save is refused
with a message instead of silently overwriting the first."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from hoptac.collection.views import _version
from hoptac.registry.models import AnnualReport
from tests.accounts.factories import make_user
from tests.collection import factories as f

pytestmark = pytest.mark.django_db
STALE = "Người khác đã lưu hồ sơ này sau khi bạn mở trang"
FIGURES = {"members": "120", "workers": "15", "revenue": "8000", "profit": "350", "income": "46", "value_added": "900"}


def officer(name):
    client = Client()
    client.force_login(make_user(name, role="province_officer"))
    return client


def version_on(page):
    return re.search(r'name="edit_version" value="([0-9a-f]+)"', page.content.decode()).group(1)


def test_the_second_save_of_an_organisation_is_refused(world):
    org = world.own_org
    url = f"/admin/registry/organizations/{org.pk}/edit/"
    first, second = officer("canbo1"), officer("canbo2")
    form = {"address": org.address, "phone": org.phone, "email": org.email, "representative": org.representative,
            "products": org.products, "public_contact": ""}
    version_first, version_second = version_on(first.get(url)), version_on(second.get(url))
    assert version_first == version_second

    saved = first.post(url, {**form, "phone": "0225 111 111", "edit_version": version_first})
    refused = second.post(url, {**form, "email": "moi@example.vn", "edit_version": version_second})

    assert saved.status_code == 302
    assert refused.status_code == 200 and STALE in refused.content.decode()
    org.refresh_from_db()
    assert (org.phone, org.email) == ("0225 111 111", form["email"])
    assert version_on(refused) == version_second  # saving again stays refused until the page is reloaded
    again = second.post(url, {**form, "email": "moi@example.vn", "edit_version": version_on(second.get(url))})
    assert again.status_code == 302


def test_the_second_save_of_a_report_is_refused():
    org = f.org(unit_code="303")
    url = reverse("collection:report", kwargs={"code": org.code, "year": 2021})
    first, second = officer("canbo1"), officer("canbo2")
    version_first, version_second = version_on(first.get(url)), version_on(second.get(url))

    saved = first.post(url, {**FIGURES, "action": "save", "edit_version": version_first})
    refused = second.post(url, {**FIGURES, "members": "999", "action": "save", "edit_version": version_second})

    assert saved.status_code == 302
    assert refused.status_code == 200 and STALE in refused.content.decode()
    report = AnnualReport.objects.get(organization=org, year=2021)
    assert report.members == 120
    with translation.override("vi"):
        assert version_on(first.get(url)) == _version(report)
