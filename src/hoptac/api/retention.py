"""What the API keeps only for a while (``hoptac manage purge`` calls :func:`purge`): stored answers to
``Idempotency-Key`` retries, after ``HOPTAC_IDEMPOTENCY_HOURS``."""

import datetime

from django.conf import settings

from .models import IdempotencyRecord


def purge(now, dry_run=False):
    answers = IdempotencyRecord.objects.filter(
        created_at__lt=now - datetime.timedelta(hours=settings.HOPTAC_IDEMPOTENCY_HOURS))
    count = answers.count()
    if not dry_run:
        answers.delete()
    return {"answers": count}
