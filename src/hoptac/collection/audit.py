"""The one place collection writes to the audit trail.

``record`` forwards to ``hoptac.accounts.audit`` when that module provides a
``record`` function (the shared audit trail); until then the report's own step
history (:class:`~hoptac.collection.models.ReportStep`) is the record.
"""

import logging

logger = logging.getLogger("hoptac.collection.audit")

try:
    from hoptac.accounts import audit as _audit
except ImportError:  # pragma: no cover - depends on the accounts app's progress
    _audit = None


def record(action, *, user, obj, before=None, after=None):
    """Audit ``action`` (e.g. ``"collection.report.approved"``) on ``obj`` by ``user``."""
    if _audit is not None and hasattr(_audit, "record"):
        _audit.record(action, user=user, obj=obj, before=before, after=after)
        return
    logger.info("%s %s by %s", action, obj, getattr(user, "pk", None))


def record_bulk(action, model, count, *, user, note=""):
    """Audit a write of ``count`` rows of ``model`` at once (an Excel upload)."""
    if _audit is not None and hasattr(_audit, "record_bulk"):
        _audit.record_bulk(action, model, count, user=user, note=note)
        return
    logger.info("%s %s x%s by %s (%s)", action, model.__name__, count, getattr(user, "pk", None), note)
