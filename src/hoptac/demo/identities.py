"""The demo's register identity of SPEC §2 v2, added after the generated register is imported:
former certificate numbers, registration authorities, VSIC main lines of business, and a few old
records located only to their district (for the data-quality finding and the re-code screen).

None of it moves a §7 figure: identity fields are not counted, and a district holds the communes
its organisations were in, so every count of the city and of its districts stays the same.
"""


from django.db.models import Count, Q

from hoptac.geo.models import Level
from hoptac.registry.lifecycle import rebuild_states
from hoptac.registry.models import GONE_STATUSES, Event, EventType, Kind, Organization, Sector

# A plausible main line of business (VSIC 2018, level 4) for each sector.
VSIC_BY_SECTOR = {
    Sector.AGRICULTURE: ("0161", "0112", "0118", "0145", "0321"),
    Sector.INDUSTRY: ("1079", "1622", "3290", "2592"),
    Sector.CONSTRUCTION: ("4299", "4390"),
    Sector.TRADE: ("4711", "4632", "4610"),
    Sector.TRANSPORT: ("4932", "4933", "5022"),
    Sector.CREDIT: ("6419",),
    Sector.ENVIRONMENT: ("3600", "3811"),
    Sector.HOUSING: ("6810",),
    Sector.OTHER: ("9639", "8299"),
}
# Unclassified organisations given a VSIC code: the data-quality finding proposes their sector.
UNCLASSIFIED_WITH_VSIC = 8
# Old records (established before 2010, in a rural district, never relocated) located only to the district.
DISTRICT_ONLY = 6
RURAL_DISTRICTS = ("313", "314", "315", "316")
LEGACY_BEFORE_YEAR = 2016  # certificates issued before registrations were integrated with the tax code


def _authority(org):
    """Who registered the organisation: the district until 30/6/2025, the commune after (Decree 125/2025)."""
    if org.kind == Kind.QTDND:
        return "Sở Kế hoạch và Đầu tư thành phố Hải Phòng"
    unit = org.established_unit
    if unit.level == Level.COMMUNE and unit.regime == "new":
        return f"Phòng Kinh tế {unit.name}"
    district = unit if unit.level == Level.DISTRICT else unit.parent
    return f"Phòng Tài chính – Kế hoạch {district.name}" if district else ""


def add_identities(rng):
    """Former numbers, registration authorities and VSIC codes on the generated organisations."""
    established = {
        e.organization_id: e.unit
        for e in Event.objects.filter(type=EventType.ESTABLISHED, voided_at__isnull=True)
        .select_related("unit", "unit__parent")
    }
    orgs = list(Organization.objects.order_by("code"))
    legacy_seq = 0
    unclassified = []
    for org in orgs:
        org.established_unit = established[org.pk]
        org.registered_by = _authority(org)
        if org.established_on.year < LEGACY_BEFORE_YEAR and org.kind in (Kind.HTX, Kind.LHHTX) and rng.random() < 0.6:
            legacy_seq += 1
            org.legacy_number = f"0207{legacy_seq:06d}"
        if org.sector:
            org.vsic = rng.choice(VSIC_BY_SECTOR[org.sector])
        else:
            unclassified.append(org)
    for org in rng.sample(unclassified, min(UNCLASSIFIED_WITH_VSIC, len(unclassified))):
        org.vsic = rng.choice(("0161", "4933", "3600", "1079", "4711", "0321", "4932", "3290"))
    Organization.objects.bulk_update(orgs, ["registered_by", "legacy_number", "vsic"], batch_size=500)


def locate_some_to_district(rng, avoid=()):
    """Record a few old cooperatives as the older files did: in their district, not their commune.

    Returns the organisations changed (their establishment names the district; their states rebuilt).
    """
    candidates = list(
        Organization.objects.filter(kind=Kind.HTX, established_on__year__lt=2010,
                                    unit__level=Level.COMMUNE, unit__parent__code__in=RURAL_DISTRICTS)
        .exclude(code__in=avoid).exclude(status__in=GONE_STATUSES)
        .annotate(moves=Count("events", filter=Q(events__type=EventType.RELOCATED)))
        .filter(moves=0).order_by("code")
    )
    chosen = rng.sample(candidates, min(DISTRICT_ONLY, len(candidates)))
    for org in chosen:
        Event.objects.filter(organization=org, type=EventType.ESTABLISHED).update(unit=org.unit.parent)
    rebuild_states([o.pk for o in chosen])
    return chosen
