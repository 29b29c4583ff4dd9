"""A completed sign order, handed to whoever started it.

``login.flow.collect`` runs every order of the e-legitimation, logins and signatures
alike, but only the one who started a sign order knows what was signed and where the
signature belongs (for an application: ``cases.signing``). So the login does not call
it: it notifies ``SignOrderCompleted`` and answers the browser with what the
subscriber put in ``answer``. The dependency runs one way, from ``cases`` to
``login`` (see docs/decisions.md, "Signing hands over").
"""

from dataclasses import dataclass
from typing import Any

from zope.interface import Attribute
from zope.interface import Interface
from zope.interface import implementer

from atvidaberg.etjanster.eid.types import CollectResult
from atvidaberg.etjanster.eid.types import Order


class ISignOrderCompleted(Interface):
    """A sign order was approved in the eID app; a subscriber stores the signature."""

    order = Attribute("The eid.types.Order, as sealed in the browser's transaction.")
    result = Attribute("The completed collect result (identity, signature, OCSP).")
    state = Attribute("What the starter sealed with the order (a dict).")
    request = Attribute("The request of the collect.")
    answer = Attribute("The subscriber's answer for the browser (a dict), or None.")


@implementer(ISignOrderCompleted)
@dataclass
class SignOrderCompleted:
    """The event's payload; ``answer`` is the one field a subscriber sets."""

    order: Order
    result: CollectResult
    state: dict
    request: Any
    answer: dict | None = None
