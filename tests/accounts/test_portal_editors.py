"""The roles that may publish news can edit and publish portal pages in Wagtail; the others cannot."""

import pytest
from wagtail.models import Page

from hoptac.accounts.portal_editors import GROUP_NAME
from hoptac.portal.pages import ensure_portal_pages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def portal_pages(db):
    """The portal's pages, made before the suite's people (tests/conftest.py's ``world``) are given roles."""
    ensure_portal_pages()


def news_page():
    return Page.objects.get(slug="tin-tuc")


@pytest.mark.parametrize("role, allowed", [
    ("editor", True), ("province_officer", True), ("admin", True),
    ("local_officer", False), ("cooperative", False), ("viewer", False),
])
def test_who_may_edit_and_publish_news(world, role, allowed):
    permissions = news_page().permissions_for_user(world[role])
    assert (permissions.can_edit(), permissions.can_publish(), permissions.can_add_subpage()) == (allowed,) * 3


def test_the_group_follows_the_role(world):
    editor = world["editor"]
    profile = editor.hoptac_profile
    profile.role = "viewer"
    profile.save()
    editor.refresh_from_db()
    assert not editor.groups.filter(name=GROUP_NAME).exists()
    assert not news_page().permissions_for_user(editor).can_edit()
    profile.role = "editor"
    profile.save()
    assert editor.groups.filter(name=GROUP_NAME).exists()


def test_an_editor_opens_the_news_editor_and_an_outsider_is_refused(world, client):
    from hoptac.accounts.testing import force_verified_login

    url = f"/admin/pages/{news_page().pk}/edit/"
    force_verified_login(client, world["editor"])
    assert client.get(url).status_code == 200
    force_verified_login(client, world["local_officer"])
    response = client.get(url)
    assert response.status_code in (302, 403) and "/edit/" not in response.get("Location", "")


def test_deleting_a_profile_or_a_user_takes_them_out(world):
    from django.contrib.auth.models import Group

    editors = Group.objects.get(name=GROUP_NAME)
    world["editor"].hoptac_profile.delete()
    assert not editors.user_set.filter(pk=world["editor"].pk).exists()
    world["province_officer"].delete()  # the user with its profile, in one go
    assert not editors.user_set.filter(username="so_tinh").exists()
    world["admin"].is_superuser = True
    world["admin"].save()
    world["admin"].delete()  # a superuser is an administrator whatever the profile says
    assert not editors.user_set.exists()
