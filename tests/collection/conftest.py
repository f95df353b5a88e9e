import pytest


@pytest.fixture(autouse=True)
def english():
    """Unit tests assert the English messages; the browser tests check the Vietnamese ones."""
    from django.utils import translation

    with translation.override("en"):
        yield
