"""One Hải Phòng demo world for the journey and crawl modules of this folder (the shared
``demo_world`` of tests/conftest.py, with its portal pages), committed so that a live
server thread sees it. The journeys commit writes (reports, uploads, audit entries):
the world is built anew after them."""

import pytest


@pytest.fixture(scope="module")
def world(demo_world, request):
    """(BuildResult, accounts) of the demo, with its portal pages."""
    yield demo_world.get(portal=True)
    demo_world.release(request.config)
