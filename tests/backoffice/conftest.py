import pytest

from hoptac.accounts.testing import force_verified_login


@pytest.fixture
def login(client):
    """login(user) signs a user in (with two-factor verified) and returns the client."""

    def sign_in(user):
        force_verified_login(client, user)
        return client

    return sign_in
