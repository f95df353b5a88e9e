"""The territory basis of SPEC §3 v2 (``territory_of`` T): the area a unit covered on T.

An organisation is in scope on a date E when its unit on E, carried to the units
in force on T, lies under the unit as it was on T:

* forward (E before the reform, T after): an old unit goes to the new unit its
  primary crosswalk entry names — ``UnitClosure`` of a new unit already lists
  those old units, so the closure alone answers;
* backward (E after the reform, T before): a new unit goes to every old unit
  that went into it, so it is in scope when *any* of them lies under the unit on
  T. A new unit formed from old units partly inside and partly outside is
  counted inside: a *boundary approximation*, listed by :func:`approximations`.

:func:`units_in` is the literal set of unit ids in scope (a few hundred at most,
one or two small queries); the engine counts with it as with a plain closure.
"""

from hoptac.geo.models import Crosswalk, Regime, UnitClosure


def _closure(unit):
    return set(UnitClosure.objects.filter(ancestor=unit).values_list("descendant_id", flat=True))


def _backward(under):
    """{new unit id} of the new units formed (wholly or partly) from the old units in ``under``."""
    return set(Crosswalk.objects.filter(old_id__in=under).values_list("new_id", flat=True))


def units_in(unit):
    """Ids of every unit whose organisations count under ``unit`` as it was (its regime's units,
    plus, for an old unit, the new units carried back to it)."""
    under = _closure(unit)
    if unit.regime == Regime.OLD:
        under |= _backward(under)
    return under


def approximations(unit):
    """The new units counted under old ``unit`` although part of them came from outside it:
    ``[(new unit, [old units inside], [old units outside])]``, ordered by code. Empty for a new unit."""
    if unit.regime != Regime.OLD:
        return []
    under = _closure(unit)
    links = Crosswalk.objects.filter(new_id__in=_backward(under)).select_related("old", "new").order_by("new__code")
    by_new = {}
    for link in links:
        inside, outside = by_new.setdefault(link.new, ([], []))
        (inside if link.old_id in under else outside).append(link.old)
    return [(new, inside, outside) for new, (inside, outside) in by_new.items() if outside]
