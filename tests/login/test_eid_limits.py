"""Who starts logins, and how many: trusted proxies and the limits, over HTTP.

The live server's peer is always 127.0.0.1; a request "from a proxy" is one with
X-Forwarded-For while 127.0.0.1 is a trusted proxy, and other clients are told apart
by the address that proxy reports. What BankID received is read off the simulator.
"""

import time

import pytest
import transaction

from atvidaberg.etjanster.login.settings import EID_PREFIX
from atvidaberg.etjanster.traffic.request import TRUSTED_PROXIES_RECORD

RESIDENT = "198.51.100.23"


@pytest.fixture
def site(eid_site, bankid_session):
    return (eid_site["portal"].portal_registry, *bankid_session)


def configure(registry, **settings):
    for name, value in settings.items():
        record = TRUSTED_PROXIES_RECORD if name == "trusted_proxies" else name
        registry[record if "." in record else f"{EID_PREFIX}.{record}"] = value
    transaction.commit()


def start(session, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return session.post(
        "/@eid/start", json={"provider": "bankid", "device": "other"}, headers=headers
    )


def end_user_ips(bankid):
    return [order.end_user_ip for order in bankid.pending_orders()]


def test_x_forwarded_for_from_an_untrusted_peer_is_ignored(site):
    registry, session, bankid = site
    configure(registry, trusted_proxies=["10.0.0.0/8"])  # not the test's 127.0.0.1
    assert start(session, forwarded_for=RESIDENT).status_code == 200
    assert end_user_ips(bankid) == ["127.0.0.1"]


def test_x_forwarded_for_from_a_trusted_proxy_is_the_end_user_ip(site):
    registry, session, bankid = site
    configure(registry, trusted_proxies=["127.0.0.1", "10.0.0.0/8"])
    # The client wrote a made-up address; the proxies appended what they saw.
    assert start(session, forwarded_for=f"6.6.6.6, {RESIDENT}, 10.1.2.3").status_code
    assert end_user_ips(bankid) == [RESIDENT]


def test_a_burst_from_one_client_is_refused_with_429_and_retry_after(site):
    """The issue's attack: 100 starts in seconds left 102 orders pending at BankID."""
    _registry, session, bankid = site
    began = time.monotonic()
    answers = [start(session) for _ in range(25)]  # the default limits: 10 a minute
    # A slow machine may see the bucket refill: one more start each 6 s.
    refilled = int((time.monotonic() - began) / 6)
    statuses = [answer.status_code for answer in answers]
    assert statuses[:10] == [200] * 10
    assert set(statuses) == {200, 429}
    assert 10 <= statuses.count(200) <= 10 + refilled
    assert len(bankid.pending_orders()) == statuses.count(200)
    refused = next(answer for answer in answers if answer.status_code == 429)
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    error = refused.json()["error"]
    assert error["type"] == "TooManyRequests"
    assert error["retryAfter"] == int(refused.headers["Retry-After"])
    assert error["message"].startswith(
        "För många inloggningar eller underskrifter har startats."
    )
    assert refused.headers["Retry-After"] in error["message"]


def test_another_client_is_still_served_but_a_forged_header_does_not_help(site):
    registry, session, bankid = site
    configure(registry, login_starts_per_client=3)
    statuses = [start(session).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    # The same client claiming to be someone else: not from a proxy, so not believed.
    assert start(session, forwarded_for="203.0.113.99").status_code == 429
    # Behind the trusted proxy, another resident is served; the flooding one is not.
    configure(registry, trusted_proxies=["127.0.0.1"])
    assert start(session, forwarded_for=RESIDENT).status_code == 200
    assert end_user_ips(bankid)[-1] == RESIDENT


def test_the_overall_limit_holds_for_many_clients(site):
    registry, session, bankid = site
    configure(
        registry,
        trusted_proxies=["127.0.0.1"],
        login_starts_per_client=2,
        login_starts_overall=5,
    )
    statuses = [start(session, f"198.51.100.{n}").status_code for n in range(1, 9)]
    assert statuses == [200] * 5 + [429] * 3
    assert len(bankid.pending_orders()) == 5
