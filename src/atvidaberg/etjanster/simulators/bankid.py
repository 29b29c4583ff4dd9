"""BankID's RP API v6.0 as a local server, and a control side that plays the user's app.

API (mTLS): ``POST /rp/v6.0/{auth,sign,phone/auth,phone/sign,collect,cancel}`` with
JSON, answering as BankID does, errors as ``{"errorCode": ..., "details": ...}``.

What the simulator checks, from BankID's RP API v6.0 documentation
(developers.bankid.com) and the clients that follow it:

- ``userVisibleData`` and ``userNonVisibleData`` are base64, 1-1,500 characters after
  encoding for ``auth`` and ``phone/auth``; for ``sign`` and ``phone/sign`` the
  visible text is required, 1-40,000, the hidden data 1-200,000. Else 400
  invalidParameters.
- ``requirement`` takes only ``cardReader`` ("class1"/"class2"),
  ``certificatePolicies`` (a list of OIDs), ``mrtd`` (boolean), ``personalNumber``
  (12 digits) and ``pinCode`` (boolean); the phone methods take neither ``mrtd`` nor
  ``personalNumber`` there. Any other key, or a value of the wrong type: 400
  invalidParameters.
- ``returnRisk`` (boolean): when true, ``completionData.risk`` is "low", "moderate"
  or "high" (what the app side sets; "low" by default).
- ``phone/auth`` and ``phone/sign``: ``personalNumber`` (12 digits) and
  ``callInitiator`` ("user" or "RP") are required; the answer is only ``orderRef`` (no
  autostart token, no QR code). In the app the order waits for the user to confirm the
  call (hintCode ``userCallConfirm``), or ends with ``userDeclinedCall``.

Assumptions, where the documentation was not at hand or is silent (check them against
the current text before relying on them):

- ``endUserIp`` is optional for the phone methods (a phone call has no user agent);
  when sent it must be an IP address.
- A phone order has no startFailed after 30 s (no QR code or autostart to wait for):
  it only expires.
- The simulated app holds a mobile BankID (certificate policy "1.2.3.4.25" in BankID's
  test environment, "1.2.752.78.1.5" in production). When the person in the app, or
  their BankID, does not meet the order's requirements (another ``personalNumber``, a
  ``cardReader``, ``certificatePolicies`` without a mobile BankID), the app can do
  nothing with the order and it ends as failed with hintCode ``startFailed``: the
  RP sees the same as when no usable BankID started the order.
- ``pinCode``: the app refuses an approval by biometrics (``"biometrics": true`` in the
  control request); ``mrtd``: opening the order asks for the ID document (hintCode
  ``userMrtd``), and an approval needs ``"mrtd": true`` (the document was read);
  ``completionData.stepUp.mrtd`` then says true.

Control (plain HTTP, under ``/sim/bankid/``): see ``bankid_page``. ``app()`` is what the
user does in the app: scan the QR code (checked like the real app does: its HMAC, and
its time against the order's age) or follow the autostart link, then identify, open
the order only (userSign), or cancel (userCancel).

Time is lazy: an order's timers are checked whenever it is looked at, against
``clock()`` plus the fast-forward, so tests move time instead of sleeping.
"""

import base64
import binascii
import hashlib
import ipaddress
import re
import threading
import time
import uuid
from dataclasses import dataclass
from dataclasses import field
from urllib.parse import urlsplit

from atvidaberg.etjanster.eid.qr import is_valid_qr_data
from atvidaberg.etjanster.eid.qr import parse_qr_data
from atvidaberg.etjanster.simulators import bankid_page
from atvidaberg.etjanster.simulators.web import json_response

API = "/rp/v6.0/"
START_TIMEOUT = 30  # seconds for an app to pick the order up, else startFailed
ORDER_LIFETIME = 180  # seconds until expiredTransaction
QR_TOLERANCE = 3  # seconds a scanned qrTime may differ from the order's age
# Length limits in base64 characters: kind -> (userVisibleData, userNonVisibleData).
LIMITS = {"auth": (1_500, 1_500), "sign": (40_000, 200_000)}
MAX_VISIBLE, MAX_NON_VISIBLE = LIMITS["sign"]
REQUIREMENT_KEYS = frozenset(
    {"cardReader", "certificatePolicies", "mrtd", "personalNumber", "pinCode"}
)
PHONE_REQUIREMENT_KEYS = frozenset({"cardReader", "certificatePolicies", "pinCode"})
CARD_READERS = ("class1", "class2")
CALL_INITIATORS = ("user", "RP")
RISKS = ("low", "moderate", "high")
# Certificate policies of a mobile BankID: BankID's test and production environments.
MOBILE_BANKID_POLICIES = frozenset({"1.2.3.4.25", "1.2.752.78.1.5"})
APP_ACTIONS = ("approve", "start", "cancel", "declineCall")
ISSUE_DATE = "2024-01-15"
FAULT_CODES = {
    400: "invalidParameters",
    401: "unauthorized",
    408: "requestTimeout",
    429: "tooManyRequests",
    500: "internalError",
    503: "maintenance",
}
METHODS = ("auth", "sign", "collect", "cancel", "phone/auth", "phone/sign")
# A stand-in for BankID's XML signature: its shape, not a verifiable XMLDSig.
SIGNATURE = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">'
    "<SignatureValue>SIMULATED</SignatureValue><Object>"
    '<bankIdSignedData xmlns="http://www.bankid.com/signature/v1.0.0/types" Id="bidSignedData">'
    "{visible}{non_visible}<srvInfo><name>Simulated BankID (test)</name>"
    "<nonce>{nonce}</nonce></srvInfo><clientInfo><funcId>{function}</funcId></clientInfo>"
    "</bankIdSignedData></Object></Signature>"
)
_PERSONAL_NUMBER = re.compile(r"[0-9]{12}")
_OID = re.compile(r"[0-9]+(\.[0-9]+)+")


class ApiError(Exception):
    def __init__(self, status, error_code, details):
        super().__init__(details)
        self.response = json_response(
            {"errorCode": error_code, "details": details}, status
        )


def _invalid(details):
    return ApiError(400, "invalidParameters", details)


@dataclass
class SimulatedOrder:
    kind: str
    reference: str
    created: float
    end_user_ip: str
    requirement: dict
    visible: str = ""  # base64, as sent
    non_visible: str = ""
    qr_start_token: str = field(default_factory=lambda: str(uuid.uuid4()))
    qr_start_secret: str = field(default_factory=lambda: str(uuid.uuid4()))
    auto_start_token: str = field(default_factory=lambda: str(uuid.uuid4()))
    status: str = "pending"
    hint_code: str = "outstandingTransaction"
    person: dict | None = None
    device_ip: str = ""
    return_risk: bool = False
    risk: str = "low"  # what completionData.risk says when returnRisk was asked
    call_initiator: str = ""  # phone orders only: "user" or "RP"
    phone_person: str = ""  # phone orders only: the personalNumber they are for
    mrtd_read: bool = False  # the app read the user's ID document

    @property
    def required_person(self):
        return self.requirement.get("personalNumber", "") or self.phone_person

    @property
    def is_phone(self):
        return bool(self.call_initiator)

    def refresh(self, now):
        if self.status != "pending":
            return
        age = now - self.created
        waiting = self.hint_code == "outstandingTransaction" and not self.is_phone
        if waiting and age >= START_TIMEOUT:
            self.fail("startFailed")
        elif age >= ORDER_LIFETIME:
            self.fail("expiredTransaction")

    def fail(self, hint_code):
        self.status, self.hint_code = "failed", hint_code


def _base64(value, name, limit):
    if not isinstance(value, str) or not 0 < len(value) <= limit:
        raise _invalid(f"{name}: base64, 1 to {limit} characters")
    try:
        base64.b64decode(value, validate=True)
    except binascii.Error as error:
        raise _invalid(f"{name}: not base64") from error
    return value


@dataclass
class StartRequest:
    """A validated auth, sign, phone/auth or phone/sign request."""

    requirement: dict
    visible: str
    non_visible: str
    return_risk: bool
    end_user_ip: str = ""
    call_initiator: str = ""
    phone_person: str = ""


def _start_request(body, kind, phone=False):
    if not isinstance(body, dict):
        raise _invalid("The body must be a JSON object")
    end_user_ip = body.get("endUserIp")
    if not phone or end_user_ip is not None:
        try:
            ipaddress.ip_address(str(end_user_ip))
        except ValueError as error:
            raise _invalid("endUserIp: required, an IP address") from error
    requirement = _requirement(
        body.get("requirement", {}),
        PHONE_REQUIREMENT_KEYS if phone else REQUIREMENT_KEYS,
    )
    visible, non_visible = _user_data(body, kind)
    return_risk = body.get("returnRisk", False)
    if not isinstance(return_risk, bool):
        raise _invalid("returnRisk: a boolean")
    if not phone:
        _return_url(body.get("returnUrl"))
        return StartRequest(
            requirement, visible, non_visible, return_risk, str(end_user_ip)
        )
    number = body.get("personalNumber")
    if not (isinstance(number, str) and _PERSONAL_NUMBER.fullmatch(number)):
        raise _invalid("personalNumber: required, 12 digits")
    if body.get("callInitiator") not in CALL_INITIATORS:
        raise _invalid("callInitiator: required, user or RP")
    return StartRequest(
        requirement,
        visible,
        non_visible,
        return_risk,
        str(end_user_ip or ""),
        body["callInitiator"],
        number,
    )


def _requirement(requirement, allowed):
    """The ``requirement`` object, checked key by key; unknown keys are refused."""
    if not isinstance(requirement, dict):
        raise _invalid("requirement: must be an object")
    unknown = set(requirement) - allowed
    if unknown:
        raise _invalid(f"requirement: unknown {', '.join(sorted(unknown))}")
    number = requirement.get("personalNumber")
    if number is not None and not (
        isinstance(number, str) and _PERSONAL_NUMBER.fullmatch(number)
    ):
        raise _invalid("requirement.personalNumber: 12 digits")
    for flag in ("pinCode", "mrtd"):
        if not isinstance(requirement.get(flag, False), bool):
            raise _invalid(f"requirement.{flag}: a boolean")
    if requirement.get("cardReader", "class1") not in CARD_READERS:
        raise _invalid("requirement.cardReader: class1 or class2")
    policies = requirement.get("certificatePolicies", ["1.2.3.4.25"])
    if not (
        isinstance(policies, list)
        and policies
        and all(isinstance(p, str) and _OID.fullmatch(p) for p in policies)
    ):
        raise _invalid("requirement.certificatePolicies: a list of OIDs")
    return requirement


def _user_data(body, kind):
    """userVisibleData and userNonVisibleData within BankID's limits for ``kind``."""
    max_visible, max_non_visible = LIMITS[kind]
    visible = body.get("userVisibleData")
    if kind == "sign" or visible is not None:
        _base64(visible, "userVisibleData", max_visible)
    if body.get("userVisibleDataFormat") not in (None, "simpleMarkdownV1", "plaintext"):
        raise _invalid("userVisibleDataFormat: simpleMarkdownV1 or plaintext")
    non_visible = body.get("userNonVisibleData")
    if non_visible is not None:
        _base64(non_visible, "userNonVisibleData", max_non_visible)
    return visible or "", non_visible or ""


def _return_url(return_url):
    if return_url is not None:
        parts = urlsplit(return_url) if isinstance(return_url, str) else None
        if not parts or parts.scheme != "https" or not parts.netloc:
            raise _invalid("returnUrl: an https URL")


def _order_ref(body):
    reference = body.get("orderRef") if isinstance(body, dict) else None
    if not isinstance(reference, str) or not reference:
        raise _invalid("orderRef: required")
    return reference


def _signature(order):
    # The stored data is validated base64, so it goes into the XML as it is.
    visible = order.visible and (
        f'<usrVisibleData charset="UTF-8" visible="wysiwys">{order.visible}</usrVisibleData>'
    )
    non_visible = order.non_visible and (
        f"<usrNonVisibleData>{order.non_visible}</usrNonVisibleData>"
    )
    xml = SIGNATURE.format(
        visible=visible,
        non_visible=non_visible,
        nonce=base64.b64encode(order.reference.encode()).decode(),
        function="Signing" if order.kind == "sign" else "Identification",
    )
    return base64.b64encode(xml.encode("utf-8")).decode()


def _completion(order):
    person = order.person
    number = person["personalNumber"]
    given, surname = person.get("givenName", ""), person.get("surname", "")
    uhi = hashlib.sha256(f"uhi:{number}".encode()).digest()[:21]
    return {
        "user": {
            "personalNumber": number,
            "name": f"{given} {surname}".strip(),
            "givenName": given,
            "surname": surname,
        },
        "device": {
            "ipAddress": order.device_ip,
            "uhi": base64.b64encode(uhi).decode(),
        },
        "bankIdIssueDate": person.get("bankIdIssueDate", ISSUE_DATE),
        "stepUp": {"mrtd": order.mrtd_read},
        "signature": _signature(order),
        "ocspResponse": base64.b64encode(
            f"simulated OCSP response {order.reference}".encode()
        ).decode(),
    } | ({"risk": order.risk} if order.return_risk else {})


class BankIdSimulator:
    """The order table (in memory, behind a lock) and the answers of BankID and its app."""

    def __init__(self, persons, clock=time.time):
        self.persons = persons
        self.clock = clock
        self.offset = 0.0
        self._lock = threading.Lock()
        self._orders = {}  # orderRef -> SimulatedOrder
        self._faults = []  # (status, errorCode) for the next API calls

    def now(self):
        return self.clock() + self.offset

    def advance(self, seconds):
        with self._lock:
            self.offset += seconds

    def reset(self):
        with self._lock:
            self._orders.clear()
            self._faults.clear()

    def fail_next(self, status, error_code=None, count=1):
        if not 400 <= status <= 599 or count < 1:
            raise ValueError("status: an HTTP error status; count: at least 1")
        with self._lock:
            code = error_code or FAULT_CODES.get(status, "internalError")
            self._faults.extend([(status, code)] * count)

    def pending_orders(self):
        with self._lock:
            now = self.now()
            for order in self._orders.values():
                order.refresh(now)
            return [o for o in self._orders.values() if o.status == "pending"]

    # The RP API

    def handle(self, request):
        try:
            return json_response(self._api(request))
        except ApiError as error:
            return error.response

    def _api(self, request):
        method = request.path.removeprefix(API)
        if not request.path.startswith(API) or method not in METHODS:
            raise ApiError(404, "notFound", "No such endpoint")
        if request.client_certificate is None:  # the TLS layer should never let it in
            raise ApiError(401, "unauthorized", "A client certificate is required")
        with self._lock:
            if self._faults:
                status, code = self._faults.pop(0)
                raise ApiError(status, code, "Simulated fault")
        if request.method != "POST":
            raise ApiError(405, "methodNotAllowed", "Use POST")
        if request.content_type != "application/json":
            raise ApiError(415, "unsupportedMediaType", "Use application/json")
        try:
            body = request.json()
        except ValueError as error:
            raise _invalid("The body is not JSON") from error
        with self._lock:
            if method in ("auth", "sign"):
                return self._start(method, body)
            if method.startswith("phone/"):
                return self._start_phone(method.removeprefix("phone/"), body)
            return getattr(self, f"_{method}")(body)

    def _start(self, kind, body):
        order = self._new_order(kind, _start_request(body, kind))
        return {
            "orderRef": order.reference,
            "autoStartToken": order.auto_start_token,
            "qrStartToken": order.qr_start_token,
            "qrStartSecret": order.qr_start_secret,
        }

    def _start_phone(self, kind, body):
        """phone/auth and phone/sign: the user is in a call; only an orderRef back."""
        order = self._new_order(kind, _start_request(body, kind, phone=True))
        return {"orderRef": order.reference}

    def _new_order(self, kind, request):
        now = self.now()
        number = request.requirement.get("personalNumber") or request.phone_person
        if number:
            busy = False
            for other in self._orders.values():
                other.refresh(now)
                person = (other.person or {}).get("personalNumber")
                if other.status == "pending" and number in (
                    other.required_person,
                    person,
                ):
                    other.fail("cancelled")
                    busy = True
            if busy:
                raise ApiError(400, "alreadyInProgress", "Order already in progress")
        order = SimulatedOrder(
            kind,
            str(uuid.uuid4()),
            now,
            request.end_user_ip,
            request.requirement,
            visible=request.visible,
            non_visible=request.non_visible,
            return_risk=request.return_risk,
            call_initiator=request.call_initiator,
            phone_person=request.phone_person,
        )
        self._orders[order.reference] = order
        return order

    def _collect(self, body):
        order = self._orders.get(_order_ref(body))
        if order is None:
            raise _invalid("No such order")
        order.refresh(self.now())
        answer = {"orderRef": order.reference, "status": order.status}
        if order.status == "complete":
            answer["completionData"] = _completion(order)
        else:
            answer["hintCode"] = order.hint_code
        if order.status != "pending":  # a final state is told once
            del self._orders[order.reference]
        return answer

    def _cancel(self, body):
        if self._orders.pop(_order_ref(body), None) is None:
            raise _invalid("No such order")
        return {}

    # The user's app

    def handle_control(self, request):
        return bankid_page.handle_control(self, request)

    def app(self, body):
        """What the user does in the BankID app; ValueError for what the app refuses.

        An order the person's BankID cannot take (another personnummer, a card
        reader, other certificate policies) ends as failed, startFailed.
        """
        action = body.get("action", "approve")
        if action not in APP_ACTIONS:
            raise ValueError(f"action: {', '.join(APP_ACTIONS)}")
        person = self.persons.get(body.get("personalNumber"))
        if person is None:
            raise ValueError("personalNumber: not one of the fixture persons")
        risk = body.get("risk", "low")
        if risk not in RISKS:
            raise ValueError(f"risk: {', '.join(RISKS)}")
        with self._lock:
            now = self.now()
            order = self._find(body, now)
            order.refresh(now)
            if order.status != "pending":
                raise ValueError(f"the order is no longer pending ({order.hint_code})")
            unusable = _unusable_bankid(order, person)
            if unusable:
                order.fail("startFailed")
                raise ValueError(f"{unusable}: the order failed (startFailed)")
            _act(order, action, body)
            if order.status != "failed":
                order.person = person
                order.device_ip = body.get("ipAddress") or order.end_user_ip
                order.risk = risk
            answer = {"orderRef": order.reference, "status": order.status}
            return answer | ({"hintCode": order.hint_code} if order.hint_code else {})

    def _find(self, body, now):
        orders = self._orders.values()
        if body.get("qr"):
            parsed = parse_qr_data(body["qr"])
            order = next(
                (o for o in orders if parsed and o.qr_start_token == parsed[0]), None
            )
            if order is None or not is_valid_qr_data(
                body["qr"], order.qr_start_token, order.qr_start_secret
            ):
                raise ValueError("the QR code is not one of BankID's")
            if abs(parsed[1] - (now - order.created)) > QR_TOLERANCE:
                raise ValueError("the QR code is stale")
            return order
        if body.get("autoStartToken"):
            token = body["autoStartToken"]
            order = next((o for o in orders if o.auto_start_token == token), None)
        else:
            order = self._orders.get(body.get("orderRef", ""))
        if order is None:
            raise ValueError("no such order")
        return order


def _unusable_bankid(order, person):
    """Why ``person``'s mobile BankID cannot take ``order``, or "" if it can."""
    if order.required_person not in ("", person["personalNumber"]):
        return "the order is for another person"
    requirement = order.requirement
    if "cardReader" in requirement:
        return "the order needs a BankID on card (cardReader), the app has a mobile one"
    policies = requirement.get("certificatePolicies")
    if policies is not None and not MOBILE_BANKID_POLICIES & set(policies):
        return "the order's certificatePolicies exclude mobile BankID"
    return ""


def _act(order, action, body):
    """Move ``order`` as the app does for ``action``; ValueError for what it refuses."""
    if action == "cancel":
        order.fail("userCancel")
    elif action == "declineCall":
        if not order.is_phone:
            raise ValueError("declineCall: only for phone orders")
        order.fail("userDeclinedCall")
    elif action == "start":
        order.hint_code = _next_step(order)
    else:
        if order.requirement.get("pinCode") and body.get("biometrics"):
            raise ValueError("the order requires the security code (pinCode)")
        if order.requirement.get("mrtd") and not (order.mrtd_read or body.get("mrtd")):
            order.hint_code = "userMrtd"
            raise ValueError("the order requires the ID document to be read (mrtd)")
        order.mrtd_read = bool(order.requirement.get("mrtd"))
        order.status, order.hint_code = "complete", ""


def _next_step(order):
    """The hintCode once the app has opened the order, before the user approves."""
    if order.is_phone and order.hint_code == "outstandingTransaction":
        return "userCallConfirm"
    if order.requirement.get("mrtd") and not order.mrtd_read:
        return "userMrtd"
    return "userSign"
