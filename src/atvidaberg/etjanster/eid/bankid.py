"""Client for BankID's RP API v6.0 (auth, sign, phone/auth, phone/sign, collect, cancel)
over mutual TLS.

The client is stateless: an ``Order`` carries everything later calls need, so it can
travel sealed through the browser. Errors reach the caller as ``EidError`` with the
RFA message for the user; the log gets the errorCode and BankID's details, redacted of
anything that looks like a personnummer.
"""

import base64
import dataclasses
import logging
import re
import secrets
import ssl
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from atvidaberg.etjanster.eid import messages
from atvidaberg.etjanster.eid.qr import qr_data
from atvidaberg.etjanster.eid.types import COMPLETE
from atvidaberg.etjanster.eid.types import FAILED
from atvidaberg.etjanster.eid.types import CollectResult
from atvidaberg.etjanster.eid.types import EidError
from atvidaberg.etjanster.eid.types import Identity
from atvidaberg.etjanster.eid.types import Order

logger = logging.getLogger(__name__)

TEST_URL = "https://appapi2.test.bankid.com/rp/v6.0"
PRODUCTION_URL = "https://appapi2.bankid.com/rp/v6.0"
# BankID answers within a second or two; a hanging call must not hold a Zope thread.
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
# How long a QR login may keep silently replacing orders that ended in startFailed
# (nobody scanned the code within about 30 s) before the user is told (RFA17B).
RESTART_BUDGET_SECONDS = 180
# BankID's RP guidelines ("Errors"): after ``maintenance`` the RP may try again without
# informing the user, and must show RFA5 only if it is returned repeatedly. Every other
# error must not be retried automatically: ``internalError`` and ``requestTimeout``
# are told to the user at once (RFA5), ``alreadyInProgress`` (RFA4) and
# ``invalidParameters`` never succeed on a second try.
RETRYABLE_ERRORS = frozenset({"maintenance"})
# Seconds to wait before each further attempt of auth, sign and cancel; short, since
# a Zope thread waits meanwhile. Collect is not retried within the call: its caller
# polls again two seconds later anyway (the login flow does so in silence for as long
# as the order lives), so no thread is held while BankID is down.
RETRY_DELAYS = (0.5, 1.0)
# An order that nobody has finished is gone at BankID after about three minutes.
ORDER_LIFETIME_SECONDS = 180
MARKDOWN = "simpleMarkdownV1"
CALL_INITIATORS = ("user", "RP")  # who called whom, for phone/auth and phone/sign

_ORDER_FIELDS = {field.name for field in dataclasses.fields(Order)}
_DIGIT_RUNS = re.compile(r"\d{6,}")
_PERSONAL_NUMBER = re.compile(r"[0-9]{12}")  # ASCII digits only, unlike \d


def _redact(text):
    return _DIGIT_RUNS.sub("…", str(text))[:500]


def _b64(text):
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def ssl_context(cert=None, pkcs12_path=None, password=None, ca_cert=None):
    """TLS for the RP API: BankID's CA (``ca_cert``) and the RP's client certificate.

    ``cert`` is ``(cert_path, key_path)`` in PEM, or one PEM file holding both; or
    ``pkcs12_path`` and ``password`` as BankID delivers it.
    """
    context = ssl.create_default_context(cafile=str(ca_cert) if ca_cert else None)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if isinstance(cert, str | Path):
        context.load_cert_chain(str(cert))
    elif cert is not None:
        cert_path, key_path = cert
        context.load_cert_chain(str(cert_path), str(key_path))
    elif pkcs12_path is not None:
        _load_pkcs12(context, Path(pkcs12_path), password)
    else:
        raise ValueError("BankID needs a client certificate: cert or pkcs12_path")
    return context


def _load_pkcs12(context, path, password):
    secret = password.encode("utf-8") if isinstance(password, str) else password
    key, certificate, chain = pkcs12.load_key_and_certificates(
        path.read_bytes(), secret
    )
    if key is None or certificate is None:
        raise ValueError("the PKCS#12 file holds no key and certificate")
    # ssl only loads keys from files: write the key encrypted under a throwaway
    # passphrase, so the plain key never touches the disk.
    passphrase = secrets.token_urlsafe(32).encode("ascii")
    pem_key = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    )
    pem_chain = b"".join(
        c.public_bytes(serialization.Encoding.PEM)
        for c in [certificate, *(chain or [])]
    )
    with tempfile.TemporaryDirectory() as directory:
        cert_file = Path(directory, "rp.pem")
        key_file = Path(directory, "rp.key")
        cert_file.write_bytes(pem_chain)
        key_file.write_bytes(pem_key)
        context.load_cert_chain(cert_file, key_file, password=passphrase)


class BankIdClient:
    """One relying party at one BankID environment.

    ``BankIdClient(TEST_URL, cert=(cert_pem, key_pem), ca_cert=ca_pem)`` or
    ``BankIdClient(url, pkcs12_path=p12, password="…", ca_cert=ca_pem)``.
    """

    def __init__(
        self,
        base_url,
        cert=None,
        pkcs12_path=None,
        password=None,
        ca_cert=None,
        timeout=DEFAULT_TIMEOUT,
        clock=time.time,
        retry_delays=RETRY_DELAYS,
        sleep=time.sleep,
    ):
        self.base_url = base_url.rstrip("/")
        self.clock = clock
        self.retry_delays = tuple(retry_delays)
        self.sleep = sleep
        context = ssl_context(cert, pkcs12_path, password, ca_cert)
        self._http = httpx.Client(verify=context, timeout=timeout)

    def close(self):
        self._http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _call(self, method, payload, retry=True):
        """BankID's answer to ``method``; a retryable error is tried again, bounded."""
        for delay in self.retry_delays if retry else ():
            try:
                return self._call_once(method, payload)
            except EidError as error:
                if error.error_code not in RETRYABLE_ERRORS:
                    raise
                logger.info("BankID %s: %s, trying again", method, error.error_code)
            self.sleep(delay)
        return self._call_once(method, payload)

    def _call_once(self, method, payload):
        try:
            response = self._http.post(f"{self.base_url}/{method}", json=payload)
        except httpx.HTTPError as error:
            logger.warning("BankID %s: %s", method, type(error).__name__)
            raise EidError(f"BankID {method}: {type(error).__name__}") from error
        if response.status_code == 200:
            try:
                data = response.json()
            except ValueError:
                data = None
            if not isinstance(data, dict):
                raise EidError(f"BankID {method}: answer is not a JSON object")
            return data
        try:
            body = response.json()
        except ValueError:
            body = {}
        error_code = body.get("errorCode", "") if isinstance(body, dict) else ""
        details = body.get("details", "") if isinstance(body, dict) else ""
        logger.warning(
            "BankID %s: HTTP %s %s %s",
            method,
            response.status_code,
            error_code or "-",
            _redact(details),
        )
        raise EidError(
            f"BankID {method}: HTTP {response.status_code} {error_code}",
            message_code=messages.message_for_error(error_code),
            error_code=error_code or f"http{response.status_code}",
        )

    def _start(self, kind, end_user_ip, device, **fields):
        payload = {"endUserIp": end_user_ip}
        payload.update({k: v for k, v in fields.items() if v is not None})
        data = self._call(kind, payload)
        if not data.get("orderRef"):
            raise EidError(f"BankID {kind}: answer without orderRef")
        values = {
            "provider": "bankid",
            "kind": kind,
            "reference": data["orderRef"],
            "started_at": self.clock(),
            "qr_start_token": data.get("qrStartToken", ""),
            "qr_start_secret": data.get("qrStartSecret", ""),
            "auto_start_token": data.get("autoStartToken", ""),
        }
        if "device" in _ORDER_FIELDS:  # once Order remembers it, collect needs no hint
            values["device"] = device
        return Order(**values)

    def auth(
        self,
        end_user_ip,
        requirement=None,
        user_visible_data=None,
        user_non_visible_data=None,
        return_url=None,
        device=messages.OTHER_DEVICE,
    ):
        """Start an identification; ``user_visible_data`` is plain text (Markdown)."""
        return self._start(
            "auth",
            end_user_ip,
            device,
            requirement=requirement or None,
            userVisibleData=_b64(user_visible_data) if user_visible_data else None,
            userVisibleDataFormat=MARKDOWN if user_visible_data else None,
            userNonVisibleData=(
                _b64(user_non_visible_data) if user_non_visible_data else None
            ),
            returnUrl=return_url,
        )

    def sign(
        self,
        end_user_ip,
        user_visible_data,
        user_non_visible_data=None,
        requirement=None,
        return_url=None,
        device=messages.OTHER_DEVICE,
    ):
        """Start a signature of ``user_visible_data`` (text, shown in the app)."""
        if not user_visible_data:
            raise ValueError("a signature needs the text the user signs")
        return self._start(
            "sign",
            end_user_ip,
            device,
            requirement=requirement or None,
            userVisibleData=_b64(user_visible_data),
            userVisibleDataFormat=MARKDOWN,
            userNonVisibleData=(
                _b64(user_non_visible_data) if user_non_visible_data else None
            ),
            returnUrl=return_url,
        )

    def phone_auth(
        self,
        personal_number,
        call_initiator,
        requirement=None,
        user_visible_data=None,
        user_non_visible_data=None,
    ):
        """Identify the person on the phone (``call_initiator``: "user" called the
        municipality, or "RP" called them). No QR code or autostart: the person opens
        the app, confirms the call and identifies; collect as for any order."""
        return self._start_phone(
            "auth",
            personalNumber=personal_number,
            callInitiator=call_initiator,
            requirement=requirement or None,
            userVisibleData=_b64(user_visible_data) if user_visible_data else None,
            userVisibleDataFormat=MARKDOWN if user_visible_data else None,
            userNonVisibleData=(
                _b64(user_non_visible_data) if user_non_visible_data else None
            ),
        )

    def phone_sign(
        self,
        personal_number,
        call_initiator,
        user_visible_data,
        user_non_visible_data=None,
        requirement=None,
    ):
        """A signature of ``user_visible_data`` by the person on the phone."""
        if not user_visible_data:
            raise ValueError("a signature needs the text the user signs")
        return self._start_phone(
            "sign",
            personalNumber=personal_number,
            callInitiator=call_initiator,
            requirement=requirement or None,
            userVisibleData=_b64(user_visible_data),
            userVisibleDataFormat=MARKDOWN,
            userNonVisibleData=(
                _b64(user_non_visible_data) if user_non_visible_data else None
            ),
        )

    def _start_phone(self, kind, **fields):
        if fields["callInitiator"] not in CALL_INITIATORS:
            raise ValueError("call_initiator: user or RP")
        if not _PERSONAL_NUMBER.fullmatch(str(fields["personalNumber"])):
            raise ValueError("a personnummer has 12 digits, YYYYMMDDNNNN")
        payload = {k: v for k, v in fields.items() if v is not None}
        data = self._call(f"phone/{kind}", payload)
        if not data.get("orderRef"):
            raise EidError(f"BankID phone/{kind}: answer without orderRef")
        return Order(
            provider="bankid",
            kind=kind,
            reference=data["orderRef"],
            started_at=self.clock(),
        )

    def collect(self, order, device=None):
        """The order's state now. Call about every two seconds until not pending.

        A ``maintenance`` error is raised at once (``EidError``, RFA5): BankID allows
        polling on in silence, which the caller's next poll does.

        ``device`` decides some messages (RFA1 or RFA13, RFA17A or RFA17B); it defaults
        to what the order remembers, else the QR code on another device.
        """
        device = device or getattr(order, "device", "") or messages.OTHER_DEVICE
        data = self._call("collect", {"orderRef": order.reference}, retry=False)
        status = data.get("status", "")
        hint_code = data.get("hintCode", "")
        if status != COMPLETE:
            return CollectResult(
                status=status or FAILED,
                hint_code=hint_code,
                message_code=messages.message_for(status, hint_code, device),
            )
        completion = data.get("completionData") or {}
        user = completion.get("user") or {}
        if not _PERSONAL_NUMBER.fullmatch(str(user.get("personalNumber") or "")):
            raise EidError(
                "BankID collect: complete without a 12-digit personal number"
            )
        return CollectResult(
            status=COMPLETE,
            identity=Identity(
                personal_number=user["personalNumber"],
                given_name=user.get("givenName", ""),
                surname=user.get("surname", ""),
            ),
            signature=completion.get("signature", ""),
            ocsp_response=completion.get("ocspResponse", ""),
            extra={
                key: completion[key]
                for key in ("device", "bankIdIssueDate", "stepUp", "risk")
                if key in completion
            },
        )

    def cancel(self, order):
        """Cancel a pending order (the user left, or chose another method)."""
        self._call("cancel", {"orderRef": order.reference})

    def qr_data(self, order, now=None):
        """The QR content to show right now for ``order``."""
        now = self.clock() if now is None else now
        return qr_data(
            order.qr_start_token, order.qr_start_secret, now - order.started_at
        )

    @staticmethod
    def auto_start_url(order, redirect="null", app_link=False):
        """The link that starts the BankID app on this device.

        ``bankid:///`` for computers; ``app_link=True`` gives ``https://app.bankid.com/``
        for phones. ``redirect`` is where the app goes afterwards: "null" lets it go
        back by itself; ``None`` leaves the parameter out (when the order was started
        with a ``return_url``).
        """
        base = "https://app.bankid.com/" if app_link else "bankid:///"
        url = f"{base}?autostarttoken={quote(order.auto_start_token, safe='')}"
        return url if redirect is None else f"{url}&redirect={quote(redirect, safe='')}"

    def restart_if_start_failed(
        self, order, result, first_started_at, budget=RESTART_BUDGET_SECONDS, **start
    ):
        """A new order in place of one that ended in startFailed, within the budget.

        BankID ends an order with startFailed when no app picked it up in time (the QR
        code was not scanned). For the QR code the portal starts a new order silently
        instead of showing RFA17B at once, until ``budget`` seconds have passed since
        the first order of this login (``first_started_at``, which the caller keeps).
        ``start`` holds the same arguments as the original ``auth``/``sign`` call (the
        order does not keep the signed text). Returns the new Order, or None when the
        caller should show ``result.message_code`` instead.
        """
        if result.status != FAILED or result.hint_code != "startFailed":
            return None
        if self.clock() - first_started_at >= budget:
            return None
        return self.auth(**start) if order.kind == "auth" else self.sign(**start)
