import pytest

from . import factories as f


@pytest.fixture
def people(db):
    """A cooperative, its local officer, a province officer and an outsider officer.

    The cooperative is in Phường Quán Toan (11296, district 303 until 30/6/2025, new
    Phường Hồng An 11602 from 1/7/2025); its local officer holds both the old district
    and the new commune (the officer who verifies before and after the reform). The
    outsider holds district 304 and new Phường Ngô Quyền (11329).
    """
    coop = f.org(unit_code=f.OWN_COMMUNE)
    other = f.org(unit_code=f.OTHER_COMMUNE)

    class People:
        organization = coop
        other_organization = other
        cooperative = f.user("htx", "cooperative", organization=coop)
        local = f.user("can-bo-303", "local_officer", units=[f.unit("303"), f.unit("11602", f.AFTER)])
        outsider = f.user("can-bo-304", "local_officer", units=[f.unit("304"), f.unit("11329", f.AFTER)])
        province = f.user("can-bo-so", "province_officer")
        viewer = f.user("lanh-dao", "viewer")

    return People


@pytest.fixture(autouse=True)
def english():
    """Unit tests assert the English messages; the browser tests check the Vietnamese ones."""
    from django.utils import translation

    with translation.override("en"):
        yield
