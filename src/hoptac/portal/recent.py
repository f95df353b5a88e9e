"""The views readers asked for lately, which :mod:`hoptac.portal.warm` computes again after a write.

A short list in the shared cache (newest first, each view once): noting a view costs one cache
read and, when it is not already the newest, one write — on uncached renders only."""

from django.core.cache import cache
from django.http import QueryDict

RECENT = "portal:warm:recent"
LIMIT = 8
STATISTICS, EXPLORER = "statistics", "explorer"
# The query parameters that choose what each view computes (the rest only format it).
PARAMS = {
    STATISTICS: ("unit", "date", "since", "baseline_year", "territory_of"),
    EXPLORER: ("indicator", "unit", "from", "to", "territory_of"),
}


def note(kind, site_id, query):
    """Remember that a reader asked for view ``kind`` with ``query`` (a QueryDict) on site
    ``site_id``. Views as recorded at a past moment are not noted (they are never remembered)."""
    if query.get("as_recorded"):
        return
    params = QueryDict(mutable=True)
    for name in PARAMS[kind]:
        values = [v for v in query.getlist(name) if v.strip()]
        if values:
            params.setlist(name, values)
    entry = (kind, site_id, params.urlencode())
    views = cache.get(RECENT) or []
    if views[:1] == [entry]:
        return
    cache.set(RECENT, [entry, *(e for e in views if e != entry)][:LIMIT], None)


def views():
    """[(kind, site id, query string)], newest first."""
    return list(cache.get(RECENT) or [])
