"""The portal's standard answers computed ahead of the first reader after a write to the register.

Every figure the statistics page and the explorer show is remembered under the register's change
stamp (:mod:`hoptac.indicators.answers`), so the first reader after a write used to compute them all
(1–2 s for a province at national scale). After each committed change (``register_changed``) one
background task (:func:`warm_answers`, run by ``hoptac worker`` on its quick queue, never behind a
rebuild of the aggregates) computes, under the new stamp, the
views readers ask for first:

* for each site's province, the statistics page and the explorer with no parameters (their
  defaults: the explorer's series holds every indicator of the unit, so one covers them all);
* the last views the pages rendered (:mod:`hoptac.portal.recent`), e.g. a date
  the Department links to.

A reader who arrives before the task has finished computes the figures itself, as before: the
task stores what it computes under the stamp it read *before* computing, so a write made in the
meantime leaves its answers unused (never stale figures under a new stamp). Another write while
a task is queued queues no second one; the task forgets the request as it starts, so a write made
while it runs queues the next. With inline tasks (tests, ``HOPTAC_TASKS=inline``) nothing is
queued: the precompute would then run inside the writer's request.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.tasks import task
from wagtail.models import Site

from hoptac.portal import explorer, recent, selectors, statistics
from hoptac.portal.models.site import PortalSettings
from hoptac.registry.signals import register_changed

log = logging.getLogger(__name__)

REQUESTED = "portal:warm:requested"
REQUEST_SECONDS = 10 * 60  # a lost request (a worker that died) is asked again after this
REPORT_BASED_EXAMPLE = "revenue.avg"


def views():
    """[(kind, site id, query string)]: the defaults of every site, then the recent views."""
    defaults = [(kind, site_id, "") for site_id in Site.objects.values_list("pk", flat=True)
                for kind in (recent.STATISTICS, recent.EXPLORER)]
    return list(dict.fromkeys(defaults + recent.views()))


def compute(kind, portal_settings, query):
    """Compute (and so remember) what a public view of ``kind`` shows for ``query``."""
    get = QueryDict(query)
    if kind == recent.STATISTICS:
        choice = statistics.parse(get, portal_settings)
        statistics.build(choice, portal_settings)
        selectors.unit_choices(portal_settings.province_code, choice.date)
    else:
        explorer.compute(explorer.parse(get, portal_settings))
        # The same series with the reports behind its figures, which are read only for an indicator
        # taken from annual reports: the view of any other indicator of the same units is then computed.
        get = get.copy()
        get["indicator"] = REPORT_BASED_EXAMPLE
        explorer.compute(explorer.parse(get, portal_settings))
        selectors.directory_units(portal_settings.province_code)
    selectors.data_date()


def warm():
    """Compute every view of :func:`views`; returns how many were computed."""
    cache.delete(REQUESTED)  # a write from now on asks for the next precompute
    sites = {site.pk: site for site in Site.objects.all()}
    done = 0
    for kind, site_id, query in views():
        site = sites.get(site_id)
        if site is None:
            continue
        try:
            compute(kind, PortalSettings.for_site(site), query)
            done += 1
        except Exception:  # one bad remembered view must not stop the others
            log.exception("portal precompute of %s ?%s failed", kind, query)
    return done


# On the quick queue (``hoptac worker`` runs it beside the default one): never behind a rebuild of the
# year-end aggregates, which takes minutes at national scale and which readers do not wait for.
@task(queue_name=settings.QUICK_TASKS_QUEUE)
def warm_answers():
    """The background task: :func:`warm`."""
    warm()


def request(sender=None, **kwargs):
    """Queue one precompute (receiver of ``register_changed``; none while one is queued)."""
    if settings.HOPTAC_TASKS != "worker" or not cache.add(REQUESTED, 1, REQUEST_SECONDS):
        return
    try:
        warm_answers.enqueue()
    except Exception:
        cache.delete(REQUESTED)
        raise


def listen_to_register():
    register_changed.connect(request, dispatch_uid="portal-warm-register")
