"""One Hải Phòng demo world for each journey or crawl module of this folder: built once per module
(a few seconds; a package-scoped fixture would be set up before pytest-django's test database),
committed so that a live server thread sees it, and afterwards the database is put
back as the migrations left it (the journeys write reports, uploads, audit entries)."""

import pytest

from hoptac.demo import build


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, reference_data):
    """(BuildResult, accounts) of the demo, with its portal pages."""
    from django.core.cache import cache

    with django_db_blocker.unblock():
        cache.clear()
        result, accounts = build.build()
        build.create_portal_pages()
    yield result, accounts
    with django_db_blocker.unblock():
        reference_data.restore()
        cache.clear()
