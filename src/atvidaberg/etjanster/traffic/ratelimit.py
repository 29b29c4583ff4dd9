"""Rate limits counted in process memory: token buckets, thread-safe (no Plone here).

A ``Limit`` of ``count`` per ``seconds`` lets a client make ``count`` requests at once
and then one more each ``seconds / count``: a token bucket that holds ``count`` tokens
and refills evenly. A ``RateLimiter`` checks a per-client limit and an overall one
together: a request passes only when both have a token, and only a request that passes
takes them, so a refused client does not use up the others' share.

Nothing is written to a database: each process counts its own requests, and a restart
forgets them. Used for starting e-legitimation orders; meant for any anonymous
endpoint that costs the portal or a partner something.
"""

import math
import threading
import time
from dataclasses import dataclass

# Clients remembered at most; beyond it the idle ones are forgotten first.
MAX_CLIENTS = 50_000


@dataclass(frozen=True)
class Limit:
    count: int  # requests allowed at once (the bucket's size) ...
    seconds: float  # ... and refilled evenly over this time

    def __post_init__(self):
        if self.count < 1 or self.seconds <= 0:
            raise ValueError("a limit needs a count of at least 1 and a positive time")

    @property
    def rate(self):
        return self.count / self.seconds


class _Buckets:
    """One bucket per key for one limit: key -> [tokens, time last updated]."""

    def __init__(self, limit, max_keys):
        self.limit = limit
        self.max_keys = max_keys
        self._buckets = {}

    def level(self, key, now):
        tokens, last = self._buckets.get(key, (self.limit.count, now))
        return min(self.limit.count, tokens + (now - last) * self.limit.rate)

    def wait(self, key, now):
        """Seconds until ``key`` has a token (0 when it has one now)."""
        missing = 1 - self.level(key, now)
        return 0.0 if missing <= 0 else missing / self.limit.rate

    def take(self, key, now):
        self._buckets[key] = [self.level(key, now) - 1, now]
        if len(self._buckets) > self.max_keys:
            self._forget(now)

    def _forget(self, now):
        """Drop full buckets (nothing to remember), then the longest idle if need be."""
        full = [k for k in self._buckets if self.level(k, now) >= self.limit.count]
        for key in full:
            del self._buckets[key]
        if len(self._buckets) > self.max_keys * 0.9:
            by_age = sorted(self._buckets, key=lambda k: self._buckets[k][1])
            for key in by_age[: len(by_age) // 2]:
                del self._buckets[key]

    def __len__(self):
        return len(self._buckets)


class RateLimiter:
    """A per-client ``Limit`` and an overall one, either may be None (no limit).

    ``acquire(client)`` answers 0.0 and counts the request when both limits have room,
    else the seconds until they would have (nothing counted). Thread-safe: one lock,
    held for microseconds.
    """

    _OVERALL = ""

    def __init__(
        self, per_client=None, overall=None, clock=time.monotonic, max_clients=None
    ):
        self.per_client = per_client
        self.overall = overall
        self.clock = clock
        self._lock = threading.Lock()
        self._clients = (
            _Buckets(per_client, max_clients or MAX_CLIENTS) if per_client else None
        )
        self._all = _Buckets(overall, 1) if overall else None

    def _pairs(self, client):
        if self._clients is not None:
            yield self._clients, client
        if self._all is not None:
            yield self._all, self._OVERALL

    def acquire(self, client):
        with self._lock:
            now = self.clock()
            pairs = list(self._pairs(client))
            wait = max((buckets.wait(key, now) for buckets, key in pairs), default=0.0)
            if wait > 0:
                return wait
            for buckets, key in pairs:
                buckets.take(key, now)
            return 0.0

    def clients(self):
        """How many clients are remembered (for tests and monitoring)."""
        with self._lock:
            return len(self._clients) if self._clients is not None else 0


def retry_after(seconds):
    """The whole seconds for a ``Retry-After`` header: rounded up, at least 1."""
    return max(1, math.ceil(seconds))
