"""BankID's service errors over HTTP, as BankID's RP guidelines say to treat them.

``maintenance`` (503): the RP may try again without telling the user, and shows RFA5
only when it keeps coming. ``internalError`` (500), ``alreadyInProgress`` and
``invalidParameters`` are never retried. The simulator answers the next API calls
with the fault asked for (``fail_next``), whatever they are.
"""

import time
from types import SimpleNamespace

import httpx
import pytest

from atvidaberg.etjanster.eid.bankid import RETRY_DELAYS
from atvidaberg.etjanster.eid.types import EidError
from atvidaberg.etjanster.login import providers
from atvidaberg.etjanster.login import transaction

ANNA = "198001019820"
ATTEMPTS = len(RETRY_DELAYS) + 1  # of one call to BankID


@pytest.fixture
def client(bankid_session, simulators):
    running, _ = simulators
    return (*bankid_session, running.url("control"))


def start(session):
    return session.post("/@eid/start", json={"provider": "bankid", "device": "other"})


def collect(session, token):
    response = session.post("/@eid/collect", json={"transaction": token})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_login_started_during_a_short_maintenance_goes_through(client):
    session, bankid, _ = client
    bankid.fail_next(503, "maintenance", count=ATTEMPTS - 1)
    before = time.monotonic()
    response = start(session)
    assert response.status_code == 200, response.text
    assert response.json()["qr"].startswith("bankid.")
    assert len(bankid.pending_orders()) == 1
    # It waited between the attempts, as BankID asks: not a busy loop.
    assert time.monotonic() - before >= sum(RETRY_DELAYS[: ATTEMPTS - 1])


def test_a_login_started_during_a_long_maintenance_says_rfa5(client):
    session, bankid, _ = client
    bankid.fail_next(503, "maintenance", count=ATTEMPTS)
    response = start(session)
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "RFA5"
    assert "maintenance" not in error["text"]
    assert bankid.pending_orders() == []


def test_an_internal_error_is_not_retried(client):
    session, bankid, _ = client
    bankid.fail_next(500, "internalError", count=1)
    response = start(session)
    # One try: a retry would have started an order, since the fault was used up.
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "RFA5"
    assert bankid.pending_orders() == []
    assert start(session).status_code == 200


def test_collect_during_maintenance_keeps_the_user_waiting_in_silence(client):
    session, bankid, control = client
    started = start(session).json()
    bankid.fail_next(503, "maintenance", count=2)
    for _ in range(2):  # two polls during the maintenance
        answer = collect(session, started["transaction"])
        assert answer["status"] == "pending"
        assert answer["message"] is None  # the page keeps what it said
        assert answer["qr"].startswith("bankid.")
    httpx.post(
        f"{control}/sim/bankid/approve",
        json={"qr": answer["qr"], "personalNumber": ANNA},
    ).raise_for_status()
    answer = collect(session, started["transaction"])
    assert answer["status"] == "complete", answer
    assert answer["user"]["fullname"] == "Anna Andersson"


def test_collect_during_maintenance_gives_up_when_the_order_has_expired(
    client, monkeypatch
):
    session, bankid, _ = client
    started = start(session).json()
    real_time = time.time
    # The portal's clock for its eID transactions: the order is older than BankID
    # keeps orders. Only that module's clock: moving the whole process's time.time
    # made the live server (waitress) close the test's kept-alive connection as idle.
    monkeypatch.setattr(
        transaction, "time", SimpleNamespace(time=lambda: real_time() + 181)
    )
    bankid.fail_next(503, "maintenance", count=1)
    answer = collect(session, started["transaction"])
    assert answer["status"] == "failed"
    assert answer["message"]["code"] == "RFA5"


def test_cancel_during_a_short_maintenance_still_cancels(client):
    session, bankid, _ = client
    started = start(session).json()
    bankid.fail_next(503, "maintenance", count=1)
    response = session.post(
        "/@eid/cancel", json={"transaction": started["transaction"]}
    )
    assert response.status_code == 200
    assert bankid.pending_orders() == []


@pytest.mark.parametrize(
    "error_code,message", [("alreadyInProgress", "RFA4"), ("invalidParameters", None)]
)
def test_errors_that_a_retry_cannot_mend_are_never_retried(
    eid_site, simulators, error_code, message
):
    running, _ = simulators
    bankid = running.simulators["bankid"]
    bankid.reset()
    bankid.fail_next(400, error_code, count=1)
    client = providers.bankid_client()
    with pytest.raises(EidError) as raised:
        client.auth(end_user_ip="192.0.2.1")
    assert raised.value.error_code == error_code
    if message:
        assert raised.value.message_code == message
    # The fault was used by the one call; nothing else reached BankID.
    assert bankid.pending_orders() == []
    client.auth(end_user_ip="192.0.2.1")
    assert len(bankid.pending_orders()) == 1
    bankid.reset()
