"""Build the unit tables from the installed `vietnam-provinces` package.

Called by a data migration: the data ships with the package, nothing is fetched.
"""

import datetime
from collections import Counter, defaultdict

REFORM_DATE = datetime.date(2025, 7, 1)
LAST_OLD_DATE = datetime.date(2025, 6, 30)


def province_code(n):
    return f"{int(n):02d}"


def district_code(n):
    return f"{int(n):03d}"


def ward_code(n):
    return f"{int(n):05d}"


def _division(value):
    return str(getattr(value, "value", value))


def load_units(Unit, Crosswalk, UnitClosure, using="default"):
    from vietnam_provinces import _province_conversion_2025 as province_conversion
    from vietnam_provinces import _ward_conversion_2025 as ward_conversion
    from vietnam_provinces.base import Province, Ward
    from vietnam_provinces.legacy.base import District as OldDistrict
    from vietnam_provinces.legacy.base import Province as OldProvince
    from vietnam_provinces.legacy.base import Ward as OldWard

    manager = Unit.objects.using(using)

    def create(rows):
        return {u.code: u for u in manager.bulk_create(rows, batch_size=2000)}

    old_kw = {"regime": "old", "valid_from": None, "valid_to": LAST_OLD_DATE}
    new_kw = {"regime": "new", "valid_from": REFORM_DATE, "valid_to": None}

    old_provinces = create(
        Unit(code=province_code(p.code), name=p.name, division_type=_division(p.division_type), level=1, **old_kw)
        for p in OldProvince.iter_all()
    )
    old_districts = create(
        Unit(
            code=district_code(d.code),
            name=d.name,
            division_type=_division(d.division_type),
            level=2,
            parent=old_provinces[province_code(d.province_code)],
            **old_kw,
        )
        for d in OldDistrict.iter_all()
    )
    old_wards = create(
        Unit(
            code=ward_code(w.code),
            name=w.name,
            division_type=_division(w.division_type),
            level=3,
            parent=old_districts[district_code(w.district_code)],
            **old_kw,
        )
        for w in OldWard.iter_all()
    )
    new_provinces = create(
        Unit(code=province_code(p.code), name=p.name, division_type=_division(p.division_type), level=1, **new_kw)
        for p in Province.iter_all()
    )
    new_wards = create(
        Unit(
            code=ward_code(w.code),
            name=w.name,
            division_type=_division(w.division_type),
            level=3,
            parent=new_provinces[province_code(w.province_code)],
            **new_kw,
        )
        for w in Ward.iter_all()
    )

    # Crosswalk: wards from the official table; districts and provinces from
    # their wards (the primary target is where most of their wards went).
    crosswalk = []
    ward_targets = {}
    for old_code, entry in ward_conversion.OLD_TO_NEW.items():
        old = old_wards.get(ward_code(old_code))
        if old is None:
            continue
        targets = [new_wards[ward_code(n.code)] for n in entry.new_wards if ward_code(n.code) in new_wards]
        if not targets:
            continue
        ward_targets[old.code] = targets
        for i, new in enumerate(targets):
            crosswalk.append(Crosswalk(old=old, new=new, partial=entry.old_ward.is_partly_merged, primary=i == 0))

    new_province_of = {}  # old province code -> list of new province units, primary first
    for old_code, entry in province_conversion.OLD_TO_NEW.items():
        new_province_of[province_code(old_code)] = [new_provinces[province_code(n.code)] for n in entry.new_provinces]

    district_wards = defaultdict(list)
    for w in old_wards.values():
        district_wards[w.parent_id].append(w)
    province_by_id = {u.pk: u for u in new_provinces.values()}
    district_targets = {}
    for district in old_districts.values():
        counts = Counter()
        wards_new = []
        for w in district_wards[district.pk]:
            for new in ward_targets.get(w.code, []):
                counts[new.parent_id] += 1
                wards_new.append(new)
        if counts:
            ordered = [province_by_id[pk] for pk, _ in counts.most_common()]
        else:
            ordered = new_province_of[district.parent.code]
        district_targets[district.code] = ordered
        seen = set()
        for i, new in enumerate(ordered):
            crosswalk.append(Crosswalk(old=district, new=new, partial=len(ordered) > 1, primary=i == 0))
            seen.add(new.pk)
        # A district also maps to the new communes its wards went to (display only).
        for new in sorted({n.pk: n for n in wards_new}.values(), key=lambda u: u.code):
            crosswalk.append(Crosswalk(old=district, new=new, partial=True, primary=False))
    for code, targets in new_province_of.items():
        for i, new in enumerate(targets):
            crosswalk.append(
                Crosswalk(old=old_provinces[code], new=new, partial=len(targets) > 1, primary=i == 0)
            )
    Crosswalk.objects.using(using).bulk_create(crosswalk, batch_size=5000)

    # Closure.
    district_by_id = {d.pk: d for d in old_districts.values()}
    closure = []
    for u in old_provinces.values():
        closure.append((u, u))
    for d in old_districts.values():
        closure += [(d, d), (d.parent, d)]
    for w in old_wards.values():
        district = district_by_id[w.parent_id]
        closure += [(w, w), (district, w), (district.parent, w)]
    for p in new_provinces.values():
        closure.append((p, p))
    for w in new_wards.values():
        closure += [(w, w), (province_by_id[w.parent_id], w)]
    # Old units counted under new ones through their primary mapping.
    for code, targets in new_province_of.items():
        closure.append((targets[0], old_provinces[code]))
    for code, targets in district_targets.items():
        closure.append((targets[0], old_districts[code]))
    for w in old_wards.values():
        targets = ward_targets.get(w.code)
        if targets:
            primary = targets[0]
            closure += [(primary, w), (province_by_id[primary.parent_id], w)]
        else:
            closure.append((district_targets[district_by_id[w.parent_id].code][0], w))
    unique = {(a.pk, d.pk) for a, d in closure}
    UnitClosure.objects.using(using).bulk_create(
        (UnitClosure(ancestor_id=a, descendant_id=d) for a, d in sorted(unique)), batch_size=5000
    )

