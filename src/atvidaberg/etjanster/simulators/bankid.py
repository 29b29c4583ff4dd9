"""BankID's RP API v6.0 as a local server, and a control side that plays the user's app.

API (mTLS): ``POST /rp/v6.0/{auth,sign,collect,cancel}`` with JSON, answering as BankID
does, errors as ``{"errorCode": ..., "details": ...}``.

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
MAX_VISIBLE = 40_000  # base64 characters
MAX_NON_VISIBLE = 200_000
ISSUE_DATE = "2024-01-15"
FAULT_CODES = {
    400: "invalidParameters",
    401: "unauthorized",
    408: "requestTimeout",
    429: "tooManyRequests",
    500: "internalError",
    503: "maintenance",
}
METHODS = ("auth", "sign", "collect", "cancel")
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

    @property
    def required_person(self):
        return self.requirement.get("personalNumber", "")

    def refresh(self, now):
        if self.status != "pending":
            return
        age = now - self.created
        if self.hint_code == "outstandingTransaction" and age >= START_TIMEOUT:
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


def _start_request(body, kind):
    if not isinstance(body, dict):
        raise _invalid("The body must be a JSON object")
    try:
        ipaddress.ip_address(str(body.get("endUserIp")))
    except ValueError as error:
        raise _invalid("endUserIp: required, an IP address") from error
    requirement = body.get("requirement", {})
    if not isinstance(requirement, dict):
        raise _invalid("requirement: must be an object")
    number = requirement.get("personalNumber")
    if number is not None and not (
        isinstance(number, str) and _PERSONAL_NUMBER.fullmatch(number)
    ):
        raise _invalid("requirement.personalNumber: 12 digits")
    visible = body.get("userVisibleData")
    if kind == "sign" or visible is not None:
        _base64(visible, "userVisibleData", MAX_VISIBLE)
    if body.get("userVisibleDataFormat") not in (None, "simpleMarkdownV1", "plaintext"):
        raise _invalid("userVisibleDataFormat: simpleMarkdownV1 or plaintext")
    non_visible = body.get("userNonVisibleData")
    if non_visible is not None:
        _base64(non_visible, "userNonVisibleData", MAX_NON_VISIBLE)
    return_url = body.get("returnUrl")
    if return_url is not None:
        parts = urlsplit(return_url) if isinstance(return_url, str) else None
        if not parts or parts.scheme != "https" or not parts.netloc:
            raise _invalid("returnUrl: an https URL")
    return requirement, visible or "", non_visible or ""


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
        "stepUp": {"mrtd": False},
        "signature": _signature(order),
        "ocspResponse": base64.b64encode(
            f"simulated OCSP response {order.reference}".encode()
        ).decode(),
    }


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
            return getattr(self, f"_{method}")(body)

    def _start(self, kind, body):
        requirement, visible, non_visible = _start_request(body, kind)
        now = self.now()
        number = requirement.get("personalNumber")
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
        reference = str(uuid.uuid4())
        order = SimulatedOrder(kind, reference, now, body["endUserIp"], requirement)
        order.visible, order.non_visible = visible, non_visible
        self._orders[order.reference] = order
        return {
            "orderRef": order.reference,
            "autoStartToken": order.auto_start_token,
            "qrStartToken": order.qr_start_token,
            "qrStartSecret": order.qr_start_secret,
        }

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
        """What the user does in the BankID app; ValueError for what the app refuses."""
        action = body.get("action", "approve")
        if action not in ("approve", "start", "cancel"):
            raise ValueError("action: approve, start or cancel")
        person = self.persons.get(body.get("personalNumber"))
        if person is None:
            raise ValueError("personalNumber: not one of the fixture persons")
        with self._lock:
            now = self.now()
            order = self._find(body, now)
            order.refresh(now)
            if order.status != "pending":
                raise ValueError(f"the order is no longer pending ({order.hint_code})")
            if order.required_person not in ("", person["personalNumber"]):
                raise ValueError("the order is for another person")
            if action == "cancel":
                order.fail("userCancel")
            else:
                order.person = person
                order.device_ip = body.get("ipAddress") or order.end_user_ip
                if action == "start":
                    order.hint_code = "userSign"
                else:
                    order.status, order.hint_code = "complete", ""
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
