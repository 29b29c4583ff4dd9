"""Rules of the login flow: safe return addresses, silent restarts, service errors."""

from urllib.parse import urlsplit

import httpx
import pytest
from plone import api

from atvidaberg.etjanster.login.flow import safe_came_from


@pytest.mark.parametrize(
    "came_from,inside",
    [
        ("{portal}/e-tjanster/bygglov/@@start", "/e-tjanster/bygglov/@@start"),
        ("{path}/e-tjanster?q=bygg", "/e-tjanster?q=bygg"),
        ("https://evil.example{path}", ""),
        ("//evil.example{path}", ""),
        ("{origin}/other-site", ""),
        ("{portal}x/", ""),
        ("javascript:alert(1)", ""),
        ("/\\evil.example{path}", ""),
        ("\\\\evil.example{path}", ""),
        ("https:evil.example{path}", ""),
        ("{portal}/../other-site", ""),
        ("{portal}/%2e%2e/other-site", ""),
        ("{portal}/..\\other-site", ""),
        ("{portal}/a/../e-tjanster", "/a/../e-tjanster"),
        ("", ""),
        (None, ""),
    ],
)
def test_returns_only_to_places_inside_the_portal(integration, came_from, inside):
    portal = api.portal.get().absolute_url()
    parts = urlsplit(portal)
    values = {
        "portal": portal,
        "path": parts.path,
        "origin": f"{parts.scheme}://{parts.netloc}",
    }
    requested = came_from.format(**values) if came_from else came_from
    assert safe_came_from(requested) == portal + inside


@pytest.fixture
def client(bankid_session):
    return bankid_session


def test_an_unscanned_qr_code_is_restarted_silently(client):
    session, bankid = client
    started = session.post(
        "/@eid/start", json={"provider": "bankid", "device": "other"}
    ).json()
    bankid.advance(
        31
    )  # nobody scanned the code: BankID ends the order with startFailed
    answer = session.post(
        "/@eid/collect", json={"transaction": started["transaction"]}
    ).json()
    assert answer["status"] == "pending"
    assert answer["transaction"] != started["transaction"]
    assert answer["message"]["code"] == "RFA1"
    # The new order is alive.
    again = session.post(
        "/@eid/collect", json={"transaction": answer["transaction"]}
    ).json()
    assert again["status"] == "pending"


def test_an_expired_order_fails_with_the_recommended_message(client, simulators):
    session, bankid = client
    running, _ = simulators
    started = session.post(
        "/@eid/start", json={"provider": "bankid", "device": "other"}
    ).json()
    # The app opened the order, then the resident walked away from the phone.
    httpx.post(
        running.url("control") + "/sim/bankid/approve",
        json={"qr": started["qr"], "personalNumber": "198001019820", "action": "start"},
    ).raise_for_status()
    bankid.advance(200)
    answer = session.post(
        "/@eid/collect", json={"transaction": started["transaction"]}
    ).json()
    assert answer["status"] == "failed"
    assert answer["hintCode"] == "expiredTransaction"
    assert answer["message"]["code"] == "RFA8"


# maintenance is retried silently: see test_bankid_service_errors.py.
@pytest.mark.parametrize(
    "status,error_code", [(500, "internalError"), (408, "requestTimeout")]
)
def test_service_errors_are_shown_as_a_message_never_raw(client, status, error_code):
    session, bankid = client
    started = session.post(
        "/@eid/start", json={"provider": "bankid", "device": "other"}
    ).json()
    bankid.fail_next(status, error_code)
    response = session.post(
        "/@eid/collect", json={"transaction": started["transaction"]}
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["status"] == "failed"
    assert answer["message"]["code"] == "RFA5"
    assert error_code not in answer["message"]["text"]


def test_start_when_the_service_is_down_is_a_message_not_a_500(client):
    session, bankid = client
    bankid.fail_next(503, "maintenance")
    response = session.post(
        "/@eid/start", json={"provider": "bankid", "device": "other"}
    )
    assert response.status_code in (200, 502, 503)
    assert "Traceback" not in response.text
