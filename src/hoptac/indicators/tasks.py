"""Background tasks of the indicators app (run by ``hoptac worker``)."""

from django.tasks import task

from hoptac.indicators import summary


@task
def rebuild_summary():
    """Rebuild the year-end aggregates when the register changed since the last build."""
    summary.rebuild_if_stale()
