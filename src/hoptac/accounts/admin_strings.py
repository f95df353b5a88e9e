"""Back-office strings translated in the accounts catalogue.

Wagtail's own Vietnamese catalogue leaves many admin strings in English; the
ones an officer meets on the sign-in page, the dashboard and the register
listings are translated here (hoptac apps come before Wagtail in
INSTALLED_APPS, so their catalogues win). The geo app has no catalogue of its
own, so its back-office label is here too. Listing the strings in code keeps
them in the catalogue when ``makemessages`` is run again.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

WAGTAIL_STRINGS = [
    gettext_noop("Sign in to Wagtail"),
    gettext_noop("Sign in"),
    gettext_noop("Signing in…"),
    gettext_noop("Forgotten password?"),
    gettext_noop("Remember me"),
    gettext_noop("Search all pages…"),
    gettext_noop("Search…"),
    gettext_noop("Help"),
    gettext_noop("Shortcuts"),
    gettext_noop("Editor Guide"),
    gettext_noop("What's new in Wagtail %(version)s"),
    gettext_noop("Wagtail %(current_version)s editor guide"),
    ngettext_lazy("There is %(counter)s match", "There are %(counter)s matches", "counter"),
]

GEO_STRINGS = [
    gettext_noop("Administrative units"),
]
