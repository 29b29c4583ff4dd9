"""The Freja eID+ client against the simulator, over real mTLS."""

import base64
import dataclasses
import json
import socket
import unicodedata

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from atvidaberg.etjanster.eid import freja
from atvidaberg.etjanster.eid.freja import FrejaClient
from atvidaberg.etjanster.eid.types import COMPLETE
from atvidaberg.etjanster.eid.types import FAILED
from atvidaberg.etjanster.eid.types import PENDING
from atvidaberg.etjanster.eid.types import EidError
from atvidaberg.etjanster.eid.types import Order
from atvidaberg.etjanster.simulators.tls import P12_PASSWORD

ANNA = "198001019820"
BENGT = "197503159837"


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def sim(freja_sim, monkeypatch):
    simulator = freja_sim.simulators["freja"]
    simulator.reset()
    monkeypatch.setattr(simulator, "tamper", set())
    return simulator


@pytest.fixture
def clock(sim, monkeypatch):
    clock = Clock(1_760_000_000.0)
    monkeypatch.setattr(sim, "clock", clock)
    return clock


def _client(freja_sim, **options):
    pki = freja_sim.pki
    options.setdefault("cert", (pki.rp_cert, pki.rp_key))
    options.setdefault("jws_cert_path", pki.freja_jws_cert)
    return FrejaClient(
        freja_sim.url("freja"), ca_cert=pki.ca_cert, timeout=5, **options
    )


@pytest.fixture
def client(freja_sim, sim):
    with _client(freja_sim) as client:
        yield client


@pytest.fixture
def app(freja_sim):
    """Plays the person's Freja eID app through the control server."""

    def act(order, ssn=None, action="approve"):
        body = {"ref": order.reference, "action": action}
        if ssn:
            body["ssn"] = ssn
        response = httpx.post(
            f"{freja_sim.url('control')}/sim/freja/approve", json=body
        )
        assert response.status_code == 200, response.text
        return response.json()["status"]

    return act


def _jws_payload(jws):
    part = jws.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def test_login_with_personnummer_gives_the_person_from_the_verified_jws(client, app):
    order = client.auth(ANNA)
    assert (order.provider, order.kind) == ("freja", "auth")
    assert client.collect(order).status == PENDING

    assert app(order, ANNA) == "APPROVED"
    result = client.collect(order)

    assert result.status == COMPLETE
    assert result.identity.personal_number == ANNA
    assert result.identity.name == "Anna Andersson"
    payload = _jws_payload(result.signature)
    assert payload["authRef"] == order.reference
    assert payload["userInfoType"] == "SSN"
    assert payload["minRegistrationLevel"] == "PLUS"


def test_login_by_qr_code_names_whoever_scanned_it(client, app):
    order = client.auth()
    assert client.qr_link(order) == (
        f"frejaeid://bindUserToTransaction?transactionReference={order.reference}"
    )
    app(order, BENGT)
    result = client.collect(order)
    assert result.identity.personal_number == BENGT
    assert (result.identity.given_name, result.identity.surname) == (
        "Bengt",
        "Bergström",
    )
    assert _jws_payload(result.signature)["userInfoType"] == "INFERRED"


def test_app_link_opens_freja_on_this_device(client, freja_sim):
    order = client.auth()
    assert client.app_link(order) == (
        "https://app.prod.frejaeid.com/freja?action=bindUserToTransaction"
        f"&transactionReference={order.reference}"
    )
    assert client.app_link(order, "https://e.atvidaberg.se/x").endswith(
        "&originAppScheme=https%3A%2F%2Fe.atvidaberg.se%2Fx"
    )
    pki = freja_sim.pki
    kwargs = {
        "cert": (pki.rp_cert, pki.rp_key),
        "ca_cert": None,
        "jws_cert_path": pki.freja_jws_cert,
    }
    with FrejaClient(freja.TEST_URL, **kwargs) as test_client:
        assert test_client.app_link(order).startswith(
            "https://app.test.frejaeid.com/freja?"
        )
    with FrejaClient(
        freja.TEST_URL, app_url="http://sim/sim/freja/", **kwargs
    ) as local:
        assert local.app_link(order).startswith("http://sim/sim/freja/?action=")


def test_pending_while_the_app_has_the_request(client, app):
    order = client.auth(ANNA)
    assert client.collect(order).hint_code == "started"
    app(order, action="deliver")
    result = client.collect(order)
    assert (result.status, result.hint_code, result.message_code) == (
        PENDING,
        "deliveredToMobile",
        "RFA21",
    )


def test_declined_in_the_app_fails(client, app):
    order = client.auth(ANNA)
    app(order, ANNA, action="reject")
    result = client.collect(order)
    assert (result.status, result.hint_code, result.message_code) == (
        FAILED,
        "canceled",
        "RFA6",
    )
    assert result.identity is None
    assert freja.message(result.hint_code) == "Du avbröt i Freja eID-appen."


def test_cancelled_by_the_portal(client):
    order = client.auth(ANNA)
    client.cancel(order)
    result = client.collect(order)
    assert (result.status, result.hint_code) == (FAILED, "rpCanceled")
    client.cancel(order)  # a second cancel of a finished request is quietly nothing
    assert client.auth(ANNA).reference  # the person is free for a new login


def test_expires_after_two_minutes(client, clock):
    order = client.auth(ANNA)
    clock.advance(119)
    assert client.collect(order).status == PENDING
    clock.advance(1)
    result = client.collect(order)
    assert (result.status, result.hint_code, result.message_code) == (
        FAILED,
        "expired",
        "RFA3",
    )


def test_second_login_for_the_same_person_stops_both(client):
    first = client.auth(ANNA)
    with pytest.raises(EidError) as raised:
        client.auth(ANNA)
    assert (raised.value.error_code, raised.value.message_code) == ("2000", "RFA4")
    assert "pågår redan" in freja.message(raised.value.error_code)
    result = client.collect(first)
    assert (result.status, result.hint_code, result.message_code) == (
        FAILED,
        "rejected",
        "RFA3",
    )


def test_signature_of_text_and_hidden_data(client, app):
    order = client.sign(
        BENGT,
        "Ansökan om bygglov",
        "Jag intygar att uppgifterna är riktiga.",
        b"\x00pdf",
    )
    assert order.kind == "sign"
    app(order, BENGT)
    result = client.collect(order)
    assert result.status == COMPLETE
    assert result.identity.personal_number == BENGT
    payload = _jws_payload(result.signature)
    assert payload["signRef"] == order.reference
    assert payload["signatureType"] == "EXTENDED"
    signed = payload["signatureData"]["userSignature"]
    assert _jws_payload(signed)["binaryData"] == base64.b64encode(b"\x00pdf").decode()


def test_signature_by_qr_code(client, app):
    order = client.sign(None, "Samtycke", "Jag samtycker.")
    app(order, ANNA)
    result = client.collect(order)
    assert result.identity.personal_number == ANNA
    assert _jws_payload(result.signature)["signatureType"] == "SIMPLE"


@pytest.mark.parametrize("tamper", ["signature", "foreign-key", "reference", "status"])
def test_a_result_that_does_not_verify_is_refused(client, app, sim, tamper):
    order = client.auth(ANNA)
    app(order, ANNA)
    sim.tamper.add(tamper)
    with pytest.raises(EidError) as raised:
        client.collect(order)
    assert (raised.value.message_code, raised.value.error_code) == (
        "RFA22",
        "invalidResult",
    )


def test_a_jws_checked_against_another_certificate_is_refused(freja_sim, sim, app):
    with _client(freja_sim, jws_cert_path=freja_sim.pki.server_cert) as client:
        order = client.auth(ANNA)
        app(order, ANNA)
        with pytest.raises(EidError) as raised:
            client.collect(order)
    assert raised.value.message_code == "RFA22"


def test_a_signature_result_for_an_auth_order_is_refused(client, app):
    signature = client.sign(ANNA, "Titel", "Text")
    app(signature, ANNA)
    # An order claiming the sign reference as a login reference is unknown to Freja.
    forged = dataclasses.replace(signature, kind="auth")
    with pytest.raises(EidError) as raised:
        client.collect(forged)
    assert raised.value.error_code == "1100"


def test_freja_errors_become_messages_for_the_user(client):
    gone = Order(provider="freja", kind="auth", reference="gone", started_at=0.0)
    with pytest.raises(EidError) as raised:
        client.collect(gone)
    error = raised.value
    assert (error.error_code, error.message_code) == ("1100", "RFA22")
    assert freja.message(error.error_code) == "Begäran finns inte längre. Börja om."
    assert freja.message("1012").startswith("Personnumret har inget Freja eID+")
    assert freja.message("1012", "en").startswith("This personal identity number")


def test_a_person_without_freja_looks_like_anybody_at_the_start(client, sim):
    """Freja does not tell whether a personnummer has Freja eID+: the login starts,
    and nobody can approve it."""
    order = client.auth("191212121212")  # a valid number no fixture person has
    assert client.collect(order).status == PENDING
    with pytest.raises(ValueError):
        sim.act(order.reference)


def test_a_title_of_200_characters_is_shortened_to_freja_s_limit(client, sim):
    """Freja refuses titles over 128 characters with 3007, which users saw as RFA22."""
    for title in (
        "Ansökan om bygglov för " + "nybyggnad av enbostadshus " * 8,
        "Åtvidaberg ÄÖ " * 15,
        "🏠" * 200,  # two UTF-16 code units each
        "e\u0301" * 200,  # e and a combining accent, which has no precomposed form
    ):
        assert len(title) >= 200
        order = client.sign(ANNA, title, "Jag intygar att uppgifterna stämmer.")
        (shown,) = [t["title"] for t in sim.pending() if t["ref"] == order.reference]
        assert len(shown.encode("utf-16-le")) // 2 <= 128
        assert shown.endswith("…")
        assert unicodedata.normalize("NFC", title).startswith(shown[:-1])
        client.cancel(order)


def test_a_request_whose_base64_has_plus_and_slash_arrives_intact(client, sim):
    """The JSON's base64 goes unescaped, as Freja's own client sends it; sent
    form-encoded, every "+" would arrive as a space (and the simulator refuses it).

    The JSON is ASCII (json.dumps escapes the rest), so its base64 has a "+" only
    where a ">" or "~" and a "/" only where a "?" ends a group of three bytes: three
    of each in a row make sure of both.
    """
    title = "Vilka frågor??? Svar >>> här"
    order = client.sign(ANNA, title, "Jag intygar att uppgifterna stämmer.")
    path, content_type, body = sim.received[-1]
    assert (path, content_type) == ("/sign/1.0/initSignature", "application/json")
    assert "+" in body and "/" in body
    (shown,) = [t["title"] for t in sim.pending() if t["ref"] == order.reference]
    assert shown == title


def test_every_message_has_swedish_and_english():
    for key in freja.MESSAGES:
        assert freja.message(key, "sv") and freja.message(key, "en")
    assert freja.message("9999") == "Okänt fel. Försök igen."
    assert freja.message("9999", "en") == "Unknown error. Please try again."


def test_client_certificate_as_pkcs12(freja_sim, sim):
    with _client(
        freja_sim, cert=freja_sim.pki.rp_p12, cert_password=P12_PASSWORD
    ) as client:
        assert client.collect(client.auth(ANNA)).status == PENDING


def test_transport_failure_is_an_eid_error(freja_sim):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    pki = freja_sim.pki
    with (
        FrejaClient(
            f"https://127.0.0.1:{port}",
            cert=(pki.rp_cert, pki.rp_key),
            ca_cert=pki.ca_cert,
            jws_cert_path=pki.freja_jws_cert,
            timeout=2,
        ) as client,
        pytest.raises(EidError) as raised,
    ):
        client.auth(ANNA)
    assert (raised.value.message_code, raised.value.error_code) == ("RFA5", "transport")


def test_a_malformed_personnummer_is_refused_before_calling_freja(client):
    with pytest.raises(ValueError):
        client.auth("19800101-9820")


def test_the_rfa_messages_shown_for_freja_name_no_bankid_app():
    messages = pytest.importorskip("atvidaberg.etjanster.eid.messages")
    codes = {"RFA21", "RFA22", "RFA5", *freja.FAILED_STATUSES.values()}
    for code in codes | set(freja.ERROR_MESSAGE_CODES.values()):
        for language in ("sv", "en"):
            assert "BankID" not in messages.message(code, language), code


@given(st.text(min_size=0, max_size=300))
def test_shorten_title_fits_and_cuts_only_whole_characters(title):
    shortened = freja.shorten_title(title)
    normal = unicodedata.normalize("NFC", " ".join(title.split()))
    assert len(shortened.encode("utf-16-le")) // 2 <= freja.TITLE_MAX_LENGTH
    if shortened == normal:
        return
    assert shortened.endswith(freja.ELLIPSIS)
    kept = shortened[: -len(freja.ELLIPSIS)]
    assert normal.startswith(kept)
    # What follows the cut starts a character of its own: no accent or emoji part
    # was separated from its letter.
    rest = normal[len(kept) :].lstrip()
    assert not rest or not freja._continues(normal, len(normal) - len(rest))
