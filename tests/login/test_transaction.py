"""Sealed login transactions: tampered, expired or foreign tokens are refused."""

import time

import pytest

from atvidaberg.etjanster.eid.types import Order
from atvidaberg.etjanster.login.transaction import MAX_AGE_SECONDS
from atvidaberg.etjanster.login.transaction import TransactionError
from atvidaberg.etjanster.login.transaction import new_binding
from atvidaberg.etjanster.login.transaction import seal
from atvidaberg.etjanster.login.transaction import unseal

SECRET = "d28db9a7-4cde-429e-a983-359be676944c"


@pytest.fixture
def order():
    return Order(
        provider="bankid",
        kind="auth",
        reference="131daac9-16c6-4618-beb0-365768f37288",
        started_at=time.time(),
        qr_start_token="67df3917-fa0d-44e5-b327-edcc928297f8",
        qr_start_secret=SECRET,
        auto_start_token="7c40b5c9-fa74-49cf-b98c-bfe651f9a7c6",
    )


def test_roundtrip_keeps_the_order_and_state(integration, order):
    binding = new_binding()
    token = seal(order, binding, device="other", came_from="/plone/e-tjanster")
    assert SECRET not in token
    restored, state = unseal(token, binding)
    assert restored == order
    assert state == {"device": "other", "came_from": "/plone/e-tjanster"}


def test_tampered_token_is_refused(integration, order):
    binding = new_binding()
    token = seal(order, binding)
    tampered = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    with pytest.raises(TransactionError):
        unseal(tampered, binding)
    with pytest.raises(TransactionError):
        unseal("not-a-token", binding)


def test_token_of_another_browser_is_refused(integration, order):
    token = seal(order, new_binding())
    with pytest.raises(TransactionError, match="another browser"):
        unseal(token, new_binding())
    with pytest.raises(TransactionError):
        unseal(token, None)


def test_expired_token_is_refused(integration, order):
    binding = new_binding()
    token = seal(order, binding)
    with pytest.raises(TransactionError, match="expired"):
        unseal(token, binding, now=time.time() + MAX_AGE_SECONDS + 5)
