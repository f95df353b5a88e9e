"""The units of Hải Phòng the demo places organisations in.

Read from the installed ``vietnam-provinces`` package (the same source as the
unit tables), so that the generator needs no database: the 15 districts in
force before 1/7/2025 with their communes, and, for dates from the reform on,
the new communes those old communes map to.
"""

from dataclasses import dataclass
from functools import cache

PROVINCE = 31


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    type: str  # "phường", "xã", "thị trấn" (or the district's own type when it has no commune)
    district: str  # code of the old district


@dataclass(frozen=True)
class District:
    code: str
    name: str
    type: str
    places: tuple  # its communes (the district itself when it has none)
    new_places: tuple  # new communes (from 1/7/2025) its communes map to

    @property
    def urban(self):
        return self.type == "quận"


def _type(value):
    return str(getattr(value, "value", value))


@cache
def districts():
    """The districts of Hải Phòng before the reform, by code."""
    from vietnam_provinces import _ward_conversion_2025 as conversion
    from vietnam_provinces.base import Ward as NewWard
    from vietnam_provinces.legacy.base import District as OldDistrict
    from vietnam_provinces.legacy.base import Ward as OldWard

    new_names = {int(w.code): (w.name, _type(w.division_type)) for w in NewWard.iter_all() if w.province_code == PROVINCE}
    wards_of = {}
    for w in OldWard.iter_all():
        if w.province_code == PROVINCE:
            wards_of.setdefault(int(w.district_code), []).append(w)
    out = {}
    for d in sorted((d for d in OldDistrict.iter_all() if d.province_code == PROVINCE), key=lambda d: int(d.code)):
        code = f"{int(d.code):03d}"
        wards = sorted(wards_of.get(int(d.code), []), key=lambda w: int(w.code))
        places = tuple(Place(f"{int(w.code):05d}", w.name, _type(w.division_type), code) for w in wards)
        if not places:  # an island district without communes (Bạch Long Vĩ)
            places = (Place(code, d.name, _type(d.division_type), code),)
        new_codes = []
        for w in wards:
            entry = conversion.OLD_TO_NEW.get(int(w.code))
            if entry and entry.new_wards and entry.new_wards[0].code in new_names:
                new_codes.append(entry.new_wards[0].code)
        new_places = tuple(
            Place(f"{c:05d}", new_names[c][0], new_names[c][1], code) for c in sorted(set(new_codes))
        )
        out[code] = District(code, d.name, _type(d.division_type), places, new_places)
    return out
