"""A local SPAR PersonSok 2021.1 (SOAP 1.1) that answers from the fixture persons.

Endpoint (served over mTLS by ``server.start_all``): ``POST /2021.1/`` like SPAR's own
base address; ``/2021.1`` and ``/`` answer the same. ``Content-Type`` must be
``text/xml`` (else HTTP 415); a ``SOAPAction`` header, when sent, must be SPAR's.

Accepted customers (``ACCEPTED_ASSIGNMENTS``): KundNrLeveransMottagare 500243,
KundNrSlutkund 500243, UppdragId 637, the values public clients of SPAR's customer
test environment use. Anything else gets what we assume SPAR sends when it refuses
(the published material does not show it): a SOAP Fault (HTTP 500, faultcode ``Client``) whose detail holds an ``Undantag``
with Kod ``OGILTIG_INPARAMETER``; SPAR publishes no separate code for an unknown
customer, so the Beskrivning tells the cases apart. A request that does not follow the
schema (no envelope, missing or malformed fields, an invalid IdNummer) gets the same
kind of fault; a SOAP 1.2 envelope gets ``VersionMismatch``; a search on anything but
IdNummer gets ``GENERELLT_FEL``.

Answers per fixture person (see docs/fixture-persons.md):

- ordinary: Namn, Persondetaljer and Folkbokforingsadress/SvenskAdress;
- ``sekretessmarkering`` / ``skyddadFolkbokforing``: the markers ``JA`` (for skyddad
  folkbokföring SPAR sets Sekretessmarkering too, with ``sattAvSPAR="JA"``) and no
  name, details or address;
- ``deceased``: Persondetaljer with AvregistreringsorsakKod ``AV``, name and last address;
- ``inRegister: false`` or not a fixture person: no PersonsokningSvarspost at all.

The WSDL: ``GET /2021.1/?wsdl`` (any of the paths above) answers a WSDL 1.1 document
that SOAP tools such as zeep load: service and port type ``PersonsokService``,
operation ``PersonSok`` with SPAR's SOAPAction, document/literal, its address the one
the request came to. Names are those of SPAR's reference client (a WCF proxy of the
2021.1 WSDL); the real WSDL imports SPAR's XSDs, ours declares the two message elements
with open content (``xs:any``), so it describes the operation, not every field.

Optional fixture fields read here: ``givenNames`` (all first names; default
``givenName``) and ``callingNameCode`` (SPAR's Tilltalsnamn code, e.g. "20").
"""

import collections
import html
import re
import uuid

from lxml import etree

from atvidaberg.etjanster.eid import personnummer
from atvidaberg.etjanster.eid.spar import CURRENT
from atvidaberg.etjanster.eid.spar import NS
from atvidaberg.etjanster.eid.spar import SOAP_ACTION
from atvidaberg.etjanster.simulators.web import Response
from atvidaberg.etjanster.simulators.web import html_response

PATHS = ("/2021.1/", "/2021.1", "/")
ACCEPTED_ASSIGNMENTS = frozenset({("500243", "500243", "637")})
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
XML = "text/xml; charset=utf-8"
LAST_CHANGED = "2024-01-02"  # SenasteAndringSPAR and DatumFrom of every fixture record
DECEASED_ON = "2024-01-15"
INVALID, GENERAL = "OGILTIG_INPARAMETER", "GENERELLT_FEL"
FIELDS = ("KundNrLeveransMottagare", "KundNrSlutkund", "UppdragId", "SlutAnvandarId")

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_CUSTOMER_NUMBER = re.compile(r"[0-9]{6}")


SERVICE_NAMESPACE = "http://statenspersonadressregister.se/personsok/2021.1"
WSDL = """<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions name="PersonsokService" targetNamespace="{service}"
    xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tns="{service}" xmlns:fraga="{fraga}" xmlns:svar="{svar}">
  <wsdl:types>
    <xs:schema targetNamespace="{fraga}" elementFormDefault="qualified">
      <xs:element name="SPARPersonsokningFraga">
        <xs:complexType><xs:sequence>
          <xs:any namespace="##any" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
        </xs:sequence></xs:complexType>
      </xs:element>
    </xs:schema>
    <xs:schema targetNamespace="{svar}" elementFormDefault="qualified">
      <xs:element name="SPARPersonsokningSvar">
        <xs:complexType><xs:sequence>
          <xs:any namespace="##any" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
        </xs:sequence></xs:complexType>
      </xs:element>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="PersonSokRequest">
    <wsdl:part name="parameters" element="fraga:SPARPersonsokningFraga"/>
  </wsdl:message>
  <wsdl:message name="PersonSokResponse">
    <wsdl:part name="parameters" element="svar:SPARPersonsokningSvar"/>
  </wsdl:message>
  <wsdl:portType name="PersonsokService">
    <wsdl:operation name="PersonSok">
      <wsdl:input message="tns:PersonSokRequest"/>
      <wsdl:output message="tns:PersonSokResponse"/>
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="PersonsokServiceBinding" type="tns:PersonsokService">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="PersonSok">
      <soap:operation soapAction="{action}" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="PersonsokService">
    <wsdl:port name="PersonsokServicePort" binding="tns:PersonsokServiceBinding">
      <soap:address location="{address}"/>
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
"""


def wsdl(address):
    """The service's WSDL, with ``address`` as the endpoint (module docstring)."""
    return WSDL.format(
        service=SERVICE_NAMESPACE,
        fraga=NS["fraga"],
        svar=NS["svar"],
        action=SOAP_ACTION,
        address=html.escape(address, quote=True),
    ).encode("utf-8")


def _q(prefix, name):
    return f"{{{NS[prefix]}}}{name}"


class SoapFault(Exception):
    def __init__(self, reason, code=INVALID, faultcode="Client"):
        super().__init__(reason)
        self.reason, self.code, self.faultcode = reason, code, faultcode

    def response(self):
        envelope = etree.Element(_q("soap", "Envelope"), nsmap={"S": NS["soap"]})
        body = etree.SubElement(envelope, _q("soap", "Body"))
        fault = etree.SubElement(body, _q("soap", "Fault"))
        etree.SubElement(fault, "faultcode").text = f"S:{self.faultcode}"
        etree.SubElement(fault, "faultstring").text = self.reason
        detail = etree.SubElement(fault, "detail")
        undantag = etree.SubElement(
            detail, _q("undantag", "Undantag"), nsmap={"ns": NS["undantag"]}
        )
        etree.SubElement(undantag, _q("undantag", "Kod")).text = self.code
        etree.SubElement(undantag, _q("undantag", "Beskrivning")).text = self.reason
        return Response(500, _serialise(envelope), XML)


def _serialise(element):
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8")


def _add(parent, prefix, name, text=None, **attributes):
    element = etree.SubElement(parent, _q(prefix, name), attributes)
    if text is not None:
        element.text = text
    return element


def _yes_no(flag):
    return "JA" if flag else "NEJ"


class SparSimulator:
    def __init__(self, persons, assignments=ACCEPTED_ASSIGNMENTS):
        self.persons = persons
        self.assignments = assignments
        # SlutAnvandarId of the latest accepted questions, for tests to check who
        # the portal said was asking.
        self.end_users = collections.deque(maxlen=50)

    # -- the SOAP service -------------------------------------------------------------

    def handle(self, request):
        if request.path not in PATHS:
            return Response(404, b"Not found", "text/plain")
        if request.method == "GET" and {k.lower() for k in request.query} == {"wsdl"}:
            host = request.headers.get("host", "localhost")
            return Response(200, wsdl(f"https://{host}/2021.1/"), XML)
        if request.method != "POST":
            return Response(
                405, b"PersonSok takes POST", "text/plain", {"Allow": "POST"}
            )
        if request.content_type != "text/xml":
            return Response(415, b"SOAP 1.1 wants Content-Type text/xml", "text/plain")
        try:
            return Response(200, _serialise(self.answer(request)), XML)
        except SoapFault as fault:
            return fault.response()
        except Exception:  # a real server answers a fault, not a broken connection
            return SoapFault("Internt fel i simulatorn", GENERAL, "Server").response()

    def answer(self, request):
        question = self._question(request)
        self._check_customer(question)
        number = self._id_number(question)
        person = self.persons.get(number)
        answer = etree.Element(
            _q("svar", "SPARPersonsokningSvar"),
            nsmap={p: NS[p] for p in NS if p != "soap"},
        )
        echo = _add(answer, "sok", "PersonsokningFraga")
        _add(echo, "person", "IdNummer", number)
        if person is not None and person.get("inRegister", True):
            self._post(answer, number, person)
        _add(answer, "svar", "UUID", str(uuid.uuid4()))
        envelope = etree.Element(_q("soap", "Envelope"), nsmap={"S": NS["soap"]})
        etree.SubElement(envelope, _q("soap", "Body")).append(answer)
        return envelope

    def _question(self, request):
        action = request.headers.get("soapaction", "").strip().strip('"')
        if action and action != SOAP_ACTION:
            raise SoapFault(f"Okänd SOAPAction: {action[:100]}")
        try:
            envelope = etree.fromstring(request.body, _PARSER)
        except etree.XMLSyntaxError:
            raise SoapFault("Meddelandet är inte välformad XML") from None
        if envelope.tag == f"{{{SOAP12}}}Envelope":
            raise SoapFault("Tjänsten använder SOAP 1.1", faultcode="VersionMismatch")
        body = envelope.find(_q("soap", "Body"))
        if envelope.tag != _q("soap", "Envelope") or body is None:
            raise SoapFault("Meddelandet är inget SOAP 1.1-kuvert")
        question = body.find(_q("fraga", "SPARPersonsokningFraga"))
        if question is None:
            raise SoapFault("SPARPersonsokningFraga saknas i Body")
        return question

    def _check_customer(self, question):
        identification = question.find(_q("iden", "Identifieringsinformation"))
        if identification is None:
            raise SoapFault("Identifieringsinformation saknas")
        values = [identification.findtext(_q("iden", n), "").strip() for n in FIELDS]
        for name, value in zip(FIELDS[:2], values, strict=False):
            if not (
                _CUSTOMER_NUMBER.fullmatch(value) and 500000 <= int(value) <= 600000
            ):
                raise SoapFault(f"{name} ska vara ett heltal mellan 500000 och 600000")
        if not re.fullmatch(r"[0-9]+", values[2]):
            raise SoapFault("UppdragId ska vara ett heltal")
        if not 1 <= len(values[3]) <= 256:
            raise SoapFault("SlutAnvandarId ska ha 1-256 tecken")
        if tuple(values[:3]) not in self.assignments:
            raise SoapFault(
                "Det finns inget uppdrag för angivna KundNrLeveransMottagare, "
                "KundNrSlutkund och UppdragId"
            )
        self.end_users.append(values[3])

    def _id_number(self, question):
        search = question.find(_q("sok", "PersonsokningFraga"))
        if search is None:
            raise SoapFault("PersonsokningFraga saknas")
        arguments = [c for c in search if isinstance(c.tag, str)]
        if not arguments:
            raise SoapFault("PersonsokningFraga saknar sökargument")
        if [c.tag for c in arguments] != [_q("person", "IdNummer")]:
            raise SoapFault("Simulatorn söker bara på IdNummer", GENERAL)
        number = (arguments[0].text or "").strip()
        if not re.fullmatch(r"[0-9]{12}", number):
            raise SoapFault("IdNummer ska ha 12 siffror")
        try:
            personnummer.parse(number)
        except personnummer.PersonalNumberError:
            raise SoapFault(
                "IdNummer är inget giltigt person- eller samordningsnummer"
            ) from None
        return number

    def _post(self, answer, number, person):
        post = _add(answer, "svar", "PersonsokningSvarspost")
        person_id = _add(post, "person", "PersonId")
        _add(person_id, "person", "IdNummer", number)
        parsed = personnummer.parse(number)
        kind = "SAMORDNINGSNUMMER" if parsed.is_coordination_number else "PERSONNUMMER"
        _add(person_id, "person", "Typ", kind)
        secret = bool(person.get("sekretessmarkering"))
        sheltered = bool(person.get("skyddadFolkbokforing"))
        set_by_spar = {"sattAvSPAR": "JA"} if sheltered and not secret else {}
        marker = _yes_no(secret or sheltered)
        _add(post, "skydd", "Sekretessmarkering", marker, **set_by_spar)
        _add(post, "skydd", "SkyddadFolkbokforing", _yes_no(sheltered))
        _add(post, "person", "SenasteAndringSPAR", LAST_CHANGED)
        if secret or sheltered:
            return
        name = _add(post, "namn", "Namn")
        self._period(name)
        first_names = person.get("givenNames") or person["givenName"]
        _add(name, "namnelement", "Fornamn", first_names)
        if person.get("callingNameCode"):
            _add(name, "namnelement", "Tilltalsnamn", person["callingNameCode"])
        _add(name, "namnelement", "Efternamn", person["surname"])
        details = _add(post, "detaljer", "Persondetaljer")
        self._period(details)
        _add(details, "skydd", "Sekretessmarkering", "NEJ")
        _add(details, "skydd", "SkyddadFolkbokforing", "NEJ")
        if person.get("deceased"):
            _add(details, "avreg", "AvregistreringsorsakKod", "AV")
            _add(details, "avreg", "Avregistreringsdatum", DECEASED_ON)
            _add(details, "avreg", "Avlidendatum", DECEASED_ON)
        _add(details, "detaljer", "Fodelsedatum", parsed.birth_date.isoformat())
        _add(details, "detaljer", "Kon", "MAN" if int(number[10]) % 2 else "KVINNA")
        address = person.get("address", {})
        if address.get("street"):
            registered = _add(post, "fbfadress", "Folkbokforingsadress")
            swedish = _add(registered, "adress", "SvenskAdress")
            self._period(swedish)
            _add(swedish, "adress", "Utdelningsadress2", address["street"])
            _add(swedish, "adress", "PostNr", address.get("postalCode", ""))
            _add(swedish, "adress", "Postort", address.get("city", ""))

    @staticmethod
    def _period(element):
        _add(element, "datum", "DatumFrom", LAST_CHANGED)
        _add(element, "datum", "DatumTill", CURRENT)

    # -- the control page -------------------------------------------------------------

    def handle_control(self, request):
        if request.path not in ("/sim/spar", "/sim/spar/") or request.method != "GET":
            return Response(404, b"Not found", "text/plain")
        rows = "".join(
            f"<tr><td>{html.escape(number[:8])}-{html.escape(number[8:])}</td>"
            f"<td>{html.escape(person.get('givenName', ''))} "
            f"{html.escape(person.get('surname', ''))}</td>"
            f"<td>{html.escape(_what_spar_says(person))}</td></tr>"
            for number, person in sorted(self.persons.items())
        )
        customers = ", ".join(
            f"KundNrLeveransMottagare {a}, KundNrSlutkund {b}, UppdragId {c}"
            for a, b, c in sorted(self.assignments)
        )
        return html_response(
            '<!DOCTYPE html>\n<html lang="sv"><head><meta charset="utf-8">'
            "<title>Simulerat SPAR</title></head><body><h1>Simulerat SPAR (testläge)</h1>"
            f"<p>PersonSok 2021.1 svarar på POST /2021.1/. Godkänd kund: {customers}.</p>"
            "<table><thead><tr><th>Personnummer</th><th>Namn</th><th>SPAR svarar</th>"
            f"</tr></thead><tbody>{rows}</tbody></table></body></html>"
        )


def _what_spar_says(person):
    if not person.get("inRegister", True):
        return "Finns inte i SPAR (inget svar)"
    if person.get("skyddadFolkbokforing"):
        return "Skyddad folkbokföring: markering, inget namn eller adress"
    if person.get("sekretessmarkering"):
        return "Sekretessmarkering: markering, inget namn eller adress"
    if person.get("deceased"):
        return f"Avliden (avregistrerad AV {DECEASED_ON}), namn och senaste adress"
    return "Namn och folkbokföringsadress"
