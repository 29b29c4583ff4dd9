"""The client of a Zope request, its bearer token, and process-wide rate limiters built
from settings.

``client_address(request)`` is what every part of the portal uses for "who is asking"
(BankID's endUserIp, rate limits): the peer address, or the client that a trusted
proxy (the setting ``trusted_proxies``) reports in ``X-Forwarded-For``.
"""

import functools
import ipaddress
import logging
import threading

from plone import api

from atvidaberg.etjanster.traffic.address import InvalidNetwork
from atvidaberg.etjanster.traffic.address import client_address as _client_address
from atvidaberg.etjanster.traffic.address import parse_networks
from atvidaberg.etjanster.traffic.ratelimit import RateLimiter

TRUSTED_PROXIES_RECORD = "atvidaberg.etjanster.trusted_proxies"
# When the peer is no address at all (a test request, a unix socket).
UNKNOWN_CLIENT = "127.0.0.1"

logger = logging.getLogger(__name__)
_limiters = {}  # name -> (limits, RateLimiter)
_limiters_lock = threading.Lock()


def bearer_token(request):
    """The token of ``Authorization: Bearer <token>``, or None.

    Zope moves the Authorization header out of the headers into ``request._auth``
    (and the environment), so ``getHeader("Authorization")`` does not see it.
    """
    auth = getattr(request, "_auth", None) or ""
    return auth[7:] if auth[:7].lower() == "bearer " else None


@functools.lru_cache(maxsize=8)
def _networks(lines):
    try:
        return parse_networks(lines)
    except InvalidNetwork as error:  # the form refuses it; an import might not
        logger.error("Ignoring the trusted proxies: %r is not a network", str(error))
        return ()


def trusted_proxies():
    lines = api.portal.get_registry_record(TRUSTED_PROXIES_RECORD, default=None)
    return _networks(tuple(lines or ()))


def client_address(request):
    """The address of the client that sent ``request`` (see ``traffic.address``)."""
    environ = getattr(request, "environ", {}) or {}
    address = _client_address(
        environ.get("REMOTE_ADDR", ""),
        environ.get("HTTP_X_FORWARDED_FOR", ""),
        trusted_proxies(),
    )
    return address or UNKNOWN_CLIENT


def client_key(address):
    """The key a client is counted under: its IPv4 address, or its IPv6 /64.

    One IPv6 subscriber usually gets a whole /64 and can change address at will.
    """
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def limiter(name, per_client=None, overall=None):
    """The process's limiter ``name`` for these limits; a new one when they change.

    Limits come from settings that may change at any time: a changed limit starts
    counting afresh, an unchanged one keeps its counts.
    """
    limits = (per_client, overall)
    with _limiters_lock:
        known = _limiters.get(name)
        if known is None or known[0] != limits:
            known = (limits, RateLimiter(per_client, overall))
            _limiters[name] = known
        return known[1]


def reset_limiters():
    """Forget every count (tests start from a clean slate)."""
    with _limiters_lock:
        _limiters.clear()
