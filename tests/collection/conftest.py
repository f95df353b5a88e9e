import pytest

from . import factories as f


@pytest.fixture
def people(db):
    """A cooperative, its local officer (district 303), a province officer and an outsider officer (304)."""
    coop = f.org(unit_code="303")
    other = f.org(unit_code="304")

    class People:
        organization = coop
        other_organization = other
        cooperative = f.user("htx", "cooperative", organization=coop)
        local = f.user("can-bo-303", "local_officer", units=[f.unit("303")])
        outsider = f.user("can-bo-304", "local_officer", units=[f.unit("304")])
        province = f.user("can-bo-so", "province_officer")
        viewer = f.user("lanh-dao", "viewer")

    return People


@pytest.fixture(autouse=True)
def english():
    """Unit tests assert the English messages; the browser tests check the Vietnamese ones."""
    from django.utils import translation

    with translation.override("en"):
        yield
