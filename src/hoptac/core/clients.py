"""Who is at the other end: the client's address, behind trusted proxies or not.

A reverse proxy connects to the app server itself, so ``REMOTE_ADDR`` is the
proxy's address for every request. Only when the peer is one of
``HOPTAC_TRUSTED_PROXIES`` is its ``X-Forwarded-For`` header believed, and then
only as far as it was written by trusted proxies: the client is the right-most
address in the header that is not itself a trusted proxy. Anything to the left
of that was written by the client and may be forged. Sign-in lockout, the
anonymous API quota and the audit trail all use :func:`client_ip`.
"""

import ipaddress

from django.conf import settings


def parse_networks(entries):
    """``ip_network`` objects for addresses and CIDR blocks; ValueError names a bad entry."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ValueError(entry) from None
    return networks


def _address(text):
    """An address as a proxy writes it ("203.0.113.5", "[2001:db8::1]:443", "198.51.100.2:8080"), or None."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def is_trusted(address):
    if address is None:
        return False
    return any(address in network for network in settings.HOPTAC_TRUSTED_PROXIES)


def client_ip(request):
    """The client's address as text (None without a request or a peer address)."""
    if request is None:
        return None
    peer = request.META.get("REMOTE_ADDR") or None
    if not peer or not is_trusted(_address(peer)):
        return peer
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return peer  # a garbled header: nothing in it can be believed
        if not is_trusted(address):
            return str(address)
    return str(_address(hops[0])) if hops else peer
