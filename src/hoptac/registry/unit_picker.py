"""The unit picker: wherever a person chooses an administrative unit (registering an
organisation, an event, a target, the Excel template, completeness, a review report).

A text box that takes a code (``303``), a name without diacritics (``hong bang``) or
the label the picker writes (``Quận Hồng Bàng (303)``). In the browser
(``registry/unit-picker.js``) it is an ARIA combobox that lists the user's own units
with their kind and dates, asking :func:`pick` while the person types. It is
limited to the units the user works in (a local officer: their units and those
under them; province-wide roles: the province) and starts on the user's own unit.
"""

import datetime
import functools

from django import forms
from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from hoptac.core import dates
from hoptac.accounts import policy
from hoptac.geo.models import Unit, UnitClosure
from hoptac.geo.search import describe, fold, label, search

MAX_RESULTS = 20


@functools.lru_cache(maxsize=4)
def _province_ids(code):
    provinces = Unit.objects.filter(code=code, level=1)
    return frozenset(UnitClosure.objects.filter(ancestor__in=provinces).values_list("descendant_id", flat=True))


def units_of(user):
    """Ids of the units ``user`` may choose: their own units (and below), or the province."""
    ids = policy.scope_unit_ids(user)
    if ids is None:
        return set(_province_ids(settings.HOPTAC_PROVINCE_CODE))
    return ids


def own_units(user, date=None):
    """The units a user works for, in force on ``date`` first: the picker's default and first suggestions."""
    date = date or datetime.date.today()
    if policy.role_of(user) == policy.LOCAL:
        units = list(user.hoptac_profile.units.all())
    elif policy.scope_unit_ids(user) is None:
        units = list(Unit.objects.filter(code=settings.HOPTAC_PROVINCE_CODE, level=1))
    else:
        units = []
    return sorted(units, key=lambda u: (not u.in_force_on(date), u.level, u.code))


def parse_date(raw):
    """31/12/2021, 2021-12-31 or a year (31 December of it); None otherwise."""
    raw = (raw or "").strip()
    if raw.isdigit() and len(raw) == 4:
        return datetime.date(int(raw), 12, 31)
    try:
        return dates.parse_typed(raw)
    except ValueError:
        return None


def pick(request):
    """JSON for the picker: ``?q=`` (empty: the user's own units first) and ``?date=``."""
    query, raw_date = request.GET.get("q", ""), (request.GET.get("date") or "").strip()
    date = parse_date(raw_date)
    units = search(query, within=units_of(request.user), date=date, limit=MAX_RESULTS)
    own = [] if fold(query) else own_units(request.user, date)
    results = []
    for unit in (own + [u for u in units if u not in own])[:MAX_RESULTS]:
        described = describe(unit, date)
        if raw_date.isdigit() and date is not None:  # a year: in force on any day of it
            described["in_force"] = unit.in_force_on(date) or bool(unit.valid_to and unit.valid_to.year == date.year)
        results.append(described)
    return JsonResponse({"results": results})


class UnitWidget(forms.TextInput):
    """A text box the picker script turns into a combobox (plain text box without scripts)."""

    template_name = "registry/widgets/unit_picker.html"

    def __init__(self, attrs=None, date_field=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.date_field = date_field

    def format_value(self, value):
        if value and str(value).strip().isdigit():
            unit = Unit.objects.filter(code=str(value).strip()).order_by("-valid_from").first()
            if unit is not None:
                return label(unit)
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(url=reverse_lazy("hoptac_unit_pick"), date_field=self.date_field or "")
        return context

    class Media:
        js = ["registry/unit-picker.js"]
        css = {"all": ["registry/unit-picker.css"]}


class UnitField(forms.CharField):
    """A unit chosen with the picker; cleans to its code (the form resolves it on its date).

    Accepts a code, "Name (code)", or a name that only one of the user's units has.
    Give it the user with :meth:`for_user` (forms do it in ``__init__``).
    """

    def __init__(self, *, date_field=None, **kwargs):
        kwargs.setdefault("max_length", 160)
        kwargs.setdefault("help_text", _("Type a name (diacritics optional) or a code and choose from the list."))
        super().__init__(widget=UnitWidget(date_field=date_field), **kwargs)
        self.user = None

    def for_user(self, user, default=True):
        """Limit name searches to the user's units and start on the user's own unit."""
        self.user = user
        if default and not self.initial:
            own = own_units(user)
            if own:
                self.initial = own[0].code
        return self

    def to_python(self, value):
        text = super().to_python(value).strip()
        if not text:
            return ""
        code = _code_in(text)
        if code:
            return code
        within = units_of(self.user) if self.user is not None else None
        matches = search(text, within=within, limit=6)
        codes = {u.code for u in matches}
        if len(codes) == 1:
            return matches[0].code
        if not matches:
            raise forms.ValidationError(_("No unit among yours is called “%(text)s”; type a name or a code and choose "
                                          "from the list.") % {"text": text})
        raise forms.ValidationError(_("Several units match “%(text)s”: %(units)s. Choose one from the list.") % {
            "text": text, "units": "; ".join(label(u) for u in matches[:5])})


def code_of(text, user=None):
    """The unit code in what was typed (a code, "Name (code)", or a name only one of the user's units has)."""
    try:
        return UnitField().for_user(user, default=False).clean(text) if user is not None else _code_in(text) or text
    except forms.ValidationError:
        return (text or "").strip()


def _code_in(text):
    """"303" → "303"; "Quận Hồng Bàng (303)" → "303"; anything else → ""."""
    if text.isdigit():
        return text
    if text.endswith(")") and "(" in text:
        inner = text[text.rindex("(") + 1:-1].strip()
        if inner.isdigit():
            return inner
    return ""
