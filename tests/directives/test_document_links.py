"""Links between documents: implements, replaces, amends; a cycle of "replaces" is refused."""

import pytest
from django.core.exceptions import ValidationError

from hoptac.accounts.testing import force_verified_login
from hoptac.directives.models import Document, check_replaces, replaces_cycle

pytestmark = pytest.mark.django_db


def test_replaces_cycle_finds_loops_of_any_length():
    assert not replaces_cycle({"a": {"b"}, "b": {"c"}, "c": set()})
    assert replaces_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}})
    assert replaces_cycle({"a": {"a"}})
    assert not replaces_cycle({"a": {"b", "c"}, "b": {"c"}})


def test_a_third_document_closing_the_loop_is_refused(make_document):
    a, b, c = make_document(), make_document(), make_document()
    b.replaces.add(a)
    c.replaces.add(b)
    with pytest.raises(ValidationError) as refused:
        check_replaces(a.pk, [c.pk])
    assert "vòng" in " ".join(refused.value.messages) or "cycle" in " ".join(refused.value.messages)
    check_replaces(a.pk, [])  # no links: nothing to refuse


def test_the_back_office_refuses_the_cycle_and_saves_nothing(client, world, make_document):
    a, b = make_document(number="1/KH-UBND"), make_document(number="2/KH-UBND")
    b.replaces.add(a)
    force_verified_login(client, world["province_officer"])
    response = client.post(f"/admin/directives/documents/{a.pk}/edit/", {
        "number": a.number, "issuer": a.issuer, "issued_on": "2020-05-08", "kind": "ke_hoach", "level": "province",
        "title": "Đã sửa", "replaces": [b.pk],
    })
    assert response.status_code == 200
    assert "thay thế lẫn nhau" in response.context["form"].errors["replaces"][0]
    a.refresh_from_db()
    assert a.title != "Đã sửa" and not a.replaces.exists()


def test_links_are_kept_and_shown_on_the_portal_data(make_document):
    from hoptac.portal.selectors import policy_documents

    central = make_document(number="13-NQ/TW", issuer="Ban Chấp hành Trung ương", level="central")
    city = make_document(number="08-NQ/TU", level="province")
    city.implements.add(central)
    hidden = make_document(number="99/CV-UBND", published=False)
    listed = {d.number: d for d in policy_documents()}
    assert hidden.number not in listed
    assert [d.number for d in listed["08-NQ/TU"].implements.all()] == ["13-NQ/TW"]
    assert [d.number for d in central.implemented_by.all()] == ["08-NQ/TU"]
    assert Document.objects.count() == 3
