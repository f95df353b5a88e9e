"""Signals the register sends; other parts (the portal cache, indicator
aggregates) listen, so the register never imports them."""

from django.db import transaction
from django.dispatch import Signal

# Sent once the transaction that changed organisations, events or annual reports
# has committed. Arguments: ``organization_ids`` (a list, possibly empty for
# "many"), ``reason`` (a short code such as "lifecycle" or "import").
register_changed = Signal()


def announce_change(organization_ids=(), reason=""):
    """Send :data:`register_changed` after the current transaction commits."""
    ids = list(organization_ids)
    transaction.on_commit(lambda: register_changed.send(sender=None, organization_ids=ids, reason=reason))
