"""A resident's login with e-legitimation, step by step: start, collect, cancel.

Shared by the REST services and the login page. Every step works from the sealed
transaction the browser holds; nothing is written to the ZODB until the person is
known and logged in.
"""

import logging
import re
from urllib.parse import urlsplit

from plone import api
from zope.event import notify

from atvidaberg.etjanster import _
from atvidaberg.etjanster.eid import bankid
from atvidaberg.etjanster.eid import qr as bankid_qr
from atvidaberg.etjanster.eid.messages import RP_ERROR
from atvidaberg.etjanster.eid.messages import message
from atvidaberg.etjanster.eid.messages import message_for
from atvidaberg.etjanster.eid.types import COMPLETE
from atvidaberg.etjanster.eid.types import FAILED
from atvidaberg.etjanster.eid.types import PENDING
from atvidaberg.etjanster.eid.types import EidError
from atvidaberg.etjanster.eid.types import RegisterError
from atvidaberg.etjanster.login import providers
from atvidaberg.etjanster.login import transaction
from atvidaberg.etjanster.login.events import SignOrderCompleted
from atvidaberg.etjanster.login.limits import check_start
from atvidaberg.etjanster.login.session import log_in
from atvidaberg.etjanster.login.settings import METHOD_BANKID_OTHER
from atvidaberg.etjanster.login.settings import METHOD_BANKID_SAME
from atvidaberg.etjanster.login.settings import METHOD_FREJA
from atvidaberg.etjanster.pas.setup import get_plugin
from atvidaberg.etjanster.traffic.request import client_address

logger = logging.getLogger(__name__)

POLL_AFTER_MS = 2000
ENCODED_DOT = re.compile("%2e", re.IGNORECASE)
METHOD = {
    ("bankid", "same"): METHOD_BANKID_SAME,
    ("bankid", "other"): METHOD_BANKID_OTHER,
    ("freja", "same"): METHOD_FREJA,
    ("freja", "other"): METHOD_FREJA,
}


class LoginError(ValueError):
    """Bad input from the client: answered with 400 and this message."""


def language():
    return "en" if api.portal.get_current_language().startswith("en") else "sv"


def user_message(code):
    """BankID's recommended message ``code`` in the reader's language."""
    return {"code": code, "text": message(code, language())}


def is_enabled(provider, device):
    enabled = providers.setting("enabled_methods") or []
    return METHOD.get((provider, device)) in enabled


def browser_path(path):
    """The path a browser asks for: a backslash is a slash, and "..", "%2e%2e" and "."
    segments are resolved (RFC 3986's remove_dot_segments)."""
    segments = ENCODED_DOT.sub(".", path).replace("\\", "/").split("/")
    if segments[0]:  # relative: not a place a browser finds from the portal's root
        return path
    resolved = []
    for segment in segments[1:]:
        if segment == "..":
            if resolved:
                resolved.pop()
        elif segment != ".":
            resolved.append(segment)
    return "/" + "/".join(resolved)


def safe_came_from(url):
    """Only a place inside the portal; anything else returns to the portal's front."""
    portal_url = api.portal.get().absolute_url()
    if not isinstance(url, str) or not url:
        return portal_url
    parts = urlsplit(url)
    portal = urlsplit(portal_url)
    if parts.scheme and (parts.scheme, parts.netloc) != (portal.scheme, portal.netloc):
        return portal_url
    if not parts.scheme and (parts.netloc or url.startswith("//")):
        return portal_url
    path = parts.path or "/"
    seen = browser_path(path)
    if not (seen == portal.path or seen.startswith(portal.path.rstrip("/") + "/")):
        return portal_url
    return f"{portal.scheme}://{portal.netloc}{path}" + (
        f"?{parts.query}" if parts.query else ""
    )


def qr_for(order, device, client, now=None):
    if device != "other":
        return None
    if order.provider == "bankid":
        seconds = transaction.age_seconds(order, now)
        return bankid_qr.qr_data(order.qr_start_token, order.qr_start_secret, seconds)
    return client.qr_link(order)


def auto_start_url(order, device, client):
    if device != "same":
        return None
    if order.provider == "bankid":
        return client.auto_start_url(order)
    return client.app_link(order)


def _start_order(client, provider, device, request):
    if provider == "bankid":
        return client.auth(end_user_ip=client_address(request), device=device)
    return client.auth()


def _collect(client, order, device):
    if order.provider == "bankid":
        return client.collect(order, device=device)
    return client.collect(order)


def start(provider, device, came_from, binding, request):
    if provider not in ("bankid", "freja") or device not in ("same", "other"):
        raise LoginError(_("provider must be bankid or freja, device same or other"))
    if not is_enabled(provider, device):
        raise LoginError(_("this login method is not enabled"))
    check_start(request)
    client = providers.client_for(provider)
    order = _start_order(client, provider, device, request)
    token = transaction.seal(
        order,
        binding,
        device=device,
        came_from=safe_came_from(came_from),
        first_started_at=order.started_at,
    )
    return {
        "transaction": token,
        "qr": qr_for(order, device, client),
        "autoStartUrl": auto_start_url(order, device, client),
        "pollAfterMs": POLL_AFTER_MS,
    }


def current_qr(token, binding):
    order, state = transaction.unseal(token, binding)
    if state["device"] != "other":
        return None
    return qr_for(order, "other", providers.client_for(order.provider))


def collect(token, binding, request):
    order, state = transaction.unseal(token, binding)
    client = providers.client_for(order.provider)
    try:
        result = _collect(client, order, state["device"])
    except EidError as error:
        if _may_wait_out(order, error):
            # BankID is down for maintenance: keep polling without telling the user,
            # as BankID allows, while the order can still complete.
            logger.info("BankID collect: %s, polling on", error.error_code)
            return {
                "status": PENDING,
                "hintCode": "",
                "message": None,
                "qr": qr_for(order, state["device"], client),
            }
        logger.warning("eID collect failed on the relying party's side: %s", error)
        return {
            "status": FAILED,
            "hintCode": error.error_code,
            "message": user_message(error.message_code),
        }
    if result.status == PENDING:
        return {
            "status": PENDING,
            "hintCode": result.hint_code,
            "message": user_message(result.message_code),
            "qr": qr_for(order, state["device"], client),
        }
    if result.status == FAILED:
        fresh = _restarted(client, order, result, state, request)
        if fresh is not None:
            return _pending_again(client, fresh, state, binding)
        return {
            "status": FAILED,
            "hintCode": result.hint_code,
            "message": user_message(result.message_code),
        }
    if order.kind == "sign":
        return _hand_over(order, result, state, request)
    return _complete(result.identity, order.provider, state, request)


def _hand_over(order, result, state, request):
    """The answer of whoever subscribed to a completed sign order (``login.events``)."""
    event = SignOrderCompleted(order=order, result=result, state=state, request=request)
    notify(event)
    if event.answer is None:
        logger.error("A completed sign order had nobody to take it.")
        return {"status": FAILED, "hintCode": "", "message": user_message(RP_ERROR)}
    return event.answer


def _may_wait_out(order, error):
    """A retryable BankID error (maintenance) while the order may still complete."""
    return (
        order.provider == "bankid"
        and error.error_code in bankid.RETRYABLE_ERRORS
        and transaction.age_seconds(order) < bankid.ORDER_LIFETIME_SECONDS
    )


def _restarted(client, order, result, state, request):
    """A new BankID order for a QR login that nobody scanned, or None.

    Only logins, as before: the restart repeats the first call's arguments, and those
    of a sign order (text, digest, the resident's personnummer) are the signing's to
    give. The rule (startFailed, within the budget since the first order of this
    login) is the client's ``restart_if_start_failed``.
    """
    if order.provider != "bankid" or order.kind != "auth":
        return None
    return client.restart_if_start_failed(
        order,
        result,
        state.get("first_started_at", order.started_at),
        end_user_ip=client_address(request),
        device=state["device"],
    )


def _pending_again(client, fresh, state, binding):
    token = transaction.seal(fresh, binding, **state)
    return {
        "status": PENDING,
        "hintCode": "outstandingTransaction",
        "message": user_message(
            message_for(PENDING, "outstandingTransaction", state["device"])
        ),
        "qr": qr_for(fresh, state["device"], client),
        "transaction": token,
    }


def cancel(token, binding):
    order, _state = transaction.unseal(token, binding)
    try:
        providers.client_for(order.provider).cancel(order)
    except EidError as error:
        logger.info("eID cancel not accepted: %s", error)
    return {"status": "cancelled", "message": user_message("RFA3")}


def _complete(identity, provider, state, request):
    plugin = get_plugin()
    # SPAR is told who asks: the resident's pseudonymous user id, as PAS will know it.
    user_id = plugin.user_id_for(identity.personal_number)
    protected, fullname, refusal = _consult_register(identity, user_id)
    if refusal:
        return {"status": FAILED, "hintCode": "register", "message": refusal}
    user_id = plugin.remember(identity.personal_number, fullname, protected)
    token = log_in(user_id, request, protected, provider=provider)
    return {
        "status": COMPLETE,
        "user": {"id": user_id, "fullname": fullname},
        "protectedIdentity": protected,
        "token": token,
        "cameFrom": state.get("came_from"),
    }


def _consult_register(identity, user_id):
    """(protected, full name, refusal message or None) from the person register.

    ``user_id`` (the resident's pseudonym) goes to SPAR as the end user who asked.

    The register's answer is used and dropped: only the name of an unprotected person
    goes on. If the register cannot answer, the person is treated as protected, so
    that nothing is prefilled or shown by mistake.
    """
    try:
        answer = providers.register_client().lookup(identity.personal_number, user_id)
    except RegisterError as error:
        logger.warning("Person register unavailable at login: %s", error)
        return True, identity.name, None
    if answer.protected_identity:
        return True, identity.name, None
    if answer.deceased or answer.deregistered:
        text = api.portal.translate(
            _("We cannot log you in. Please call the contact centre."),
            domain="atvidaberg.etjanster",
            lang=language(),
        )
        return False, "", {"code": "deregistered", "text": text}
    if not answer.found:
        return False, identity.name, None
    name = f"{answer.given_name} {answer.surname}".strip() or identity.name
    return False, name, None
