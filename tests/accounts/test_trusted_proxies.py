"""Behind a trusted reverse proxy each client keeps its own address."""

import ipaddress

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from hoptac.audit.models import AuditEntry
from hoptac.core.clients import client_ip
from tests.accounts.factories import make_user

pytestmark = pytest.mark.django_db
GOOD = "Hai-Phong-2025-xanh"
PROXY = "10.0.0.5"
BEHIND_PROXY = override_settings(HOPTAC_TRUSTED_PROXIES=[ipaddress.ip_network("10.0.0.0/24"),
                                                         ipaddress.ip_network("::1/128")])


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()


def request(peer, forwarded=None):
    meta = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@BEHIND_PROXY
def test_the_client_is_the_right_most_address_not_of_a_trusted_proxy():
    assert client_ip(request(PROXY, "203.0.113.7")) == "203.0.113.7"
    # The client wrote the left part itself: only what the trusted proxies appended counts.
    assert client_ip(request(PROXY, "1.2.3.4, 203.0.113.7, 10.0.0.9")) == "203.0.113.7"
    assert client_ip(request(PROXY, "[2001:db8::1]:443")) == "2001:db8::1"
    assert client_ip(request(PROXY, "not an address")) == PROXY
    assert client_ip(request(PROXY)) == PROXY


@BEHIND_PROXY
def test_a_peer_that_is_not_a_trusted_proxy_cannot_choose_its_address():
    assert client_ip(request("198.51.100.20", "203.0.113.7")) == "198.51.100.20"


def test_without_trusted_proxies_the_header_is_ignored():
    assert client_ip(request(PROXY, "203.0.113.7")) == PROXY


def sign_in(client, username, password, client_address):
    return client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=PROXY,
                       HTTP_X_FORWARDED_FOR=client_address)


@BEHIND_PROXY
def test_an_attacker_behind_the_proxy_locks_out_only_their_own_address(client):
    make_user("admin_that", "viewer", password=GOOD)
    for _ in range(6):
        sign_in(client, "admin_that", "sai", "203.0.113.66")
    assert "_auth_user_id" not in client.session
    assert sign_in(client, "admin_that", GOOD, "203.0.113.7").status_code == 302
    entry = AuditEntry.objects.filter(action__contains="sign").exclude(ip="203.0.113.66").order_by("-id").first()
    assert entry is not None and entry.ip == "203.0.113.7"


@BEHIND_PROXY
@override_settings(HOPTAC_API_ANON_RATE=2, HOPTAC_API_ANON_WINDOW=60)
def test_each_client_behind_the_proxy_has_its_own_anonymous_api_quota(client):
    def get(address):
        return client.get("/api/v1/units", {"code": "31", "date": "2021-12-31"}, REMOTE_ADDR=PROXY,
                          HTTP_X_FORWARDED_FOR=address).status_code

    assert [get("203.0.113.1") for _ in range(3)] == [200, 200, 429]
    assert get("203.0.113.2") == 200
