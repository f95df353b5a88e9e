"""First in the middleware: where this request reads from, and who made it (for the request log)."""

from django.utils.functional import empty

from hoptac.ops import replica
from hoptac.ops.wsgi import DB_KEY, USER_KEY


class OperationsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.replica = replica.configured()

    def __call__(self, request):
        from_replica = self.replica and replica.wants_replica(request)
        token = replica.use_replica(from_replica)
        try:
            response = self.get_response(request)
        finally:
            replica.reset(token)
        request.environ[DB_KEY] = replica.ALIAS if from_replica else "primary"
        user = request.__dict__.get("user")  # only when something already asked who the user is
        if user is not None and getattr(user, "_wrapped", None) is not empty:
            try:
                if user.is_authenticated:
                    request.environ[USER_KEY] = user.get_username()
            except Exception:  # noqa: BLE001 (a broken session must not break the answer)
                pass
        return response
