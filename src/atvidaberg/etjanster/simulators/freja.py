"""Freja eID+ simulator: the relying-party REST API over mTLS.

Requests are ``<parameter>=<base64 of JSON>`` bodies as Freja takes them; an approved
result carries a JWS (RS256, ``x5t`` header) signed with the test PKI's Freja JWS key.
The app's side (``/sim/freja/``) is in ``freja_page``. State lives in memory only.

How the body is read (Freja publishes no server code; assumptions from its Java client
and documentation, so that a wrongly encoded request fails here as it would there):

- ``application/x-www-form-urlencoded``: form-decoded as any servlet container does,
  so ``%2B`` is a "+" and a bare "+" becomes a space (and base64 with a space is
  refused with 1000). Form-encoded bodies work only when the base64 is escaped.
- any other accepted type (Freja's own client sends ``application/json``): the raw
  ``name=value`` pairs, the value taken exactly as sent, without any decoding.

Titles of signatures: at most 128 characters, counted as Java counts them (UTF-16 code
units), else 3007. An SSN that no fixture person has gets an authRef like any other
(Freja does not tell whether a person has Freja eID+); nobody can approve it, so it
expires. Its format is checked (a valid personnummer, ASCII digits: 1002 otherwise).

Tests may replace ``clock`` and add ``tamper`` flags: "signature" (a broken
signature), "foreign-key" (signed by another key), "reference" (another
authRef/signRef in the JWS), "status" (a JWS that is not APPROVED).
"""

import base64
import binascii
import collections
import datetime
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass
from dataclasses import field
from urllib.parse import parse_qsl

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric import rsa

from atvidaberg.etjanster.eid import personnummer
from atvidaberg.etjanster.simulators import freja_page
from atvidaberg.etjanster.simulators.web import Response
from atvidaberg.etjanster.simulators.web import json_response

AUTH_LIFETIME = 120  # seconds: Freja gives two minutes to approve a login
SIGN_LIFETIMES = (120, 30 * 24 * 3600)  # a signature may wait 2 minutes to 30 days
PENDING = ("STARTED", "DELIVERED_TO_MOBILE")
FORM = "application/x-www-form-urlencoded"
CONTENT_TYPES = (
    FORM,
    # What Freja's own Java client and other integrations send; Freja reads the body.
    "application/json",
    "text/plain",
)
TITLE_MAX_LENGTH = 128  # UTF-16 code units, as Java's String.length() counts
# fmt: off
ERRORS = {
    0: "Internal error.",
    1000: "Invalid parameters.",
    1001: "Invalid or missing userInfoType.",
    1002: "Invalid or missing userInfo.",
    1004: "You are not allowed to call this method.",
    1007: "Invalid minimum registration level.",
    1010: "JSON request cannot be parsed.",
    1012: "User with the specified user info does not exist in the Freja eID database.",
    1100: "Invalid reference (for example, nonexistent or expired).",
    2000: "Authentication request failed. Previous authentication request was rejected due to security reasons.",
    2002: "Invalid attributesToReturn parameter.",
    3000: "Invalid or missing dataToSignType.",
    3001: "Invalid or missing dataToSign.",
    3002: "Invalid or missing signatureType.",
    3003: "Invalid expiry.",
    3004: "Invalid push notification.",
    3005: "Invalid attributesToReturn parameter.",
    3007: "Invalid title.",
}
USER_INFO_TYPES = ("SSN", "INFERRED", "EMAIL", "PHONE", "UPI")
LEVELS = ("BASIC", "EXTENDED", "PLUS")
ATTRIBUTES = (
    "BASIC_USER_INFO", "CUSTOM_IDENTIFIER", "INTEGRATOR_SPECIFIC_USER_ID", "SSN",
    "DATE_OF_BIRTH", "RELYING_PARTY_USER_ID", "EMAIL_ADDRESS", "ORGANISATION_ID_IDENTIFIER",
    "ADDRESSES", "ALL_EMAIL_ADDRESSES", "ALL_PHONE_NUMBERS", "REGISTRATION_LEVEL", "AGE",
    "PHOTO", "DOCUMENT",
)
NEEDS_ID_DOCUMENT = ("BASIC_USER_INFO", "SSN", "DATE_OF_BIRTH", "ADDRESSES", "AGE", "PHOTO")
# fmt: on
SIGNATURE_TYPES = {"SIMPLE": "SIMPLE_UTF8_TEXT", "EXTENDED": "EXTENDED_UTF8_TEXT"}
# path -> (kind, operation, parameter)
ROUTES = {
    "/authentication/1.0/initAuthentication": ("auth", "init", "initAuthRequest"),
    "/authentication/1.0/getOneResult": ("auth", "result", "getOneAuthResultRequest"),
    "/authentication/1.0/cancel": ("auth", "cancel", "cancelAuthRequest"),
    "/sign/1.0/initSignature": ("sign", "init", "initSignRequest"),
    "/sign/1.0/getOneResult": ("sign", "result", "getOneSignResultRequest"),
    "/sign/1.0/cancel": ("sign", "cancel", "cancelSignRequest"),
}
REF = {"auth": "authRef", "sign": "signRef"}
_TWELVE_DIGITS = re.compile(r"[0-9]{12}")
ACTIONS = {
    "approve": "APPROVED",
    "reject": "CANCELED",  # the user declines in the app; Freja calls that CANCELED
    "deliver": "DELIVERED_TO_MOBILE",  # the app has the request, not yet answered
    "security": "REJECTED",  # Freja stops the request for security reasons
}


class FrejaError(Exception):
    def __init__(self, code):
        super().__init__(ERRORS[code])
        self.code = code


@dataclass
class Transaction:
    kind: str
    ref: str
    request: dict  # userInfoType, userInfo and minRegistrationLevel as asked
    ssn: str | None  # asked for (SSN), or bound by the app (INFERRED)
    attributes: list
    expires_at: float
    sign: dict = field(default_factory=dict)
    status: str = "STARTED"
    finished_at: float = 0.0


class FrejaSimulator:
    def __init__(self, persons, pki, clock=time.time):
        self.persons = persons
        self.clock = clock
        self.tamper = set()
        # (path, content type, body) of the latest API requests, for tests to check
        # what went over the wire.
        self.received = collections.deque(maxlen=20)
        self._lock = threading.Lock()
        self._transactions = {}
        self._key = serialization.load_pem_private_key(
            pki.freja_jws_key.read_bytes(), None
        )
        certificate = x509.load_pem_x509_certificate(pki.freja_jws_cert.read_bytes())
        # x5t is the SHA-1 thumbprint by RFC 7515.
        self._x5t = _b64url(certificate.fingerprint(hashes.SHA1()))  # noqa: S303

    def handle(self, request):
        route = ROUTES.get(request.path)
        if route is None:
            return Response(404, b"Not found", "text/plain")
        if request.method != "POST":
            return Response(405, b"Method not allowed", "text/plain", {"Allow": "POST"})
        kind, operation, parameter = route
        text = request.body.decode("ascii", "replace")
        self.received.append((request.path, request.content_type, text))
        try:
            _require(request.content_type in CONTENT_TYPES, 1000)
            data = _parameter(request.body, parameter, request.content_type == FORM)
            with self._lock:
                answer = getattr(self, f"_{operation}")(kind, data)
        except FrejaError as error:
            return json_response({"code": error.code, "message": str(error)}, 400)
        except Exception:
            return json_response({"code": 0, "message": ERRORS[0]}, 500)
        return json_response(answer)

    def handle_control(self, request):
        return freja_page.handle(self, request)

    def reset(self):
        with self._lock:
            self._transactions.clear()

    def act(self, ref, ssn=None, action="approve"):
        """Do in the app what ``action`` says; the new status, or ValueError."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        with self._lock:
            transaction = self._transactions.get(ref)
            if transaction is None:
                raise ValueError("unknown ref")
            if self._refresh(transaction) not in PENDING:
                raise ValueError(f"the request is {transaction.status}, not pending")
            if ssn is None and action == "approve" and transaction.ssn is None:
                raise ValueError("approving needs the ssn of the person in the app")
            unknown = (
                transaction.ssn is not None and transaction.ssn not in self.persons
            )
            if ssn is None and unknown:
                raise ValueError("no fixture person has this personnummer's app")
            if ssn is not None:
                if ssn not in self.persons:
                    raise ValueError("unknown person")
                if transaction.ssn not in (None, ssn):
                    raise ValueError("the request is for another person")
                transaction.ssn = ssn
            transaction.status = ACTIONS[action]
            if action != "deliver":
                transaction.finished_at = self.clock()
            return transaction.status

    def pending(self):
        """The requests waiting for the app, as the control side shows them."""
        with self._lock:
            now = self.clock()
            waiting = [
                t for t in self._transactions.values() if self._refresh(t) in PENDING
            ]
            return [
                {"ref": t.ref, "kind": t.kind, "status": t.status, "ssn": t.ssn,
                 "title": t.sign.get("title", ""), "text": t.sign.get("text", ""),
                 "expiresIn": int(t.expires_at - now)}
                for t in waiting
            ]  # fmt: skip

    def _init(self, kind, data):
        now = self.clock()
        ssn = _check_user(data, self.persons)
        level = data.get("minRegistrationLevel", "BASIC")
        attributes = _check_attributes(data.get("attributesToReturn"), level, kind)
        sign, expires_at = (
            _check_sign(data, now) if kind == "sign" else ({}, now + AUTH_LIFETIME)
        )
        if kind == "auth" and ssn:
            # One login at a time per person: a second one stops both.
            for other in self._transactions.values():
                if (
                    other.kind == "auth"
                    and other.ssn == ssn
                    and self._refresh(other) in PENDING
                ):
                    other.status, other.finished_at = "REJECTED", now
                    raise FrejaError(2000)
        ref = secrets.token_urlsafe(48)
        request = {"userInfoType": data["userInfoType"], "userInfo": data["userInfo"],
                   "minRegistrationLevel": level}  # fmt: skip
        self._transactions[ref] = Transaction(
            kind, ref, request, ssn, attributes, expires_at, sign
        )
        return {REF[kind]: ref}

    def _result(self, kind, data):
        transaction = self._find(kind, data)
        answer = {REF[kind]: transaction.ref, "status": transaction.status}
        if transaction.status == "APPROVED":
            payload = self._payload(transaction)
            answer["details"] = self._jws(payload)
            answer["requestedAttributes"] = payload["requestedAttributes"]
        return answer

    def _cancel(self, kind, data):
        transaction = self._find(kind, data)
        _require(transaction.status in PENDING, 1100)
        transaction.status, transaction.finished_at = "RP_CANCELED", self.clock()
        return {}

    def _find(self, kind, data):
        transaction = self._transactions.get(data.get(REF[kind]))
        _require(transaction is not None and transaction.kind == kind, 1100)
        self._refresh(transaction)
        return transaction

    def _refresh(self, transaction):
        if transaction.status in PENDING and self.clock() >= transaction.expires_at:
            transaction.status = "EXPIRED"
            transaction.finished_at = transaction.expires_at
        return transaction.status

    def _payload(self, transaction):
        ref_field = REF[transaction.kind]
        payload = {ref_field: transaction.ref, "status": transaction.status}
        payload |= transaction.request | {
            "requestedAttributes": self._attributes_of(transaction),
            "timestamp": int(transaction.finished_at * 1000),
        }
        if transaction.kind == "sign":
            payload["signatureType"] = transaction.sign["signatureType"]
            payload["signatureData"] = {
                "userSignature": self._jws(transaction.sign["dataToSign"]),
                "certificateStatus": _b64url(b"simulated: no OCSP response"),
            }
        if "reference" in self.tamper:
            payload[ref_field] = secrets.token_urlsafe(48)
        if "status" in self.tamper:
            payload["status"] = "REJECTED"
        return payload

    def _attributes_of(self, transaction):
        person = self.persons[transaction.ssn]
        number = person["personalNumber"]
        born = datetime.date(int(number[:4]), int(number[4:6]), int(number[6:8]))
        today = datetime.datetime.fromtimestamp(self.clock(), datetime.UTC).date()
        values = {
            "BASIC_USER_INFO": ("basicUserInfo", {"name": person["givenName"], "surname": person["surname"]}),
            "SSN": ("ssn", {"ssn": number, "country": "SE"}),
            "DATE_OF_BIRTH": ("dateOfBirth", born.isoformat()),
            "AGE": ("age", today.year - born.year - ((today.month, today.day) < (born.month, born.day))),
            "REGISTRATION_LEVEL": ("registrationLevel", "PLUS"),
        }  # fmt: skip
        return dict(values[name] for name in transaction.attributes if name in values)

    def _jws(self, payload):
        header = _b64url(json.dumps({"x5t": self._x5t, "alg": "RS256"}).encode())
        body = _b64url(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
        key = self._key
        if "foreign-key" in self.tamper:
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        signing_input = f"{header}.{body}".encode()
        signature = key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
        if "signature" in self.tamper:
            signature = bytes([signature[0] ^ 1]) + signature[1:]
        return f"{header}.{body}.{_b64url(signature)}"


def _require(condition, code):
    if not condition:
        raise FrejaError(code)


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(value, code):
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, TypeError, ValueError) as exc:
        raise FrejaError(code) from exc


def _parameter(body, name, form_encoded):
    """The JSON object in parameter ``name``: form-decoded or raw (module docstring)."""
    try:
        text = body.decode("ascii")
    except UnicodeDecodeError as exc:
        raise FrejaError(1000) from exc
    if form_encoded:
        values = dict(parse_qsl(text, keep_blank_values=True))
    else:
        values = dict(pair.partition("=")[::2] for pair in text.split("&"))
    _require(name in values, 1000)
    raw = _b64decode(values[name], 1000)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise FrejaError(1010) from exc
    _require(isinstance(data, dict), 1010)
    return data


def _check_user(data, persons):
    """The personnummer asked for, or None for a QR code (INFERRED)."""
    user_info_type, user_info = data.get("userInfoType"), data.get("userInfo")
    level = data.get("minRegistrationLevel", "BASIC")
    _require(user_info_type in USER_INFO_TYPES, 1001)
    _require(
        user_info_type in ("SSN", "INFERRED"), 1004
    )  # what the simulated RP may use
    _require(level in LEVELS, 1007)
    if user_info_type == "INFERRED":
        _require(user_info == "N/A", 1002)
        return None
    _require(level != "BASIC", 1007)  # only users with an ID document have a SSN
    try:
        info = json.loads(_b64decode(user_info, 1002))
        country, ssn = info["country"], info["ssn"]
    except (ValueError, TypeError, KeyError) as exc:
        raise FrejaError(1002) from exc
    _require(country in ("SE", "NO", "FI", "DK") and isinstance(ssn, str) and ssn, 1002)
    _require(country == "SE", 1012)  # the fixture persons are all Swedish
    valid = _TWELVE_DIGITS.fullmatch(ssn) and personnummer.is_valid(ssn)
    _require(bool(valid), 1002)
    # Whether anybody has Freja eID+ with this number is not told: see act().
    return ssn


def _check_attributes(requested, level, kind):
    code = 2002 if kind == "auth" else 3005
    requested = [] if requested is None else requested
    _require(isinstance(requested, list), code)
    names = [
        item.get("attribute") if isinstance(item, dict) else None for item in requested
    ]
    for name in names:
        _require(name in ATTRIBUTES, code)
        _require(level != "BASIC" or name not in NEEDS_ID_DOCUMENT, code)
    return names


def _check_sign(data, now):
    """What the app shows and signs, and when the request expires."""
    title, to_sign = data.get("title"), data.get("dataToSign")
    data_type, signature_type = data.get("dataToSignType"), data.get("signatureType")
    _require(
        title is None
        or (
            isinstance(title, str)
            and len(title.encode("utf-16-le")) // 2 <= TITLE_MAX_LENGTH
        ),
        3007,
    )
    _require(data_type in SIGNATURE_TYPES.values(), 3000)
    _require(SIGNATURE_TYPES.get(signature_type) == data_type, 3002)
    _require(isinstance(to_sign, dict) and to_sign.get("text"), 3001)
    try:
        text = _b64decode(to_sign["text"], 3001).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FrejaError(3001) from exc
    if signature_type == "EXTENDED":
        _b64decode(to_sign.get("binaryData"), 3001)
    expiry = data.get("expiry", int((now + SIGN_LIFETIMES[0]) * 1000))
    lifetime = expiry / 1000 - now if type(expiry) is int else -1
    _require(SIGN_LIFETIMES[0] - 5 <= lifetime <= SIGN_LIFETIMES[1], 3003)
    push = data.get("pushNotification")
    _require(
        push is None
        or (
            isinstance(push, dict)
            and all(isinstance(push.get(k), str) for k in ("title", "text"))
        ),
        3004,
    )
    shown = {"title": title or "", "text": text, "signatureType": signature_type}
    return shown | {"dataToSign": to_sign}, expiry / 1000
