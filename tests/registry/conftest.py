import datetime

import pytest


D = datetime.date


@pytest.fixture
def english():
    """Messages in English, to match them in assertions (Vietnamese is the default)."""
    from django.utils import translation

    with translation.override("en"):
        yield
