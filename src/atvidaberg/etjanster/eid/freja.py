"""Freja eID+ relying-party client: authentication and signing over mTLS.

Freja's REST API takes each request as one parameter holding base64 of a JSON object
and answers in JSON. An approved result carries ``details``, a JWS signed by Freja:
only that verified JWS is trusted for who the person is.

The request body is built as Freja's own Java client (github.com/Freja-eID/
frejaeidclient, ``HttpService.send`` and ``RequestTemplate``) builds it:
``initAuthRequest=<standard base64 of the UTF-8 JSON>``, the base64 not escaped, sent
with ``Content-Type: application/json``. Freja's documentation shows the same
``parameter=value`` bodies without naming a content type. Sent as
``application/x-www-form-urlencoded`` instead, a server that form-decodes the body reads
every ``+`` of the base64 as a space, and the request is refused or misread.

A signature's ``title`` may have at most 128 characters (Freja's documentation and its
client's ``InitiateSignRequestBuilders``; error 3007 otherwise). Freja is a Java
service, so we assume it counts Java characters (UTF-16 code units): ``shorten_title``
keeps titles within that, whatever the characters.
"""

import base64
import binascii
import json
import re
import secrets
import ssl
import tempfile
import time
import unicodedata
from pathlib import Path
from urllib.parse import quote

import httpx
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from atvidaberg.etjanster.eid.types import COMPLETE
from atvidaberg.etjanster.eid.types import FAILED
from atvidaberg.etjanster.eid.types import PENDING
from atvidaberg.etjanster.eid.types import CollectResult
from atvidaberg.etjanster.eid.types import EidError
from atvidaberg.etjanster.eid.types import Identity
from atvidaberg.etjanster.eid.types import Order

TEST_URL = "https://services.test.frejaeid.com"
PRODUCTION_URL = "https://services.prod.frejaeid.com"
# Universal links that open the Freja eID app on the device showing the page.
TEST_APP_URL = "https://app.test.frejaeid.com/freja"
PRODUCTION_APP_URL = "https://app.prod.frejaeid.com/freja"

ATTRIBUTES_TO_RETURN = [{"attribute": "BASIC_USER_INFO"}, {"attribute": "SSN"}]
PENDING_STATUSES = ("STARTED", "DELIVERED_TO_MOBILE")
# Freja status -> the RFA message (eid.messages) to show. Only codes whose texts name
# no BankID app fit Freja; freja.message(hint_code) has Freja's own wording.
FAILED_STATUSES = {
    "CANCELED": "RFA6",
    "RP_CANCELED": "RFA3",
    "REJECTED": "RFA3",
    "EXPIRED": "RFA3",
}
ERROR_MESSAGE_CODES = {0: "RFA5", 2000: "RFA4"}
CONTENT_TYPE = "application/json"  # with a parameter=value body, as Freja's client
TITLE_MAX_LENGTH = 128  # UTF-16 code units, see shorten_title
ELLIPSIS = "…"

# kind -> (service path, reference field, parameter-name infix)
_SERVICES = {
    "auth": ("/authentication/1.0", "authRef", "Auth"),
    "sign": ("/sign/1.0", "signRef", "Sign"),
}
_INIT = {"auth": "initAuthentication", "sign": "initSignature"}
_SSN = re.compile(r"[0-9]{12}")  # ASCII only: \d takes any Unicode digit

# Keys are the CollectResult hint codes (Freja statuses, lower camel) and the
# EidError error codes (Freja's numeric codes as text, "transport", "invalidResult").
# fmt: off
MESSAGES = {
    "started": ("Öppna Freja eID-appen och skanna QR-koden eller godkänn begäran.",
                "Open the Freja eID app and scan the QR code or approve the request."),
    "deliveredToMobile": ("Godkänn begäran i Freja eID-appen.",
                          "Approve the request in the Freja eID app."),
    "canceled": ("Du avbröt i Freja eID-appen.", "You cancelled in the Freja eID app."),
    "rpCanceled": ("Åtgärden avbröts.", "The action was cancelled."),
    "rejected": ("Begäran stoppades av säkerhetsskäl. Försök igen.",
                 "The request was stopped for security reasons. Please try again."),
    "expired": ("Tiden gick ut innan begäran godkändes i Freja eID-appen. Försök igen.",
                "Time ran out before the request was approved in the Freja eID app. Please try again."),
    "2000": ("En inloggning med Freja eID pågår redan för det här personnumret. Försök igen.",
             "A Freja eID login is already in progress for this personal identity number. Please try again."),
    "1012": ("Personnumret har inget Freja eID+. Skaffa Freja eID+ eller välj ett annat sätt att legitimera dig.",
             "This personal identity number has no Freja eID+. Get Freja eID+ or choose another way to identify yourself."),
    "1005": ("Du har stängt av den här tjänsten i Freja eID. Slå på den under Mina sidor hos Freja eID.",
             "You have turned this service off in Freja eID. Turn it on in Freja eID's My Pages."),
    "1100": ("Begäran finns inte längre. Börja om.", "The request no longer exists. Please start again."),
    "transport": ("Freja eID går inte att nå just nu. Försök igen om en stund.",
                  "Freja eID cannot be reached right now. Please try again in a while."),
    "": ("Okänt fel. Försök igen.", "Unknown error. Please try again."),
}
# fmt: on


def message(key, language="sv"):
    """The user's text for a hint code or error code; the unknown-error text otherwise."""
    swedish, english = MESSAGES.get(str(key), MESSAGES[""])
    return english if language == "en" else swedish


def request_body(parameter, request):
    """``parameter=<base64 of the JSON>``, byte for byte as Freja's own client sends it."""
    encoded = base64.b64encode(json.dumps(request).encode("utf-8")).decode("ascii")
    return f"{parameter}={encoded}"


def _utf16_length(text):
    return len(text.encode("utf-16-le")) // 2


def _continues(text, index):
    """Whether ``text[index]`` belongs to the character before it (a combining mark, a
    variation selector, a skin tone, or anything joined by a zero-width joiner)."""
    char = text[index]
    return (
        unicodedata.category(char).startswith("M")
        or char == "\u200d"
        or "\ufe00" <= char <= "\ufe0f"
        or "\U0001f3fb" <= char <= "\U0001f3ff"
        or "\U000e0100" <= char <= "\U000e01ef"
        or (index > 0 and text[index - 1] == "\u200d")
    )


def shorten_title(title, limit=TITLE_MAX_LENGTH):
    """``title`` within Freja's limit: cut at a whole character and ended with "…".

    Runs of whitespace become one space (the app shows one line). Counted in UTF-16
    code units (an emoji counts two), and never cut between a letter and its combining
    accent, or inside an emoji sequence.
    """
    title = unicodedata.normalize("NFC", " ".join(str(title).split()))
    if _utf16_length(title) <= limit:
        return title
    room = limit - _utf16_length(ELLIPSIS)
    end, used = 0, 0
    for index, char in enumerate(title):
        used += _utf16_length(char)
        if used > room:
            break
        end = index + 1
    while end > 0 and end < len(title) and _continues(title, end):
        end -= 1
    return title[:end].rstrip() + ELLIPSIS


def _hint(status):
    first, *rest = status.lower().split("_")
    return first + "".join(part.capitalize() for part in rest)


def _b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _invalid(text):
    return EidError(f"Freja result refused: {text}", "RFA22", "invalidResult")


def _thumbprint(certificate):
    digest = certificate.fingerprint(hashes.SHA1())  # noqa: S303 (x5t is SHA-1 by RFC 7515)
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _load_jws_certificates(paths):
    if isinstance(paths, str | Path):
        paths = [paths]
    certificates = [x509.load_pem_x509_certificate(Path(p).read_bytes()) for p in paths]
    return {_thumbprint(c): c for c in certificates}


def _ssl_context(cert, cert_password, ca_cert):
    context = ssl.create_default_context(cafile=str(ca_cert) if ca_cert else None)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if isinstance(cert, tuple | list):
        context.load_cert_chain(str(cert[0]), str(cert[1]), password=cert_password)
        return context
    password = cert_password.encode() if cert_password else None
    key, certificate, chain = pkcs12.load_key_and_certificates(
        Path(cert).read_bytes(), password
    )
    # ssl loads a certificate chain only from a file: the key goes there encrypted,
    # in a private directory that is removed at once.
    secret = secrets.token_hex(24).encode("ascii")
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(secret),
    )
    for item in [certificate, *(chain or [])]:
        pem += item.public_bytes(serialization.Encoding.PEM)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "rp.pem"
        path.write_bytes(pem)
        context.load_cert_chain(str(path), password=secret)
    return context


class FrejaClient:
    """One relying party at Freja eID+; safe to share between threads."""

    def __init__(
        self,
        base_url,
        cert,
        ca_cert,
        jws_cert_path,
        timeout=10.0,
        *,
        cert_password=None,
        app_url=None,
        min_registration_level="PLUS",
    ):
        """``cert`` is (certificate, key) PEM paths or a PKCS#12 path with
        ``cert_password``; ``ca_cert`` None trusts the system's CAs."""
        self.base_url = base_url.rstrip("/")
        self.app_url = app_url or (
            TEST_APP_URL if self.base_url == TEST_URL else PRODUCTION_APP_URL
        )
        self.min_registration_level = min_registration_level
        self._jws_certificates = _load_jws_certificates(jws_cert_path)
        self._http = httpx.Client(
            base_url=self.base_url,
            verify=_ssl_context(cert, cert_password, ca_cert),
            timeout=timeout,
        )

    def close(self):
        self._http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def auth(self, ssn=None):
        """Start a login: for ``ssn`` (12 digits) in their app, or by QR code (None)."""
        request = self._user(ssn) | {"attributesToReturn": ATTRIBUTES_TO_RETURN}
        return self._start("auth", request)

    def sign(self, ssn, title, text, data_to_sign=None):
        """Start a signature of ``text`` (shown) and ``data_to_sign`` (hidden bytes)."""
        data = {"text": base64.b64encode(text.encode("utf-8")).decode("ascii")}
        if data_to_sign is not None:
            if isinstance(data_to_sign, str):
                data_to_sign = data_to_sign.encode("utf-8")
            data["binaryData"] = base64.b64encode(data_to_sign).decode("ascii")
        extended = data_to_sign is not None
        request = self._user(ssn) | {
            "title": shorten_title(title),
            "dataToSignType": "EXTENDED_UTF8_TEXT" if extended else "SIMPLE_UTF8_TEXT",
            "dataToSign": data,
            "signatureType": "EXTENDED" if extended else "SIMPLE",
            "attributesToReturn": ATTRIBUTES_TO_RETURN,
        }
        return self._start("sign", request)

    def collect(self, order):
        path, ref_field, infix = _SERVICES[order.kind]
        answer = self._call(
            f"{path}/getOneResult",
            f"getOne{infix}ResultRequest",
            {ref_field: order.reference},
        )
        status = answer.get("status")
        if status in PENDING_STATUSES:
            return CollectResult(PENDING, _hint(status), "RFA21")
        if status in FAILED_STATUSES:
            return CollectResult(FAILED, _hint(status), FAILED_STATUSES[status])
        if status != "APPROVED":
            raise _invalid(f"unknown status {status!r}")
        jws = answer.get("details")
        payload = _verified_payload(jws, self._jws_certificates)
        if payload.get(ref_field) != order.reference:
            raise _invalid(f"{ref_field} in the JWS is not the order's")
        if payload.get("status") != "APPROVED":
            raise _invalid("the JWS status is not APPROVED")
        if payload.get("minRegistrationLevel") != self.min_registration_level:
            raise _invalid("the JWS registration level is not the one asked for")
        try:
            identity = _identity(payload)
        except (AttributeError, TypeError) as exc:
            raise _invalid("requestedAttributes of an unexpected shape") from exc
        return CollectResult(
            COMPLETE,
            "approved",
            identity=identity,
            signature=jws,
            extra={"timestamp": payload.get("timestamp")},
        )

    def cancel(self, order):
        path, ref_field, infix = _SERVICES[order.kind]
        try:
            self._call(
                f"{path}/cancel", f"cancel{infix}Request", {ref_field: order.reference}
            )
        except EidError as error:
            # 1100: already finished or gone, so there is nothing left to cancel.
            if error.error_code != "1100":
                raise

    def qr_link(self, order):
        return f"frejaeid://bindUserToTransaction?transactionReference={quote(order.reference, safe='')}"

    def app_link(self, order, origin_app_scheme=None):
        """Opens the Freja eID app on this device; it returns to ``origin_app_scheme``."""
        link = (
            f"{self.app_url}?action=bindUserToTransaction"
            f"&transactionReference={quote(order.reference, safe='')}"
        )
        if origin_app_scheme:
            link += f"&originAppScheme={quote(origin_app_scheme, safe='')}"
        return link

    def _user(self, ssn):
        user = {"userInfoType": "INFERRED", "userInfo": "N/A"}
        if ssn is not None:
            if not isinstance(ssn, str) or not _SSN.fullmatch(ssn):
                raise ValueError("a personnummer has 12 digits, YYYYMMDDNNNN")
            info = json.dumps({"country": "SE", "ssn": ssn}).encode("utf-8")
            user = {"userInfoType": "SSN", "userInfo": base64.b64encode(info).decode()}
        return user | {"minRegistrationLevel": self.min_registration_level}

    def _start(self, kind, request):
        path, ref_field, infix = _SERVICES[kind]
        answer = self._call(f"{path}/{_INIT[kind]}", f"init{infix}Request", request)
        reference = answer.get(ref_field)
        if not isinstance(reference, str) or not reference:
            raise _invalid(f"no {ref_field} in the answer")
        return Order(
            provider="freja", kind=kind, reference=reference, started_at=time.time()
        )

    def _call(self, path, parameter, request):
        try:
            response = self._http.post(
                path,
                content=request_body(parameter, request),
                headers={"Content-Type": CONTENT_TYPE},
            )
        except httpx.HTTPError as exc:
            raise EidError(f"Freja {path}: {exc!r}", "RFA5", "transport") from exc
        if response.status_code in (200, 204):
            if not response.content:
                return {}
            try:
                answer = response.json()
            except ValueError as exc:
                raise _invalid(f"{path} answered no JSON") from exc
            if not isinstance(answer, dict):
                raise _invalid(f"{path} answered no JSON object")
            return answer
        raise _error(path, response)


def _verified_payload(jws, certificates):
    try:
        encoded_header, encoded_payload, encoded_signature = jws.split(".")
        header = json.loads(_b64url_decode(encoded_header))
        payload = json.loads(_b64url_decode(encoded_payload))
        signature = _b64url_decode(encoded_signature)
        certificate = certificates[header["x5t"]]
    except (AttributeError, TypeError, KeyError, ValueError, binascii.Error) as exc:
        raise _invalid("no readable JWS from a configured certificate") from exc
    key = certificate.public_key()
    if header.get("alg") != "RS256" or not isinstance(key, rsa.RSAPublicKey):
        raise _invalid("the JWS is not RS256")
    signing_input = f"{encoded_header}.{encoded_payload}".encode("ascii")
    try:
        key.verify(signature, signing_input, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature as exc:
        raise _invalid("bad JWS signature") from exc
    if not isinstance(payload, dict):
        raise _invalid("the JWS payload is no object")
    return payload


def _identity(payload):
    attributes = payload.get("requestedAttributes") or {}
    ssn = attributes.get("ssn") or {}
    personal_number = ssn.get("ssn")
    if ssn.get("country") != "SE" or not _SSN.fullmatch(str(personal_number or "")):
        raise _invalid("no Swedish personnummer in the JWS")
    if payload.get("userInfoType") == "SSN":
        try:
            asked = json.loads(base64.b64decode(payload.get("userInfo", ""))).get("ssn")
        except (ValueError, binascii.Error, AttributeError) as exc:
            raise _invalid("unreadable userInfo in the JWS") from exc
        if asked != personal_number:
            raise _invalid("the JWS names another person than the one asked for")
    basic = attributes.get("basicUserInfo") or {}
    return Identity(
        personal_number=personal_number,
        given_name=basic.get("name", ""),
        surname=basic.get("surname", ""),
    )


def _error(path, response):
    try:
        body = response.json()
        code = int(body["code"])
        text = body.get("message", "")
    except (ValueError, KeyError, TypeError):
        message_code = "RFA5" if response.status_code >= 500 else "RFA22"
        return EidError(f"Freja {path}: HTTP {response.status_code}", message_code)
    return EidError(
        f"Freja {path}: HTTP {response.status_code}, error {code}: {text}",
        ERROR_MESSAGE_CODES.get(code, "RFA22"),
        str(code),
    )
