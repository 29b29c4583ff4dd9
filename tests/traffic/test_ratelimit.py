"""Token-bucket rate limits, per client and overall, without Plone."""

import threading

import pytest

from atvidaberg.etjanster.traffic.ratelimit import Limit
from atvidaberg.etjanster.traffic.ratelimit import RateLimiter
from atvidaberg.etjanster.traffic.ratelimit import retry_after


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_client_gets_its_burst_then_waits_for_the_refill():
    clock = Clock()
    limiter = RateLimiter(per_client=Limit(3, 60), clock=clock)
    assert [limiter.acquire("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.acquire("a") == pytest.approx(20.0)  # one token per 20 s
    # Another client is not affected.
    assert limiter.acquire("b") == 0.0
    clock.now += 19
    assert limiter.acquire("a") == pytest.approx(1.0)
    clock.now += 1
    assert limiter.acquire("a") == 0.0


def test_a_refused_request_uses_up_nothing():
    clock = Clock()
    limiter = RateLimiter(per_client=Limit(1, 10), overall=Limit(2, 10), clock=clock)
    assert limiter.acquire("flood") == 0.0
    for _ in range(100):
        assert limiter.acquire("flood") > 0
    # The flood's refused requests did not take the overall tokens.
    assert limiter.acquire("quiet") == 0.0
    assert limiter.acquire("third") == pytest.approx(5.0)  # overall: 2 per 10 s


def test_the_overall_limit_holds_whatever_the_clients():
    clock = Clock()
    limiter = RateLimiter(per_client=Limit(5, 60), overall=Limit(10, 60), clock=clock)
    passed = [limiter.acquire(f"client-{n}") == 0.0 for n in range(50)]
    assert passed.count(True) == 10


def test_no_limits_let_everything_through():
    limiter = RateLimiter()
    assert all(limiter.acquire("a") == 0.0 for _ in range(1000))


def test_idle_clients_are_forgotten_so_memory_stays_bounded():
    clock = Clock()
    limiter = RateLimiter(per_client=Limit(2, 10), clock=clock, max_clients=100)
    for n in range(1000):
        limiter.acquire(f"client-{n}")
        clock.now += 0.01
    assert limiter.clients() <= 100


def test_threads_together_get_exactly_the_limit():
    limiter = RateLimiter(per_client=Limit(100, 3600), overall=Limit(150, 3600))
    passed = []
    barrier = threading.Barrier(8)

    def hammer(client):
        barrier.wait()
        for _ in range(50):
            if limiter.acquire(client) == 0.0:
                passed.append(client)

    threads = [threading.Thread(target=hammer, args=(f"c{n % 2}",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(passed) == 150
    assert passed.count("c0") <= 100 and passed.count("c1") <= 100


@pytest.mark.parametrize("seconds,header", [(0.01, 1), (1.0, 1), (1.2, 2), (59.9, 60)])
def test_retry_after_is_whole_seconds_rounded_up(seconds, header):
    assert retry_after(seconds) == header


def test_a_limit_must_allow_something():
    with pytest.raises(ValueError):
        Limit(0, 60)
