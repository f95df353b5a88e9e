"""The words for the register's codes: kinds, sectors, statuses and event types.

One vocabulary for every surface (back office, portal, reports, API, indicators):
the labels are those of the model choices (:class:`~hoptac.registry.models.Kind`,
``Sector``, ``Status``, ``EventType``), each family under its own message context
in the registry's catalogue, so that the same English word can be said two ways:

- a **status** is the state an organisation is in, said as a state: ``dissolved`` is
  "đã giải thể", ``bankrupt`` "đã phá sản", ``active`` "đang hoạt động" (context ``status``);
- an **event** is what happened on its date, said as the act, in SPEC §2's words:
  ``dissolved`` is "giải thể", ``bankrupt`` "phá sản", ``established`` "thành lập"
  (context ``event``).

Kinds (context ``kind``) and sectors (context ``sector``) have one wording each; an
organisation with no sector recorded is ``UNCLASSIFIED``, "chưa phân loại".
"""

from django.utils.translation import pgettext_lazy

from hoptac.registry.models import UNCLASSIFIED, EventType, Kind, Sector, Status

KINDS = dict(Kind.choices)
SECTORS = {**dict(Sector.choices), UNCLASSIFIED: pgettext_lazy("sector", "unclassified")}
STATUSES = dict(Status.choices)
EVENTS = dict(EventType.choices)

FAMILIES = {"kinds": KINDS, "sectors": SECTORS, "statuses": STATUSES, "events": EVENTS}


def label(family, code):
    """The word for ``code`` in ``family`` ("kinds", "sectors", "statuses" or "events"),
    in the active language; a blank sector is unclassified, an unknown code is itself."""
    if family == "sectors" and not code:
        code = UNCLASSIFIED
    return str(FAMILIES[family].get(code, code))
