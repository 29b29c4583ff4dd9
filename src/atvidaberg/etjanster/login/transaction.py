"""The login transaction travels with the browser, sealed; the server keeps nothing.

A started order (with BankID's qrStartSecret) is encrypted and signed with Fernet under
a key from plone.keyring, so polling writes nothing to the ZODB and works on any Zope
instance of a cluster, and the browser never sees the secret. The token is bound to a
random nonce in an HttpOnly cookie: a token copied to another browser is refused.
"""

import base64
import hashlib
import json
import secrets
import time

from cryptography.fernet import Fernet
from cryptography.fernet import InvalidToken
from cryptography.fernet import MultiFernet
from plone import api
from plone.keyring.interfaces import IKeyManager
from plone.keyring.keyring import Keyring
from zope.component import getUtility
from zope.publisher.interfaces.browser import IBrowserRequest

from atvidaberg.etjanster import _
from atvidaberg.etjanster.eid.types import Order

KEYRING = "atvidaberg.etjanster.eid"
BINDING_COOKIE = "etjanster_eid"
# BankID orders expire after about three minutes, Freja's after two; a little more.
MAX_AGE_SECONDS = 5 * 60


class TransactionError(ValueError):
    """The token is not one this portal issued to this browser, or it has expired."""


def ensure_keyring():
    """Create the transaction keyring once (at install), never while polling."""
    manager = getUtility(IKeyManager)
    if KEYRING not in manager:
        manager[KEYRING] = Keyring()
        manager[KEYRING].fill()


def _fernet():
    manager = getUtility(IKeyManager)
    ring = manager[KEYRING] if KEYRING in manager else manager["_system"]
    keys = [
        Fernet(base64.urlsafe_b64encode(hashlib.sha256(key.encode()).digest()))
        for key in ring
        if key
    ]
    return MultiFernet(keys)


def new_binding():
    return secrets.token_urlsafe(24)


def ensure_binding(request: IBrowserRequest) -> str:
    """The browser's binding nonce, set as a cookie for the whole portal if new.

    Starting a login (``@eid/start``) and a signature (``<case>/@sign``) both bind
    the order's sealed token to it.
    """
    binding = request.cookies.get(BINDING_COOKIE) or new_binding()
    portal_path = "/" + api.portal.get().absolute_url(1).lstrip("/")
    request.response.setCookie(
        BINDING_COOKIE,
        binding,
        path=portal_path,
        http_only=True,
        same_site="Strict",
        secure=request.get("SERVER_URL", "").startswith("https:"),
    )
    return binding


def _bind(binding):
    return hashlib.sha256(binding.encode()).hexdigest()


def seal(order: Order, binding: str, **state) -> str:
    payload = {"order": order.to_dict(), "binding": _bind(binding), **state}
    return _fernet().encrypt(json.dumps(payload).encode()).decode()


def unseal(token: str, binding: str | None, now=None) -> tuple[Order, dict]:
    if not isinstance(token, str) or not token:
        raise TransactionError(_("missing transaction"))
    current = int(now if now is not None else time.time())
    try:
        raw = _fernet().decrypt_at_time(
            token.encode(), ttl=MAX_AGE_SECONDS, current_time=current
        )
    except InvalidToken as error:
        raise TransactionError(_("unknown or expired transaction")) from error
    payload = json.loads(raw)
    if not binding or not secrets.compare_digest(
        payload.pop("binding"), _bind(binding)
    ):
        raise TransactionError(_("transaction belongs to another browser"))
    order = Order.from_dict(payload.pop("order"))
    return order, payload


def age_seconds(order: Order, now=None) -> int:
    return int((now if now is not None else time.time()) - order.started_at)
