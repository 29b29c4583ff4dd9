"""One eID client per process and settings: connections kept alive, rebuilt on change.

Before, every request built its client (SSL context, certificates read from disk) and
shook hands with BankID anew; the simulator counts the connections it accepts.
"""

import os
import threading

import httpx
import pytest
import transaction

from atvidaberg.etjanster.login import providers
from atvidaberg.etjanster.login.settings import EID_PREFIX

from helpers import site_url

JSON = {"Accept": "application/json"}


@pytest.fixture
def bankid_connections(simulators, monkeypatch):
    """How many connections (TLS handshakes) BankID's simulator has accepted."""
    running, _ = simulators
    httpd = running.servers["bankid"].httpd
    accepted = []
    verify = httpd.verify_request

    def counting(request, client_address):
        accepted.append(client_address)
        return verify(request, client_address)

    monkeypatch.setattr(httpd, "verify_request", counting)
    return accepted


def test_polling_reuses_one_connection(eid_site, bankid_connections):
    with httpx.Client(base_url=site_url(eid_site), headers=JSON) as session:
        started = session.post(
            "/@eid/start", json={"provider": "bankid", "device": "other"}
        ).json()
        for _ in range(5):
            answer = session.post(
                "/@eid/collect", json={"transaction": started["transaction"]}
            ).json()
            assert answer["status"] == "pending"
    # Six calls to BankID; at most one new connection (none if one was kept alive).
    assert len(bankid_connections) <= 1


def test_the_client_is_shared_and_rebuilt_when_a_setting_changes(eid_site):
    first = providers.bankid_client()
    assert providers.bankid_client() is first
    assert providers.client_for("bankid") is first
    registry = eid_site["portal"].portal_registry
    registry[f"{EID_PREFIX}.bankid_url"] += "/"
    transaction.commit()
    rebuilt = providers.bankid_client()
    assert rebuilt is not first
    assert rebuilt.base_url == first.base_url  # trailing slash dropped; it works
    assert providers.bankid_client() is rebuilt


def test_a_renewed_certificate_file_rebuilds_the_client(eid_site):
    first = providers.bankid_client()
    ca_path = providers.setting("bankid_ca_path")
    status = os.stat(ca_path)
    try:
        os.utime(ca_path, ns=(status.st_atime_ns, status.st_mtime_ns + 10**9))
        assert providers.bankid_client() is not first
    finally:
        os.utime(ca_path, ns=(status.st_atime_ns, status.st_mtime_ns))


def test_threads_get_the_same_client(eid_site):
    providers.forget_clients()
    seen = []
    barrier = threading.Barrier(6)

    def use():
        barrier.wait()
        seen.append(providers.freja_client())

    from zope.component.hooks import getSite
    from zope.component.hooks import setSite

    site = getSite()

    def in_site():
        setSite(site)
        use()

    threads = [threading.Thread(target=in_site) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 6
    assert len({id(client) for client in seen}) == 1
