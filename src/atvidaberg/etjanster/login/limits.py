"""How many e-legitimation orders clients may start: per client and overall.

Every start leaves an order pending at BankID or Freja for minutes, so starting them
is limited per client (``traffic.request.client_address``) and for all clients
together, in each process's memory (``traffic.ratelimit``): nothing is written to the
ZODB, and with several Zope processes each counts its own.
"""

from plone import api

from atvidaberg.etjanster import _
from atvidaberg.etjanster.login.settings import EID_PREFIX
from atvidaberg.etjanster.traffic import request as traffic
from atvidaberg.etjanster.traffic.ratelimit import Limit
from atvidaberg.etjanster.traffic.ratelimit import retry_after

LIMITER = "eid-start"
WINDOW_SECONDS = 60
TOO_MANY_STARTS = _(
    "Too many logins or signatures have been started. Please wait ${seconds} seconds and try again."
)


class TooManyStarts(Exception):
    """Answered 429 with ``Retry-After: seconds``."""

    def __init__(self, seconds):
        super().__init__(f"too many e-legitimation starts; retry after {seconds} s")
        self.seconds = seconds


def _limit(name):
    count = api.portal.get_registry_record(f"{EID_PREFIX}.{name}", default=None)
    return Limit(count, WINDOW_SECONDS) if count else None


def check_start(request):
    """Count one start by the request's client; ``TooManyStarts`` when over a limit."""
    limiter = traffic.limiter(
        LIMITER, _limit("login_starts_per_client"), _limit("login_starts_overall")
    )
    wait = limiter.acquire(traffic.client_key(traffic.client_address(request)))
    if wait:
        raise TooManyStarts(retry_after(wait))
