"""How a login ends: logging out ends it on the server, the cookie is Secure over
HTTPS, and a session without activity ends after the idle timeout.

Tried over HTTP against the live site: a copy of the cookie or token taken before
logging out is replayed afterwards, as an attacker who had it would.
"""

import binascii
import time
from urllib.parse import quote

import httpx
import jwt
import pytest
import transaction
from plone import api
from plone.keyring.interfaces import IKeyManager
from plone.session import tktauth
from Products.SiteAccess.VirtualHostMonster import manage_addVirtualHostMonster
from zope.component import getUtility

from atvidaberg.etjanster.login.lifetime import IDLE_RECORD
from atvidaberg.etjanster.login.lifetime import configure_sessions
from atvidaberg.etjanster.login.transaction import BINDING_COOKIE

from helpers import eid_login
from helpers import site_url

ANNA = "198001019820"
JSON = {"Accept": "application/json"}


@pytest.fixture
def site(eid_site, simulators):
    running, _ = simulators
    return site_url(eid_site), running.url("control")


def who(site, user_id, **credentials):
    """The status of the user's own @users entry, with only these credentials."""
    credentials.setdefault("headers", JSON)
    with httpx.Client(base_url=site, **credentials) as client:
        return client.get(f"/@users/{user_id}").status_code


def with_cookie(value):
    return {"cookies": {"__ac": value}}


def with_token(token):
    return {"headers": {**JSON, "Authorization": f"Bearer {token}"}}


def test_after_logout_the_old_cookie_no_longer_works(site):
    url, control = site
    anna = eid_login(url, control, ANNA)
    cookie = anna.cookies["__ac"]
    assert who(url, anna.user_id, **with_cookie(cookie)) == 200
    logged_out = anna.get("/logout", headers={"Accept": "text/html"})
    assert logged_out.status_code in (200, 302, 303), logged_out.text
    assert who(url, anna.user_id, **with_cookie(cookie)) == 401


def test_after_rest_logout_the_old_token_no_longer_works(site):
    url, control = site
    anna = eid_login(url, control, ANNA)
    anna.cookies.clear()
    token = anna.token
    assert who(url, anna.user_id, **with_token(token)) == 200
    with httpx.Client(base_url=url, **with_token(token)) as client:
        assert client.post("/@logout").status_code in (200, 204)
    assert who(url, anna.user_id, **with_token(token)) == 401


def test_a_renewed_token_replaces_the_old_one(site):
    url, control = site
    anna = eid_login(url, control, ANNA)
    with httpx.Client(base_url=url, **with_token(anna.token)) as client:
        renewed = client.post("/@login-renew").json()["token"]
    assert who(url, anna.user_id, **with_token(anna.token)) == 401
    assert who(url, anna.user_id, **with_token(renewed)) == 200


def set_cookies(response):
    return [v for k, v in response.headers.multi_items() if k.lower() == "set-cookie"]


def log_in_raw(url, control, **headers):
    """A login that keeps no cookie jar: (Set-Cookie headers of collect, user id)."""
    started = httpx.post(
        f"{url}/@eid/start",
        json={"provider": "bankid", "device": "other"},
        headers={**JSON, **headers},
    )
    assert started.status_code == 200, started.text
    binding = next(
        c.split(";")[0]
        for c in set_cookies(started)
        if c.startswith(f"{BINDING_COOKIE}=")
    )
    httpx.post(
        f"{control}/sim/bankid/approve",
        json={"qr": started.json()["qr"], "personalNumber": ANNA},
    ).raise_for_status()
    collected = httpx.post(
        f"{url}/@eid/collect",
        json={"transaction": started.json()["transaction"]},
        headers={**JSON, **headers, "Cookie": binding},
    )
    assert collected.json()["status"] == "complete", collected.text
    return [c for c in set_cookies(collected) if c.startswith("__ac=")]


def test_the_session_cookie_is_secure_over_https_only(site, eid_site):
    url, control = site
    [plain] = log_in_raw(url, control)
    assert "secure" not in plain.lower()
    assert "httponly" in plain.lower()
    # Behind a proxy that ends TLS...
    [proxied] = log_in_raw(url, control, **{"X-Forwarded-Proto": "https"})
    assert "; secure" in proxied.lower()
    # ...or one that rewrites to the VirtualHostMonster's https URL.
    transaction.begin()  # see what the server committed meanwhile
    app = eid_site["app"]
    if "virtual_hosting" not in app.objectIds():
        manage_addVirtualHostMonster(app, "virtual_hosting")
        transaction.commit()
    host = url.split("/")[2]
    vhm = (
        f"http://{host}/VirtualHostBase/https/portal.example:443/plone/VirtualHostRoot"
    )
    [rewritten] = log_in_raw(vhm, control)
    assert "; secure" in rewritten.lower()


def ticket(user_id, age_seconds):
    """A session ticket for ``user_id`` as the portal signs it, ``age_seconds`` old."""
    transaction.begin()
    session = api.portal.get().acl_users.session
    secret = getUtility(IKeyManager).secret(ring=session._getSecretKey(user_id))
    signed = tktauth.createTicket(
        secret, user_id, user_data="bankid", timestamp=int(time.time()) - age_seconds
    )
    return quote(binascii.b2a_base64(signed).rstrip().decode())


def test_an_idle_session_ends_and_an_active_one_is_renewed(site, eid_site):
    url, control = site
    assert api.portal.get_registry_record(IDLE_RECORD) == 30
    assert eid_site["portal"].acl_users.session.timeout == 30 * 60
    anna = eid_login(url, control, ANNA)
    # 25 minutes without a request: still logged in, and the ticket is signed afresh.
    with httpx.Client(
        base_url=url, headers=JSON, **with_cookie(ticket(anna.user_id, 25 * 60))
    ) as client:
        answer = client.get(f"/@users/{anna.user_id}")
        assert answer.status_code == 200
        assert any(c.startswith("__ac=") for c in set_cookies(answer))
    # 31 minutes: the login has ended.
    assert who(url, anna.user_id, **with_cookie(ticket(anna.user_id, 31 * 60))) == 401


def test_the_idle_timeout_is_a_setting(site, eid_site):
    url, control = site
    api.portal.set_registry_record(IDLE_RECORD, 20)
    transaction.commit()
    assert eid_site["portal"].acl_users.session.timeout == 20 * 60
    anna = eid_login(url, control, ANNA)
    assert who(url, anna.user_id, **with_cookie(ticket(anna.user_id, 21 * 60))) == 401


def test_the_upgrade_ends_sessions_of_a_site_without_server_side_logout(site, eid_site):
    """A site installed before: shared secret, tokens not kept. The upgrade's
    ``configure_sessions(end_old_sessions=True)`` ends the sessions it cannot log out."""
    url, control = site
    pas = eid_site["portal"].acl_users
    pas.session.per_user_keyring = False
    pas.jwt_auth.store_tokens = False
    transaction.commit()
    before = eid_login(url, control, ANNA)
    cookie, token = before.cookies["__ac"], before.token
    assert who(url, before.user_id, **with_cookie(cookie)) == 200
    transaction.begin()
    configure_sessions(eid_site["portal"], end_old_sessions=True)
    transaction.commit()
    assert pas.session.per_user_keyring and pas.jwt_auth.store_tokens
    assert who(url, before.user_id, **with_cookie(cookie)) == 401
    assert who(url, before.user_id, **with_token(token)) == 401
    # Logging in and out works as on a new site.
    after = eid_login(url, control, ANNA)
    cookie = after.cookies["__ac"]
    assert after.get("/logout", headers={"Accept": "text/html"}).status_code < 400
    assert who(url, after.user_id, **with_cookie(cookie)) == 401


def test_a_residents_renewed_token_lives_as_long_as_an_idle_session(site):
    url, control = site
    anna = eid_login(url, control, ANNA)
    with httpx.Client(base_url=url, **with_token(anna.token)) as client:
        renewed = client.post("/@login-renew").json()["token"]
    claims = jwt.decode(renewed, options={"verify_signature": False})
    assert claims["sub"] == anna.user_id
    assert claims["eid"] == "bankid"
    assert claims["protectedIdentity"] is False
    assert 29 * 60 < claims["exp"] - time.time() <= 30 * 60
