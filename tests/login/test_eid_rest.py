"""POST @eid/start, collect and cancel over HTTP, with the simulators as the other side."""

from urllib.parse import parse_qs
from urllib.parse import urlsplit

import httpx
import pytest
import transaction
from plone import api

from helpers import site_url

ANNA = "198001019820"
CECILIA = "199006229844"  # sekretessmarkering
FILIP = "199511309875"  # unknown to the register
ELSA = "194002049866"  # deceased
JSON = {"Accept": "application/json"}


@pytest.fixture
def client(eid_site):
    with httpx.Client(base_url=site_url(eid_site), headers=JSON) as session:
        yield session


@pytest.fixture
def control(simulators):
    running, _ = simulators
    with httpx.Client(base_url=running.url("control")) as session:
        yield session


def start(client, provider="bankid", device="other", **extra):
    response = client.post(
        "/@eid/start", json={"provider": provider, "device": device, **extra}
    )
    assert response.status_code == 200, response.text
    return response.json()


def collect(client, token):
    response = client.post("/@eid/collect", json={"transaction": token})
    assert response.status_code == 200, response.text
    return response.json()


def approve_bankid(control, qr, personal_number):
    response = control.post(
        "/sim/bankid/approve", json={"qr": qr, "personalNumber": personal_number}
    )
    assert response.status_code == 200, response.text


def test_start_gives_a_sealed_transaction_and_the_first_qr(client):
    answer = start(client)
    assert answer["qr"].startswith("bankid.")
    assert answer["pollAfterMs"] == 2000
    assert answer["autoStartUrl"] is None
    assert "etjanster_eid" in client.cookies
    # Nothing in the answer gives the secret away.
    assert "qrStartSecret" not in str(answer)
    _token, _time_part, code = answer["qr"].rsplit(".", 2)
    assert code not in answer["transaction"]


def test_same_device_gives_the_autostart_link(client):
    answer = start(client, device="same")
    assert answer["qr"] is None
    assert answer["autoStartUrl"].startswith("bankid:///?autostarttoken=")


def test_pending_shows_the_recommended_message(client):
    answer = collect(client, start(client)["transaction"])
    assert answer["status"] == "pending"
    assert answer["hintCode"] == "outstandingTransaction"
    assert answer["message"]["code"] == "RFA1"
    assert answer["message"]["text"]
    assert answer["qr"].startswith("bankid.")


def test_bankid_login_completes_with_the_registers_name(client, control, eid_site):
    started = start(client)
    approve_bankid(control, started["qr"], ANNA)
    answer = collect(client, started["transaction"])
    assert answer["status"] == "complete", answer
    assert answer["user"]["fullname"] == "Anna Andersson"
    assert answer["protectedIdentity"] is False
    assert answer["token"]
    user_id = answer["user"]["id"]
    assert ANNA not in user_id
    assert "__ac" in client.cookies
    # The session cookie is a real Plone login.
    me = client.get(f"/@users/{user_id}")
    assert me.status_code == 200
    assert me.json()["fullname"] == "Anna Andersson"
    # And so is the token, for headless clients.
    with httpx.Client(base_url=site_url(eid_site), headers=JSON) as other:
        response = other.get(
            f"/@users/{user_id}", headers={"Authorization": f"Bearer {answer['token']}"}
        )
        assert response.status_code == 200


def test_spar_is_told_the_residents_pseudonym_as_end_user(client, control, simulators):
    """SlutAnvandarId identifies who used the service: the resident's pseudonymous
    user id, which the municipality can trace in its own logs; never the number."""
    spar = simulators[0].simulators["spar"]
    spar.end_users.clear()
    for number in (ANNA, CECILIA):
        started = start(client)
        approve_bankid(control, started["qr"], number)
        answer = collect(client, started["transaction"])
        assert answer["status"] == "complete", answer
        asked_by = spar.end_users[-1]
        assert asked_by == answer["user"]["id"]
        assert asked_by.startswith("eid-")
        assert number not in asked_by and number[2:] not in asked_by
        client.cookies.clear()
    assert len(set(spar.end_users)) == 2  # one pseudonym per resident


def test_a_completed_transaction_cannot_log_in_again(client, control):
    started = start(client)
    approve_bankid(control, started["qr"], ANNA)
    assert collect(client, started["transaction"])["status"] == "complete"
    client.cookies.delete("__ac")
    replay = collect(client, started["transaction"])
    assert replay["status"] == "failed"
    assert "__ac" not in client.cookies


def test_freja_login_completes(client, control):
    started = start(client, provider="freja", device="other")
    assert started["qr"].startswith(
        "frejaeid://bindUserToTransaction?transactionReference="
    )
    reference = parse_qs(urlsplit(started["qr"]).query)["transactionReference"][0]
    response = control.post("/sim/freja/approve", json={"ref": reference, "ssn": ANNA})
    assert response.status_code == 200, response.text
    answer = collect(client, started["transaction"])
    assert answer["status"] == "complete", answer
    assert answer["user"]["fullname"] == "Anna Andersson"


def test_protected_identity_is_flagged_and_nothing_is_taken_from_the_register(
    client, control, eid_site
):
    started = start(client)
    approve_bankid(control, started["qr"], CECILIA)
    answer = collect(client, started["transaction"])
    assert answer["status"] == "complete"
    assert answer["protectedIdentity"] is True
    # The name comes from the e-legitimation itself, never from the register's record.
    assert answer["user"]["fullname"] == "Cecilia Ceder"


def test_person_unknown_to_the_register_still_logs_in(client, control):
    started = start(client)
    approve_bankid(control, started["qr"], FILIP)
    answer = collect(client, started["transaction"])
    assert answer["status"] == "complete"
    assert answer["protectedIdentity"] is False


def test_deceased_person_is_not_logged_in(client, control):
    started = start(client)
    approve_bankid(control, started["qr"], ELSA)
    answer = collect(client, started["transaction"])
    assert answer["status"] == "failed"
    assert "kontaktcenter" in answer["message"]["text"]
    assert "__ac" not in client.cookies


def test_cancel(client):
    started = start(client)
    response = client.post("/@eid/cancel", json={"transaction": started["transaction"]})
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert collect(client, started["transaction"])["status"] == "failed"


@pytest.mark.parametrize(
    "body",
    [
        {"provider": "bankid", "device": "tablet"},
        {"provider": "mitt-id", "device": "other"},
        {},
    ],
)
def test_bad_start_is_a_clear_400(client, body):
    response = client.post("/@eid/start", json=body)
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "BadRequest"


def test_broken_json_and_unknown_action_are_400(client):
    response = client.post(
        "/@eid/start",
        content=b"{not json",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert client.post("/@eid/nothing", json={}).status_code == 400


def test_tampered_transaction_is_400(client):
    token = start(client)["transaction"]
    tampered = token[:-8] + ("x" if token[-8] != "x" else "y") + token[-7:]
    response = client.post("/@eid/collect", json={"transaction": tampered})
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "BadRequest"


def test_transaction_of_another_browser_is_400(client, eid_site):
    token = start(client)["transaction"]
    with httpx.Client(base_url=site_url(eid_site), headers=JSON) as attacker:
        attacker.post("/@eid/start", json={"provider": "bankid", "device": "other"})
        response = attacker.post("/@eid/collect", json={"transaction": token})
    assert response.status_code == 400
    assert "annan webbläsare" in response.json()["error"]["message"]


def test_polling_writes_nothing_to_the_database(client, eid_site):
    token = start(client)["transaction"]
    database = eid_site["portal"]._p_jar.db()
    transaction.commit()
    before = database.lastTransaction()
    for _ in range(100):
        assert collect(client, token)["status"] == "pending"
    assert database.lastTransaction() == before


def test_disabled_method_is_refused(client, eid_site):
    registry = eid_site["portal"].portal_registry
    registry["atvidaberg.etjanster.eid.enabled_methods"] = ["bankid_other"]
    transaction.commit()
    response = client.post("/@eid/start", json={"provider": "freja", "device": "other"})
    assert response.status_code == 400
    assert api is not None
