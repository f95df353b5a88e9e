import pytest


@pytest.fixture(scope="module")
def demo(demo_world, request):
    """The whole demo, committed to the test database (shared: see ``DemoWorld`` in tests/conftest.py)."""
    yield demo_world.get()
    demo_world.release(request.config)
