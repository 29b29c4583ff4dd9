"""Look a personnummer up in SPAR (Statens personadressregister), service PersonSok 2021.1.

The wire format, from SPAR's published XML schemas 2021.1 and its reference client:

- SOAP 1.1 over HTTPS with a client (organisation) certificate; ``POST`` to the base
  address with ``Content-Type: text/xml; charset=utf-8`` and the ``SOAPAction`` below.
- Request ``fraga:SPARPersonsokningFraga`` holding ``iden:Identifieringsinformation``
  (KundNrLeveransMottagare, KundNrSlutkund, UppdragId, SlutAnvandarId; spelled with a
  lower-case "i" in 2021.1) and ``sok:PersonsokningFraga/person:IdNummer`` (12 digits).
- Answer ``svar:SPARPersonsokningSvar``: the question echoed, zero or more
  ``PersonsokningSvarspost`` (none: SPAR knows nobody by that number), or ``Undantag``
  (Kod, Beskrivning) / ``OverstigerMaxAntalSvarsposter``, and a ``UUID`` for support.
- In a Svarspost: ``Sekretessmarkering`` and ``SkyddadFolkbokforing`` are ``JA``/``NEJ``
  (older schemas and some texts say J/N; both are accepted). A protected person comes
  without name and address. ``Namn``, ``Persondetaljer`` and ``Folkbokforingsadress``
  may repeat as history (DatumFrom/DatumTill, 9999-12-31 = current).
- ``Tilltalsnamn`` is a code, not a name: its non-zero digits number the first names
  (in ``Fornamn``, a hyphenated name counts as two) that make up the calling name,
  e.g. "20" = the second, "23" = second and third ("Ulla-Karin" in "Eva Ulla-Karin Isa").
- Deregistration is ``Persondetaljer/AvregistreringsorsakKod``: AV (or A before 2019)
  = deceased; UV emigrated, GN/GS old number, AS, OB, TA, FI, O, G: other reasons.

``SlutAnvandarId`` names the individual who used the service, as SPAR's terms and
schema want it: the caller passes it to every ``lookup``. The portal passes the
resident's (or officer's) Plone user id, which for residents is the pseudonym
``eid-…`` (a keyed HMAC of the personnummer, ``pas.plugin``): the municipality can
trace a lookup to the person in its own logs, SPAR learns nothing more than the number
it is asked about. This module refuses an id that is a personnummer.

Assumptions where the published material is silent (see docs/fixture-persons.md):

- Errors outside the answer (schema-invalid request, unknown customer or assignment)
  arrive as a SOAP 1.1 Fault with HTTP 500; its ``detail`` may carry an ``Undantag``
  whose ``Kod`` becomes ``SparError.code`` (else the faultcode is used).
- Only the folkbokföringsadress is read; ``street_address`` joins Utdelningsadress1
  and Utdelningsadress2 with ", " when both are present.
- PRODUCTION_URL is inferred from SPAR's older production addresses; SPAR moved its
  hosts in May 2024, so confirm both addresses with SPAR before going live.

Nothing here logs, and no error text contains the personnummer.
"""

import itertools
import re
import ssl
from functools import cached_property

import httpx
from lxml import etree

from atvidaberg.etjanster.eid.types import RegisterAnswer
from atvidaberg.etjanster.eid.types import RegisterError

CUSTOMER_TEST_URL = "https://kt-ext-ws.statenspersonadressregister.se/2021.1/"
PRODUCTION_URL = "https://ext-ws.statenspersonadressregister.se/2021.1/"  # unverified
SOAP_ACTION = "http://skatteverket.se/spar/personsok/2021.1/PersonsokService/Personsok"
CONTENT_TYPE = "text/xml; charset=utf-8"
END_USER_ID_MAX_LENGTH = 256  # what the simulator checks; confirm with SPAR

_SCHEMA = "http://statenspersonadressregister.se/schema"
NS = {
    "soap": "http://schemas.xmlsoap.org/soap/envelope/",
    "fraga": f"{_SCHEMA}/personsok/2021.1/personsokningfraga",
    "svar": f"{_SCHEMA}/personsok/2021.1/personsokningsvar",
    "iden": f"{_SCHEMA}/komponent/metadata/identifieringsinformationWs-1.1",
    "sok": f"{_SCHEMA}/komponent/sok/personsokningsokparametrar-1.1",
    "person": f"{_SCHEMA}/komponent/person/person-1.2",
    "undantag": f"{_SCHEMA}/komponent/sok/undantag-1.0",
    "skydd": f"{_SCHEMA}/komponent/person/skyddadepersonuppgifter-1.1",
    "datum": f"{_SCHEMA}/komponent/generellt/datumtid-1.1",
    "namn": f"{_SCHEMA}/komponent/person/namn/namn-1.0",
    "namnelement": f"{_SCHEMA}/komponent/person/namn/deladenamnelement-1.0",
    "detaljer": f"{_SCHEMA}/komponent/person/persondetaljer-1.2",
    "avreg": f"{_SCHEMA}/komponent/person/avregistrering-1.0",
    "fbfadress": f"{_SCHEMA}/komponent/person/adress/folkbokforingsadress-1.1",
    "adress": f"{_SCHEMA}/komponent/person/adress/deladeadresselement-1.1",
}
DECEASED_CODES = frozenset({"AV", "A"})
CURRENT = "9999-12-31"

_TWELVE_DIGITS = re.compile(r"[0-9]{12}")  # ASCII only, unlike \d
_NUMBER_LIKE = re.compile(r"\d{6}(?:\d{2})?[-+]?\d{4}")
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)


class SparError(RegisterError):
    """SPAR could not answer; ``code`` is SPAR's Undantag code, the SOAP faultcode, or
    one of "timeout", "transport", "configuration", "http-<status>", "malformed",
    "mismatch"."""

    def __init__(self, text, code=""):
        super().__init__(scrub(text))
        self.code = code


def scrub(text):
    """``text`` fit for a log: anything shaped like a personnummer masked, kept short."""
    return _NUMBER_LIKE.sub("<personnummer>", str(text))[:300]


def _q(prefix, name):
    return f"{{{NS[prefix]}}}{name}"


class SparClient:
    """PersonSok client. ``cert`` is (certificate, key) paths or one combined PEM file;
    ``ca_cert`` the CA bundle that signs SPAR's server certificate (None: system CAs)."""

    def __init__(
        self,
        url,
        cert=None,
        ca_cert=None,
        *,
        customer_number,
        assignment_id,
        end_customer_number=None,
        org_number=None,
        timeout=10.0,
    ):
        self.url = url
        self.cert = cert
        self.ca_cert = ca_cert
        self.customer_number = str(customer_number)
        self.end_customer_number = str(end_customer_number or customer_number)
        self.assignment_id = str(assignment_id)
        # Not part of Identifieringsinformation in 2021.1; kept for configuration.
        self.org_number = org_number
        self.timeout = timeout

    @cached_property
    def _tls(self):
        try:
            context = ssl.create_default_context(
                cafile=str(self.ca_cert) if self.ca_cert else None
            )
            if isinstance(self.cert, tuple | list):
                context.load_cert_chain(str(self.cert[0]), str(self.cert[1]))
            elif self.cert:
                context.load_cert_chain(str(self.cert))
        except (OSError, ssl.SSLError) as exc:
            raise SparError(
                f"SPAR client TLS setup failed: {type(exc).__name__}: {exc}",
                "configuration",
            ) from exc
        return context

    def build_request(self, personal_number, end_user_id) -> bytes:
        envelope = etree.Element(_q("soap", "Envelope"), nsmap={"soapenv": NS["soap"]})
        etree.SubElement(envelope, _q("soap", "Header"))
        body = etree.SubElement(envelope, _q("soap", "Body"))
        question = etree.SubElement(
            body,
            _q("fraga", "SPARPersonsokningFraga"),
            nsmap={k: NS[k] for k in ("fraga", "iden", "sok", "person")},
        )
        identification = etree.SubElement(
            question, _q("iden", "Identifieringsinformation")
        )
        for name, value in (
            ("KundNrLeveransMottagare", self.customer_number),
            ("KundNrSlutkund", self.end_customer_number),
            ("UppdragId", self.assignment_id),
            ("SlutAnvandarId", _checked_end_user(end_user_id)),
        ):
            etree.SubElement(identification, _q("iden", name)).text = value
        search = etree.SubElement(question, _q("sok", "PersonsokningFraga"))
        etree.SubElement(search, _q("person", "IdNummer")).text = personal_number
        return etree.tostring(envelope, xml_declaration=True, encoding="UTF-8")

    def lookup(self, personal_number, end_user_id) -> RegisterAnswer:
        """What SPAR says about ``personal_number`` (12 digits, YYYYMMDDNNNN).

        ``end_user_id`` is who asks: the pseudonymous user id of the resident or
        officer using the portal (SlutAnvandarId), never a personnummer.
        """
        if not isinstance(personal_number, str) or not _TWELVE_DIGITS.fullmatch(
            personal_number
        ):
            raise ValueError("SPAR lookup needs a personnummer of 12 digits")
        body = self.build_request(personal_number, end_user_id)
        headers = {"Content-Type": CONTENT_TYPE, "SOAPAction": f'"{SOAP_ACTION}"'}
        try:
            with httpx.Client(verify=self._tls, timeout=self.timeout) as http:
                response = http.post(self.url, content=body, headers=headers)
        except httpx.TimeoutException as exc:
            raise SparError(
                f"SPAR did not answer within {self.timeout} s ({type(exc).__name__})",
                "timeout",
            ) from exc
        except httpx.TransportError as exc:
            raise SparError(
                f"SPAR could not be reached: {type(exc).__name__}: {exc}", "transport"
            ) from exc
        return parse_response(response.status_code, response.content, personal_number)


def _checked_end_user(end_user_id):
    """``end_user_id`` fit for SlutAnvandarId, or ValueError."""
    if not isinstance(end_user_id, str) or not (
        0 < len(end_user_id.strip()) <= END_USER_ID_MAX_LENGTH
    ):
        raise ValueError(
            f"SlutAnvandarId: the user's id, 1 to {END_USER_ID_MAX_LENGTH} characters"
        )
    # Whole-text match only: a pseudonym (hex) may well hold ten digits in a row.
    if _NUMBER_LIKE.fullmatch(end_user_id.strip()):
        raise ValueError("SlutAnvandarId must be a pseudonym, not a personnummer")
    return end_user_id.strip()


def parse_response(status, content, personal_number) -> RegisterAnswer:
    try:
        envelope = etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError:
        envelope = None
    body = None
    if envelope is not None and envelope.tag == _q("soap", "Envelope"):
        body = envelope.find(_q("soap", "Body"))
    fault = body.find(_q("soap", "Fault")) if body is not None else None
    if fault is not None:
        raise _fault_error(fault)
    if status != 200:
        raise SparError(f"SPAR answered HTTP {status}", f"http-{status}")
    if body is None:
        raise SparError("SPAR's answer is not a SOAP 1.1 envelope", "malformed")
    answer = body.find(_q("svar", "SPARPersonsokningSvar"))
    if answer is None:
        raise SparError("SPAR's answer has no SPARPersonsokningSvar", "malformed")
    return parse_answer(answer, personal_number)


def _fault_error(fault):
    code = _local(_text(fault, "faultcode"))
    undantag = _first(_first(fault, "detail"), "Undantag")
    if undantag is not None:
        code = _text(undantag, "Kod") or code
    reason = _text(fault, "faultstring") or _text(undantag, "Beskrivning")
    return SparError(f"SPAR fault {code}: {reason}", code or "fault")


def parse_answer(answer, personal_number) -> RegisterAnswer:
    """A RegisterAnswer from an ``SPARPersonsokningSvar`` element."""
    support = f" (SPAR UUID {_text(answer, 'UUID')})" if _text(answer, "UUID") else ""
    undantag = _first(answer, "Undantag")
    if undantag is not None:
        code = _text(undantag, "Kod") or "UNDANTAG"
        reason = _text(undantag, "Beskrivning")
        raise SparError(f"SPAR Undantag {code}: {reason}{support}", code)
    if _first(answer, "OverstigerMaxAntalSvarsposter") is not None:
        raise SparError(f"SPAR: too many answers{support}", "OVERSTIGER_MAX_ANTAL")
    posts = _children(answer, "PersonsokningSvarspost")
    if not posts:
        return RegisterAnswer(found=False)
    for post in posts:
        if _text(_first(post, "PersonId"), "IdNummer") == personal_number:
            return _register_answer(post)
    raise SparError(f"SPAR answered about another person{support}", "mismatch")


def _register_answer(post):
    details = _current(_children(post, "Persondetaljer"))
    reason = _text(details, "AvregistreringsorsakKod").upper()
    deceased = reason in DECEASED_CODES or bool(_text(details, "Avlidendatum"))
    protected = any(
        _yes(_text(element, marker))
        for element in (post, details)
        for marker in ("Sekretessmarkering", "SkyddadFolkbokforing")
    )
    if protected:
        # Even if a name or address came along, nothing of it may leave this module.
        return RegisterAnswer(
            found=True,
            protected_identity=True,
            deceased=deceased,
            deregistered=bool(reason),
        )
    name = _current(_children(post, "Namn"))
    address = _first(_current(_children(post, "Folkbokforingsadress")), "SvenskAdress")
    lines = (_text(address, "Utdelningsadress1"), _text(address, "Utdelningsadress2"))
    street = ", ".join(line for line in lines if line)
    return RegisterAnswer(
        found=True,
        given_name=calling_name(_text(name, "Fornamn"), _text(name, "Tilltalsnamn")),
        surname=_text(name, "Efternamn"),
        street_address=street,
        postal_code=_text(address, "PostNr"),
        city=_text(address, "Postort"),
        deceased=deceased,
        deregistered=bool(reason),
    )


def calling_name(first_names, code):
    """The tilltalsnamn named by SPAR's code, else the first of the first names."""
    parts = re.split(r"(\s+|-)", first_names.strip())
    names, separators = parts[0::2], [" " if s.isspace() else s for s in parts[1::2]]
    if code and not code.isdigit():
        return code  # a name where the schema says code: take it as it is
    picked = [int(digit) for digit in code if digit != "0"]
    if picked and picked == sorted(set(picked)) and picked[-1] <= len(names):
        text = names[picked[0] - 1]
        for before, number in itertools.pairwise(picked):
            joiner = separators[number - 2] if number == before + 1 else " "
            text += joiner + names[number - 1]
        return text
    return first_names.split()[0] if first_names.split() else ""


def _yes(value):
    return value.upper() in ("JA", "J")


def _local(qualified):
    return qualified.rpartition(":")[2]


def _children(element, name):
    found = () if element is None else element.iterchildren(tag=etree.Element)
    return [child for child in found if etree.QName(child).localname == name]


def _first(element, name):
    found = _children(element, name)
    return found[0] if found else None


def _text(element, name):
    child = _first(element, name)
    return (child.text or "").strip() if child is not None else ""


def _current(elements):
    """The element of a history list that is valid now (latest DatumTill)."""
    if not elements:
        return None
    return max(elements, key=lambda e: _text(e, "DatumTill") or CURRENT)
