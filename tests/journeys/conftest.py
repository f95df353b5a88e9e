"""One Hải Phòng demo world for the journey and crawl modules of this folder (the shared
``demo_world`` of tests/conftest.py, with its portal pages), committed so that a live
server thread sees it. The journeys commit writes (reports, uploads, audit entries):
the world is built anew after them."""

import pytest

from tests.browser import LiveServer, browser  # noqa: F401 - browser is a fixture


@pytest.fixture(scope="module")
def world(demo_world, request):
    """(BuildResult, accounts) of the demo, with its portal pages."""
    yield demo_world.get(portal=True)
    demo_world.release(request.config)


@pytest.fixture(scope="module")
def live(world, demo_world, django_db_blocker):
    """The live server; the database stays open to it (and to the tests, outside any transaction) meanwhile."""
    with django_db_blocker.unblock():
        server = LiveServer()
        yield server
        server.stop()
    demo_world.spoil()  # a journey module committed their writes: whoever comes next gets a fresh demo
