"""The set-up the property tests share (test_properties.py for the v1 indicators, test_properties_v2.py
for v2): each generates its own registers, and both replay them the same way for their reference."""

from decimal import Decimal

from hypothesis import HealthCheck, settings

from hoptac.geo.models import Unit
from hoptac.registry.models import EventSuccessor, Grdp, Organization

SECTORS = ["", "agriculture", "trade", "other"]
STATUS_AFTER = {
    "suspended": "suspended", "stopped": "stopped", "resumed": "active", "dissolved": "dissolved",
    "converted": "converted", "merged": "merged", "bankrupt": "bankrupt", "revoked": "revoked",
    "reinstated": "active", "consolidated": "consolidated", "absorbed": "absorbed", "divided": "divided",
}
TERMINAL = {"dissolved", "converted", "merged", "bankrupt", "consolidated", "absorbed", "divided"}


def examples(n):
    """Hypothesis settings for a property test drawing ``n`` registers."""
    return settings(max_examples=n, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])


def clear_register():
    """Remove the register a previous example wrote (hypothesis runs the examples in one test)."""
    EventSuccessor.objects.all().delete()
    Organization.objects.all().delete()
    Grdp.objects.all().delete()


def state(org, date):
    """(status, unit id, sector) after every event of ``org["events"]`` dated on or before ``date``
    (recorded in date order, same-day in recording order); None before the first."""
    status = unit = sector = None
    for e in org["events"]:
        if e["date"] > date:
            break
        if e["type"] == "established":
            status, unit, sector = "active", e["unit"], e["sector"]
        elif e["type"] == "relocated":
            unit = e["unit"]
        elif e["type"] == "reclassified":
            sector = e["sector"]
        elif e["type"] in STATUS_AFTER:
            status = STATUS_AFTER[e["type"]]
    return None if status is None else (status, unit, sector)


def resolve_or_province(code, date):
    """The unit ``code`` on ``date``, or Hải Phòng when it is not in force then."""
    try:
        return Unit.objects.resolve(code, date)
    except Exception:
        return Unit.objects.resolve("31", date)


def assert_same(engine, ref, where, codes):
    """The engine's values equal the reference's for ``codes`` (decimals to 20 significant digits)."""
    for code in codes:
        a, b = engine.get(code), ref[code]
        if isinstance(b, Decimal) and isinstance(a, Decimal):
            assert abs(a - b) <= abs(b) * Decimal("1e-20"), (where, code, a, b)
        else:
            assert a == b, (where, code, a, b)
