"""The BankID client against the simulator, over real mutual TLS."""

import base64
import logging

import httpx
import pytest

from atvidaberg.etjanster.eid.bankid import RETRY_DELAYS
from atvidaberg.etjanster.eid.bankid import BankIdClient
from atvidaberg.etjanster.eid.bankid import _redact
from atvidaberg.etjanster.eid.types import COMPLETE
from atvidaberg.etjanster.eid.types import FAILED
from atvidaberg.etjanster.eid.types import PENDING
from atvidaberg.etjanster.eid.types import CollectResult
from atvidaberg.etjanster.eid.types import EidError
from atvidaberg.etjanster.eid.types import Order

ANNA = "198001019820"
BENGT = "197503159837"
FILIP = "199511309875"  # unknown to the register, but has a BankID
IP = "192.0.2.10"


@pytest.fixture
def sim(bankid_sim):
    simulator = bankid_sim.simulators["bankid"]
    simulator.reset()
    yield simulator
    simulator.reset()


@pytest.fixture
def client(bankid_sim, sim):
    pki = bankid_sim.pki
    with BankIdClient(
        bankid_sim.url("bankid") + "/rp/v6.0",
        cert=(pki.rp_cert, pki.rp_key),
        ca_cert=pki.ca_cert,
    ) as client:
        yield client


def app(bankid_sim, **body):
    """Play the user's app through the control server."""
    return httpx.post(bankid_sim.url("control") + "/sim/bankid/approve", json=body)


def test_auth_with_the_qr_code(bankid_sim, client):
    order = client.auth(IP)
    assert order.provider == "bankid" and order.kind == "auth"
    assert order.qr_start_secret and order.auto_start_token
    assert Order.from_dict(order.to_dict()) == order

    waiting = client.collect(order)
    assert (waiting.status, waiting.hint_code, waiting.message_code) == (
        PENDING,
        "outstandingTransaction",
        "RFA1",
    )
    assert client.collect(order, device="same").message_code == "RFA13"

    answer = app(bankid_sim, qr=client.qr_data(order), personalNumber=ANNA)
    assert answer.status_code == 200, answer.text

    result = client.collect(order)
    assert result.status == COMPLETE
    assert result.identity.personal_number == ANNA
    assert result.identity.name == "Anna Andersson"
    assert result.message_code == ""
    assert result.extra["device"]["ipAddress"] == IP
    assert result.extra["stepUp"] == {"mrtd": False}
    assert base64.b64decode(result.signature).startswith(b"<?xml")
    assert base64.b64decode(result.ocsp_response)


def test_a_complete_order_is_collected_once(bankid_sim, client):
    order = client.auth(IP)
    app(bankid_sim, orderRef=order.reference, personalNumber=FILIP)
    assert client.collect(order).identity.personal_number == FILIP
    with pytest.raises(EidError) as caught:
        client.collect(order)
    assert caught.value.error_code == "invalidParameters"
    assert caught.value.message_code == "RFA22"


def test_sign_shows_and_signs_the_text(bankid_sim, client):
    text = "Jag ansöker om **bygglov** för Ågatan 1."
    order = client.sign(IP, text, user_non_visible_data="ärende 42", device="same")
    assert order.kind == "sign"

    opened = app(
        bankid_sim,
        autoStartToken=order.auto_start_token,
        personalNumber=BENGT,
        action="start",
    )
    assert opened.json()["hintCode"] == "userSign"
    assert client.collect(order, device="same").message_code == "RFA9"

    app(bankid_sim, autoStartToken=order.auto_start_token, personalNumber=BENGT)
    result = client.collect(order)
    assert result.identity.name == "Bengt Bergström"
    signature = base64.b64decode(result.signature).decode()
    assert base64.b64encode(text.encode()).decode() in signature
    assert base64.b64encode("ärende 42".encode()).decode() in signature
    assert "<funcId>Signing</funcId>" in signature


def test_sign_needs_a_text(client):
    with pytest.raises(ValueError):
        client.sign(IP, "")


def test_already_in_progress_cancels_both(client):
    first = client.auth(IP, requirement={"personalNumber": ANNA})
    with pytest.raises(EidError) as caught:
        client.auth(IP, requirement={"personalNumber": ANNA})
    assert caught.value.error_code == "alreadyInProgress"
    assert caught.value.message_code == "RFA4"
    older = client.collect(first)
    assert (older.status, older.hint_code, older.message_code) == (
        FAILED,
        "cancelled",
        "RFA3",
    )
    # The next attempt starts cleanly.
    client.cancel(client.auth(IP, requirement={"personalNumber": ANNA}))


def test_the_required_person_only(bankid_sim, client):
    """Another person's app cannot take an order locked to a personnummer: the order
    fails (startFailed), so nobody can go on to approve it as someone else."""
    order = client.auth(IP, requirement={"personalNumber": ANNA})
    refused = app(bankid_sim, orderRef=order.reference, personalNumber=BENGT)
    assert refused.status_code == 400
    result = client.collect(order)
    assert (result.status, result.hint_code) == (FAILED, "startFailed")
    assert result.identity is None
    again = app(bankid_sim, orderRef=order.reference, personalNumber=ANNA)
    assert again.status_code == 400


@pytest.mark.parametrize("initiator", ["user", "RP"])
def test_phone_auth(bankid_sim, client, initiator):
    order = client.phone_auth(
        ANNA, initiator, user_visible_data="Du pratar med *Åtvidaberg*"
    )
    assert (order.kind, order.qr_start_token, order.auto_start_token) == (
        "auth",
        "",
        "",
    )
    assert client.collect(order).status == PENDING
    opened = app(
        bankid_sim, orderRef=order.reference, personalNumber=ANNA, action="start"
    )
    assert opened.json()["hintCode"] == "userCallConfirm"
    assert client.collect(order).hint_code == "userCallConfirm"
    app(bankid_sim, orderRef=order.reference, personalNumber=ANNA)
    result = client.collect(order)
    assert result.status == COMPLETE
    assert result.identity.personal_number == ANNA


def test_phone_sign_and_a_declined_call(bankid_sim, client):
    order = client.phone_sign(BENGT, "RP", "Jag bekräftar min ansökan.", "ärende 42")
    assert order.kind == "sign"
    app(
        bankid_sim, orderRef=order.reference, personalNumber=BENGT, action="declineCall"
    )
    result = client.collect(order)
    assert (result.status, result.hint_code) == (FAILED, "userDeclinedCall")
    with pytest.raises(ValueError):
        client.phone_auth(ANNA, "municipality")
    with pytest.raises(ValueError):
        client.phone_auth("8001019820", "user")


def test_no_risk_unless_asked_for(bankid_sim, client):
    order = client.auth(IP)
    app(bankid_sim, orderRef=order.reference, personalNumber=ANNA, risk="high")
    assert "risk" not in client.collect(order).extra


def test_user_cancels_in_the_app(bankid_sim, client):
    order = client.auth(IP)
    app(bankid_sim, orderRef=order.reference, personalNumber=ANNA, action="cancel")
    result = client.collect(order)
    assert (result.status, result.hint_code, result.message_code) == (
        FAILED,
        "userCancel",
        "RFA6",
    )


def test_cancel(client):
    order = client.auth(IP)
    client.cancel(order)
    with pytest.raises(EidError) as caught:
        client.collect(order)
    assert caught.value.error_code == "invalidParameters"


def test_start_failed_when_no_app_picks_the_order_up(client, sim):
    order = client.auth(IP)
    sim.advance(31)
    result = client.collect(order)
    assert (result.status, result.hint_code, result.message_code) == (
        FAILED,
        "startFailed",
        "RFA17B",
    )


def test_start_failed_on_this_device(client, sim):
    order = client.auth(IP, device="same")
    sim.advance(31)
    assert client.collect(order, device="same").message_code == "RFA17A"


def test_expired_transaction(bankid_sim, client, sim):
    order = client.auth(IP)
    app(bankid_sim, qr=client.qr_data(order), personalNumber=ANNA, action="start")
    sim.advance(60)
    assert client.collect(order).hint_code == "userSign"
    sim.advance(121)
    result = client.collect(order)
    assert (result.status, result.hint_code, result.message_code) == (
        FAILED,
        "expiredTransaction",
        "RFA8",
    )


def test_restart_after_start_failed_within_the_budget(bankid_sim, sim):
    now = [1000.0]
    pki = bankid_sim.pki
    client = BankIdClient(
        bankid_sim.url("bankid") + "/rp/v6.0",
        cert=(pki.rp_cert, pki.rp_key),
        ca_cert=pki.ca_cert,
        clock=lambda: now[0],
    )
    first = client.auth(IP)
    sim.advance(31)
    failed = client.collect(first)
    now[0] += 31
    again = client.restart_if_start_failed(
        first, failed, first.started_at, end_user_ip=IP
    )
    assert again.kind == "auth" and again.reference != first.reference
    assert client.collect(again).status == PENDING

    now[0] = first.started_at + 181
    assert (
        client.restart_if_start_failed(again, failed, first.started_at, end_user_ip=IP)
        is None
    )
    other = CollectResult(status=FAILED, hint_code="userCancel", message_code="RFA6")
    assert client.restart_if_start_failed(again, other, now[0], end_user_ip=IP) is None
    client.close()


@pytest.mark.parametrize(
    ("status", "error_code", "message_code"),
    [
        (408, "requestTimeout", "RFA5"),
        (500, "internalError", "RFA5"),
        (429, "tooManyRequests", "RFA22"),
    ],
)
def test_injected_errors(bankid_sim, client, status, error_code, message_code):
    injected = httpx.post(
        bankid_sim.url("control") + "/sim/bankid/fail-next",
        json={"status": status, "errorCode": error_code, "count": 2},
    )
    assert injected.status_code == 200
    for _ in range(2):
        with pytest.raises(EidError) as caught:
            client.auth(IP)
        assert caught.value.error_code == error_code
        assert caught.value.message_code == message_code
    client.cancel(client.auth(IP))


def test_maintenance_is_tried_again_after_a_pause_then_told_as_rfa5(bankid_sim):
    """BankID's guidelines: the RP may retry maintenance without telling the user;
    every other error above is raised at once (two faults, two failed calls)."""
    pki = bankid_sim.pki
    pauses = []
    client = BankIdClient(
        bankid_sim.url("bankid") + "/rp/v6.0",
        cert=(pki.rp_cert, pki.rp_key),
        ca_cert=pki.ca_cert,
        sleep=pauses.append,
    )
    fail_next = bankid_sim.url("control") + "/sim/bankid/fail-next"
    with client:
        httpx.post(fail_next, json={"status": 503, "count": 2}).raise_for_status()
        order = client.auth(IP)  # the third attempt gets through
        assert pauses == list(RETRY_DELAYS)
        pauses.clear()
        httpx.post(fail_next, json={"status": 503, "count": 3}).raise_for_status()
        with pytest.raises(EidError) as caught:
            client.cancel(order)
        assert caught.value.error_code == "maintenance"
        assert caught.value.message_code == "RFA5"
        assert pauses == list(RETRY_DELAYS)
        # Collect holds no thread: the caller's next poll is the retry.
        pauses.clear()
        httpx.post(fail_next, json={"status": 503, "count": 1}).raise_for_status()
        with pytest.raises(EidError) as caught:
            client.collect(order)
        assert caught.value.error_code == "maintenance"
        assert pauses == []
        assert client.collect(order).status == "pending"
        client.cancel(order)


def test_a_transport_error_is_rfa22(bankid_sim):
    pki = bankid_sim.pki
    with (
        BankIdClient(
            "https://127.0.0.1:9/rp/v6.0",
            cert=(pki.rp_cert, pki.rp_key),
            ca_cert=pki.ca_cert,
        ) as client,
        pytest.raises(EidError) as caught,
    ):
        client.auth(IP)
    assert caught.value.message_code == "RFA22"


def test_pkcs12_certificate(bankid_sim, sim):
    pki = bankid_sim.pki
    with BankIdClient(
        bankid_sim.url("bankid") + "/rp/v6.0",
        pkcs12_path=pki.rp_p12,
        password="qwerty123",
        ca_cert=pki.ca_cert,
    ) as client:
        order = client.auth(IP)
        client.cancel(order)


def test_one_pem_file_with_certificate_and_key(bankid_sim, sim, tmp_path):
    pki = bankid_sim.pki
    both = tmp_path / "rp-both.pem"
    both.write_bytes(pki.rp_cert.read_bytes() + pki.rp_key.read_bytes())
    with BankIdClient(
        bankid_sim.url("bankid") + "/rp/v6.0", cert=str(both), ca_cert=pki.ca_cert
    ) as client:
        client.cancel(client.auth(IP))


def test_a_certificate_is_required():
    with pytest.raises(ValueError):
        BankIdClient("https://127.0.0.1/rp/v6.0")


def test_auto_start_url(client):
    order = client.auth(IP)
    token = order.auto_start_token
    assert (
        client.auto_start_url(order)
        == f"bankid:///?autostarttoken={token}&redirect=null"
    )
    assert client.auto_start_url(order, app_link=True).startswith(
        f"https://app.bankid.com/?autostarttoken={token}&"
    )
    assert client.auto_start_url(order, redirect=None).endswith(token)
    client.cancel(order)


def test_the_log_never_gets_a_personnummer(client, caplog):
    caplog.set_level(logging.WARNING)
    client.auth(IP, requirement={"personalNumber": ANNA})
    with pytest.raises(EidError):
        client.auth(IP, requirement={"personalNumber": ANNA})
    assert "alreadyInProgress" in caplog.text
    assert ANNA not in caplog.text
    assert _redact(f"Order for {ANNA} or 8001019820") == "Order for … or …"
