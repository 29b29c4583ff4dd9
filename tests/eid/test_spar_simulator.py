"""Raw SOAP posts to the SPAR simulator, with the namespaces written out as published."""

import ssl

import httpx
import pytest
from lxml import etree

from atvidaberg.etjanster.simulators.spar import SparSimulator
from atvidaberg.etjanster.simulators.web import Request

SCHEMA = "http://statenspersonadressregister.se/schema"
NS = {
    "S": "http://schemas.xmlsoap.org/soap/envelope/",
    "svar": f"{SCHEMA}/personsok/2021.1/personsokningsvar",
    "sok": f"{SCHEMA}/komponent/sok/personsokningsokparametrar-1.1",
    "person": f"{SCHEMA}/komponent/person/person-1.2",
    "skydd": f"{SCHEMA}/komponent/person/skyddadepersonuppgifter-1.1",
    "namn": f"{SCHEMA}/komponent/person/namn/namn-1.0",
    "ne": f"{SCHEMA}/komponent/person/namn/deladenamnelement-1.0",
    "pd": f"{SCHEMA}/komponent/person/persondetaljer-1.2",
    "avreg": f"{SCHEMA}/komponent/person/avregistrering-1.0",
    "fbf": f"{SCHEMA}/komponent/person/adress/folkbokforingsadress-1.1",
    "adr": f"{SCHEMA}/komponent/person/adress/deladeadresselement-1.1",
    "u": f"{SCHEMA}/komponent/sok/undantag-1.0",
}
SOAP_ACTION = (
    '"http://skatteverket.se/spar/personsok/2021.1/PersonsokService/Personsok"'
)
XML = "text/xml; charset=utf-8"


def question(
    number="198001019820",
    customer="500243",
    end_customer="500243",
    assignment="637",
    search=None,
    identification=None,
):
    if identification is None:
        identification = (
            "<iden:Identifieringsinformation>"
            f"<iden:KundNrLeveransMottagare>{customer}</iden:KundNrLeveransMottagare>"
            f"<iden:KundNrSlutkund>{end_customer}</iden:KundNrSlutkund>"
            f"<iden:UppdragId>{assignment}</iden:UppdragId>"
            "<iden:SlutAnvandarId>test</iden:SlutAnvandarId>"
            "</iden:Identifieringsinformation>"
        )
    if search is None:
        search = f"<person:IdNummer>{number}</person:IdNummer>"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
  xmlns:fraga="{SCHEMA}/personsok/2021.1/personsokningfraga"
  xmlns:iden="{SCHEMA}/komponent/metadata/identifieringsinformationWs-1.1"
  xmlns:sok="{SCHEMA}/komponent/sok/personsokningsokparametrar-1.1"
  xmlns:person="{SCHEMA}/komponent/person/person-1.2"
  xmlns:arg="{SCHEMA}/komponent/sok/sokargument-1.2">
 <soapenv:Header/>
 <soapenv:Body>
  <fraga:SPARPersonsokningFraga>
   {identification}
   <sok:PersonsokningFraga>{search}</sok:PersonsokningFraga>
  </fraga:SPARPersonsokningFraga>
 </soapenv:Body>
</soapenv:Envelope>""".encode()


@pytest.fixture(scope="module")
def http(spar_sim):
    context = ssl.create_default_context(cafile=str(spar_sim.pki.ca_cert))
    context.load_cert_chain(str(spar_sim.pki.rp_cert), str(spar_sim.pki.rp_key))
    with httpx.Client(
        base_url=spar_sim.url("spar"), verify=context, timeout=5
    ) as client:
        yield client


def post(http, body, path="/2021.1/", content_type=XML, **headers):
    return http.post(
        path, content=body, headers={"Content-Type": content_type, **headers}
    )


def answer_of(response):
    assert response.status_code == 200
    assert response.headers["content-type"] == XML
    root = etree.fromstring(response.content)
    return root.find("S:Body/svar:SPARPersonsokningSvar", NS)


def fault_of(response):
    assert response.status_code == 500
    assert response.headers["content-type"] == XML
    fault = etree.fromstring(response.content).find("S:Body/S:Fault", NS)
    code = fault.findtext("detail/u:Undantag/u:Kod", namespaces=NS)
    return fault.findtext("faultcode"), code, fault.findtext("faultstring")


def test_ordinary_person(http):
    answer = answer_of(post(http, question(), SOAPAction=SOAP_ACTION))
    assert (
        answer.findtext("sok:PersonsokningFraga/person:IdNummer", namespaces=NS)
        == "198001019820"
    )
    (record,) = answer.findall("svar:PersonsokningSvarspost", NS)
    assert (
        record.findtext("person:PersonId/person:IdNummer", namespaces=NS)
        == "198001019820"
    )
    assert (
        record.findtext("person:PersonId/person:Typ", namespaces=NS) == "PERSONNUMMER"
    )
    assert record.findtext("skydd:Sekretessmarkering", namespaces=NS) == "NEJ"
    assert record.findtext("skydd:SkyddadFolkbokforing", namespaces=NS) == "NEJ"
    assert record.findtext("namn:Namn/ne:Fornamn", namespaces=NS) == "Anna"
    assert record.findtext("namn:Namn/ne:Efternamn", namespaces=NS) == "Andersson"
    address = record.find("fbf:Folkbokforingsadress/adr:SvenskAdress", NS)
    assert address.findtext("adr:Utdelningsadress2", namespaces=NS) == "Storgatan 12"
    assert address.findtext("adr:PostNr", namespaces=NS) == "59730"
    assert address.findtext("adr:Postort", namespaces=NS) == "ÅTVIDABERG"
    assert record.findtext("pd:Persondetaljer/pd:Kon", namespaces=NS) == "KVINNA"
    assert record.find("pd:Persondetaljer/avreg:AvregistreringsorsakKod", NS) is None
    assert answer.findtext("svar:UUID", namespaces=NS)


def test_all_first_names_and_the_tilltalsnamn_code(http):
    record = answer_of(post(http, question("197503159837"))).find(
        "svar:PersonsokningSvarspost", NS
    )
    assert record.findtext("namn:Namn/ne:Fornamn", namespaces=NS) == "Karl Bengt"
    assert record.findtext("namn:Namn/ne:Tilltalsnamn", namespaces=NS) == "20"


def test_sekretessmarkering(http):
    record = answer_of(post(http, question("199006229844"))).find(
        "svar:PersonsokningSvarspost", NS
    )
    assert record.findtext("skydd:Sekretessmarkering", namespaces=NS) == "JA"
    assert record.find("skydd:Sekretessmarkering", NS).get("sattAvSPAR") is None
    assert record.findtext("skydd:SkyddadFolkbokforing", namespaces=NS) == "NEJ"
    for absent in ("namn:Namn", "pd:Persondetaljer", "fbf:Folkbokforingsadress"):
        assert record.find(absent, NS) is None


def test_skyddad_folkbokforing(http):
    record = answer_of(post(http, question("198509109859"))).find(
        "svar:PersonsokningSvarspost", NS
    )
    assert record.findtext("skydd:SkyddadFolkbokforing", namespaces=NS) == "JA"
    assert record.find("skydd:Sekretessmarkering", NS).get("sattAvSPAR") == "JA"
    assert record.findtext("skydd:Sekretessmarkering", namespaces=NS) == "JA"
    assert record.find("namn:Namn", NS) is None
    assert record.find("fbf:Folkbokforingsadress", NS) is None


def test_deceased(http):
    record = answer_of(post(http, question("194002049866"))).find(
        "svar:PersonsokningSvarspost", NS
    )
    details = record.find("pd:Persondetaljer", NS)
    assert details.findtext("avreg:AvregistreringsorsakKod", namespaces=NS) == "AV"
    assert details.findtext("avreg:Avlidendatum", namespaces=NS)
    assert record.findtext("namn:Namn/ne:Fornamn", namespaces=NS) == "Elsa"


@pytest.mark.parametrize("number", ["199511309875", "198001019804"])
def test_not_in_the_register_has_no_svarspost(http, number):
    answer = answer_of(post(http, question(number)))
    assert answer.find("svar:PersonsokningSvarspost", NS) is None
    assert answer.find("u:Undantag", NS) is None
    assert answer.findtext("svar:UUID", namespaces=NS)


@pytest.mark.parametrize("path", ["/2021.1/", "/2021.1", "/"])
def test_paths(http, path):
    assert answer_of(post(http, question(), path=path)) is not None


@pytest.mark.parametrize(
    "kwargs",
    [{"customer": "500244"}, {"end_customer": "599999"}, {"assignment": "1"}],
)
def test_unknown_customer_is_a_fault(http, kwargs):
    faultcode, code, text = fault_of(post(http, question(**kwargs)))
    assert faultcode.endswith(":Client")
    assert code == "OGILTIG_INPARAMETER"
    assert "uppdrag" in text


@pytest.mark.parametrize(
    "body",
    [
        b"not xml at all",
        b"<a><b></a>",
        b"<Envelope/>",
        b'<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body/></S:Envelope>',
        question(identification=""),
        question(customer="12345"),
        question(customer="700000"),
        question(customer=""),
        question(assignment="abc"),
        question(number="8001019820"),
        question(number="198001019821"),
        question(number="19800101982X"),
        question(search=""),
    ],
)
def test_malformed_requests_are_faults(http, body):
    faultcode, code, text = fault_of(post(http, body))
    assert faultcode.endswith(":Client")
    assert code == "OGILTIG_INPARAMETER"
    assert text


def test_search_on_anything_but_idnummer(http):
    search = "<arg:NamnSokArgument>Anna</arg:NamnSokArgument>"
    assert fault_of(post(http, question(search=search)))[1] == "GENERELLT_FEL"


def test_soap_12_envelope_is_a_version_mismatch(http):
    body = b'<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body/></e:Envelope>'
    assert fault_of(post(http, body))[0].endswith(":VersionMismatch")


def test_wrong_soap_action_is_a_fault(http):
    assert fault_of(post(http, question(), SOAPAction='"urn:other"'))[0].endswith(
        ":Client"
    )


def test_wrong_content_type(http):
    assert (
        post(http, question(), content_type="application/soap+xml").status_code == 415
    )


def test_get_and_unknown_paths(http):
    response = http.get("/2021.1/")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert post(http, question(), path="/2019.1/").status_code == 404


def test_samordningsnummer_is_typed_as_such():
    number = "198001619801"  # day 61 = the 1st, with a valid check digit
    simulator = SparSimulator({number: {"givenName": "Sam", "surname": "Ordning"}})
    request = Request("POST", "/2021.1/", {}, {"content-type": XML}, question(number))
    answer = answer_of_response(simulator.handle(request))
    assert (
        answer.findtext(
            "svar:PersonsokningSvarspost/person:PersonId/person:Typ", namespaces=NS
        )
        == "SAMORDNINGSNUMMER"
    )


def answer_of_response(response):
    assert response.status == 200
    return etree.fromstring(response.body).find("S:Body/svar:SPARPersonsokningSvar", NS)


def test_control_page_lists_the_fixture_persons(spar_sim):
    response = httpx.get(spar_sim.url("control") + "/sim/spar/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    expected = (
        "19800101-9820",
        "Anna Andersson",
        "Sekretessmarkering",
        "Skyddad folkbokföring",
        "Avliden",
        "Finns inte i SPAR",
        "500243",
        "637",
    )
    for text in expected:
        assert text in page
    assert httpx.get(spar_sim.url("control") + "/sim/spar/other").status_code == 404


WSDL_NS = {
    "wsdl": "http://schemas.xmlsoap.org/wsdl/",
    "soap": "http://schemas.xmlsoap.org/wsdl/soap/",
}


def test_the_endpoint_serves_its_wsdl(http, spar_sim):
    response = http.get("/2021.1/?wsdl")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/xml")
    wsdl = etree.fromstring(response.content)
    operations = wsdl.xpath("//wsdl:portType/wsdl:operation/@name", namespaces=WSDL_NS)
    assert operations == ["PersonSok"]
    action = wsdl.xpath("//soap:operation/@soapAction", namespaces=WSDL_NS)
    assert action == [SOAP_ACTION.strip('"')]
    address = wsdl.xpath("//soap:address/@location", namespaces=WSDL_NS)
    assert address == [spar_sim.url("spar") + "/2021.1/"]
    assert http.get("/2021.1/?WSDL").status_code == 200


def test_zeep_loads_the_wsdl_and_asks_through_it(spar_sim):
    """SPAR's own tooling route: a SOAP library reads the WSDL and calls PersonSok."""
    zeep = pytest.importorskip("zeep")
    import requests

    session = requests.Session()
    session.trust_env = False  # no CA bundle from the environment over ours
    session.cert = (str(spar_sim.pki.rp_cert), str(spar_sim.pki.rp_key))
    session.verify = str(spar_sim.pki.ca_cert)
    client = zeep.Client(
        spar_sim.url("spar") + "/2021.1/?wsdl",
        transport=zeep.Transport(session=session),
    )
    service = client.wsdl.services["PersonsokService"]
    port = service.ports["PersonsokServicePort"]
    assert list(port.binding._operations) == ["PersonSok"]
    assert port.binding._operations["PersonSok"].soapaction == SOAP_ACTION.strip('"')
    # The question as the portal sends it, through zeep's own SOAP call.
    body = etree.fromstring(question())
    fraga = body.find(".//{*}SPARPersonsokningFraga")
    with client.settings(raw_response=True):
        answer = client.service.PersonSok(_value_1=list(fraga))
    assert answer.status_code == 200
    assert b"Andersson" in answer.content
