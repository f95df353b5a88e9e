"""``Idempotency-Key`` for writes: the same key and body answer the same, once.

The write and the stored answer are saved in one transaction, under a unique
(user, key) constraint: when two identical requests race, one commits and the
other rolls back its work and returns the stored answer. Only successful
answers are stored; a refused request may be corrected and sent again with
the same key. An answer is kept for ``HOPTAC_IDEMPOTENCY_HOURS``: after that the
key is new again (and ``hoptac purge`` deletes the answer).
"""

import datetime
import functools
import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import IdempotencyRecord
from .problems import Problem

HEADER = "Idempotency-Key"


def fingerprint(request):
    h = hashlib.sha256()
    h.update(request.method.encode() + b" " + request.path.encode() + b"\n")
    if request.content_type == "multipart/form-data":
        for name in sorted(request.POST):
            h.update(f"{name}={request.POST.getlist(name)}\n".encode())
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                h.update(f"{name}:{upload.name}\n".encode())
                for chunk in upload.chunks():
                    h.update(chunk)
                upload.seek(0)
    else:
        h.update(request.body)
    return h.hexdigest()


def _replay(record):
    response = HttpResponse(bytes(record.body), status=record.status, content_type=record.content_type)
    response["Idempotent-Replayed"] = "true"
    return response


def _check(record, print_):
    if record.fingerprint != print_:
        raise Problem(422, _(
            "The Idempotency-Key %(key)r was already used for a different request. Use a new key for a new "
            "request; repeat a request only with exactly the same body."
        ) % {"key": record.key}, kind="idempotency-key-reused", title="Idempotency key reused")
    return _replay(record)


def idempotent(view):
    """Decorate a write view that returns an HttpResponse."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view(request, *args, **kwargs)
        key = key.strip()
        if not key or len(key) > 255:
            raise Problem(422, _("The Idempotency-Key header must have 1 to 255 characters, e.g. a UUID."),
                          kind="validation", title="Invalid input",
                          errors=[{"field": HEADER, "in": "header", "message": _("1 to 255 characters")}])
        user = request.auth
        print_ = fingerprint(request)
        expired = timezone.now() - datetime.timedelta(hours=settings.HOPTAC_IDEMPOTENCY_HOURS)
        IdempotencyRecord.objects.filter(user=user, key=key, created_at__lt=expired).delete()
        stored = IdempotencyRecord.objects.filter(user=user, key=key).first()
        if stored is not None:
            return _check(stored, print_)
        try:
            with transaction.atomic():
                response = view(request, *args, **kwargs)
                if 200 <= response.status_code < 300:
                    IdempotencyRecord.objects.create(
                        user=user, key=key, fingerprint=print_, method=request.method, path=request.path[:500],
                        status=response.status_code, content_type=response["Content-Type"], body=response.content,
                    )
        except IntegrityError:
            stored = IdempotencyRecord.objects.filter(user=user, key=key).first()
            if stored is None:
                raise
            return _check(stored, print_)
        return response

    return wrapper
