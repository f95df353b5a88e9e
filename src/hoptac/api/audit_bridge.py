"""Writes made through the API go to the shared audit trail (accounts)."""

import logging

logger = logging.getLogger("hoptac.api.audit")

try:
    from hoptac.accounts import audit as _audit
except ImportError:  # pragma: no cover - depends on the accounts app
    _audit = None


def created(obj, user, action):
    if _audit is not None and hasattr(_audit, "record_created"):
        _audit.record_created(obj, action, user=user)
    else:
        logger.info("%s %s by %s", action, obj, getattr(user, "pk", None))


def bulk(user, counts):
    if _audit is not None and hasattr(_audit, "record"):
        _audit.record("registry.import", None, after=counts, user=user, note="API bulk import")
    else:
        logger.info("registry.import %s by %s", counts, getattr(user, "pk", None))


def token(obj, user, action):
    """Token created or revoked (never the secret: only name, owner and prefix)."""
    after = {"user": obj.user_id, "name": obj.name, "prefix": obj.prefix, "read_only": obj.read_only,
             "revoked_at": obj.revoked_at.isoformat() if obj.revoked_at else None}
    if _audit is not None and hasattr(_audit, "record"):
        _audit.record(action, obj, after=after, user=user)
    else:
        logger.info("%s %s by %s", action, obj.prefix, getattr(user, "pk", None))
