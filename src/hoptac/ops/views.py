import hmac
import ipaddress

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from hoptac.ops import ledger, metrics

FORWARDING_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")


def operator_may_read(request):
    """The operator's token, or a direct connection from an allowed address.

    A request that came through a proxy (it carries a forwarding header) is not
    believed to come from the proxy's own address: the public reaches the
    server through the proxy, often from loopback.
    """
    token = settings.HOPTAC_METRICS_TOKEN
    given = request.META.get("HTTP_AUTHORIZATION", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    if any(request.META.get(header) for header in FORWARDING_HEADERS):
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in settings.HOPTAC_METRICS_ALLOW)


@never_cache
@require_GET
def metrics_view(request):
    """Prometheus text for the operator; a 404 for everyone else."""
    if not operator_may_read(request):
        raise Http404
    ledger.drain()  # this process's latest requests counted first; the others' are at most half a second behind
    body = metrics.request_metrics() + metrics.state_metrics()
    return HttpResponse(body, content_type="text/plain; version=0.0.4; charset=utf-8")
