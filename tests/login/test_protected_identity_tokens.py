"""Protected identity holds however the resident authenticates: the session cookie,
the REST token of ``@eid/collect``, and a token renewed by ``@login-renew``.

The flag belongs to the user as PAS knows it (the e-legitimation plugin's record), not
to a credential. Tried over HTTP against the demo portal, logged in at the simulators
as the fixture person with sekretessmarkering. What becomes of a case made with a
token: ``tests/handling/test_protected_tokens.py``.
"""

import httpx
import pytest
import transaction

from atvidaberg.etjanster.pas.setup import get_plugin

from helpers import eid_login
from helpers import site_url

CECILIA = "199006229844"  # sekretessmarkering
ANNA = "198001019820"
NOT_OPEN = "/e-tjanster/ansokan-om-bygglov"  # not open to protected identity
JSON = {"Accept": "application/json"}


@pytest.fixture
def portal(demo_functional, eid_site, simulators):
    running, _ = simulators
    return site_url(demo_functional), running.url("control")


def log_in(site, control, personal_number):
    """(cookie session, collect's answer) of a BankID login with the QR code."""
    session = eid_login(site, control, personal_number)
    return session, session.answer


def bearer(site, token):
    """A client that holds nothing but the token: no cookie."""
    return httpx.Client(
        base_url=site, headers={**JSON, "Authorization": f"Bearer {token}"}
    )


def renewed(site, token):
    with bearer(site, token) as client:
        response = client.post("/@login-renew")
    assert response.status_code == 200, response.text
    return response.json()["token"]


def test_every_credential_of_a_protected_resident_is_refused_a_closed_eservice(
    portal,
):
    site, control = portal
    session, answer = log_in(site, control, CECILIA)
    assert answer["protectedIdentity"] is True
    refused = session.post(f"{NOT_OPEN}/@start")
    assert refused.status_code == 409, refused.text
    token = answer["token"]
    for _ in range(2):
        with bearer(site, token) as client:
            refused = client.post(f"{NOT_OPEN}/@start")
            assert refused.status_code == 409, refused.text
            assert refused.json()["error"]["type"] == "Conflict"
        token = renewed(site, token)  # the next round with the renewed token


def test_a_renewed_token_still_cannot_start_and_an_ordinary_resident_can(portal):
    site, control = portal
    _session, answer = log_in(site, control, ANNA)
    assert answer["protectedIdentity"] is False
    with bearer(site, renewed(site, answer["token"])) as client:
        started = client.post(f"{NOT_OPEN}/@start")
        assert started.status_code == 201, started.text


def test_protection_follows_the_register_at_each_login(portal):
    """The flag is the person register's answer at the latest login, for every session."""
    site, control = portal
    _session, answer = log_in(site, control, ANNA)
    transaction.begin()
    plugin = get_plugin()
    user_id = answer["user"]["id"]
    assert plugin.is_protected(user_id) is False
    # A record from before the flag existed says nothing: it counts as protected.
    del plugin._users[user_id]["protected_identity"]
    transaction.commit()
    with bearer(site, answer["token"]) as client:
        refused = client.post(f"{NOT_OPEN}/@start")
        assert refused.status_code == 409, refused.text
    # The next login writes the register's answer again.
    log_in(site, control, ANNA)
    with bearer(site, answer["token"]) as client:
        assert client.post(f"{NOT_OPEN}/@start").status_code == 201
