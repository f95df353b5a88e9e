import pytest

from tests.ops.installations import Template


@pytest.fixture(scope="session")
def template(django_db_setup, django_db_blocker, tmp_path_factory):
    """The migrated test database, copied once for the installations the tests make."""
    with django_db_blocker.unblock():
        made = Template(tmp_path_factory.mktemp("template"))
    yield made
    if made.engine == "postgresql":
        made.drop_all()
