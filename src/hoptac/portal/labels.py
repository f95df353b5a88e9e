"""Display names of kinds, sectors and statuses on the portal.

Message context "portal" keeps these from taking another app's translation of
the same English word (e.g. "active" for a user account).
"""

from django.utils.translation import pgettext_lazy

from hoptac.registry.models import UNCLASSIFIED

KINDS = {
    "htx": pgettext_lazy("portal", "cooperative"),
    "lhhtx": pgettext_lazy("portal", "union of cooperatives"),
    "tht": pgettext_lazy("portal", "cooperative group"),
    "qtdnd": pgettext_lazy("portal", "people's credit fund"),
}
SECTORS = {
    "agriculture": pgettext_lazy("portal", "agriculture"),
    "industry": pgettext_lazy("portal", "industry and handicrafts"),
    "construction": pgettext_lazy("portal", "construction"),
    "trade": pgettext_lazy("portal", "trade, markets and services"),
    "transport": pgettext_lazy("portal", "transport"),
    "credit": pgettext_lazy("portal", "credit"),
    "environment": pgettext_lazy("portal", "environment, clean water, rural power"),
    "housing": pgettext_lazy("portal", "housing"),
    "other": pgettext_lazy("portal", "other"),
    UNCLASSIFIED: pgettext_lazy("portal", "unclassified"),
}
STATUSES = {
    "active": pgettext_lazy("portal", "operating"),
    "suspended": pgettext_lazy("portal", "suspended"),
    "stopped": pgettext_lazy("portal", "stopped, awaiting dissolution"),
    "dissolved": pgettext_lazy("portal", "dissolved"),
    "converted": pgettext_lazy("portal", "converted"),
    "merged": pgettext_lazy("portal", "merged"),
    "bankrupt": pgettext_lazy("portal", "bankrupt"),
    "revoked": pgettext_lazy("portal", "certificate revoked"),
    "consolidated": pgettext_lazy("portal", "consolidated"),
    "absorbed": pgettext_lazy("portal", "absorbed"),
    "divided": pgettext_lazy("portal", "divided"),
}
EVENTS = {
    "established": pgettext_lazy("portal", "established"),
    "suspended": pgettext_lazy("portal", "suspended"),
    "resumed": pgettext_lazy("portal", "resumed"),
    "stopped": pgettext_lazy("portal", "stopped operating"),
    "dissolved": pgettext_lazy("portal", "dissolved"),
    "converted": pgettext_lazy("portal", "converted"),
    "merged": pgettext_lazy("portal", "merged"),
    "relocated": pgettext_lazy("portal", "moved to another unit"),
    "reclassified": pgettext_lazy("portal", "changed sector"),
    "renamed": pgettext_lazy("portal", "renamed"),
    "bankrupt": pgettext_lazy("portal", "bankrupt"),
    "revoked": pgettext_lazy("portal", "certificate revoked"),
    "reinstated": pgettext_lazy("portal", "reinstated"),
    "consolidated": pgettext_lazy("portal", "consolidated"),
    "absorbed": pgettext_lazy("portal", "absorbed"),
    "divided": pgettext_lazy("portal", "divided"),
    "separated": pgettext_lazy("portal", "separated"),
}
