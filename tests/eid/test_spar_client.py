"""SparClient against the SPAR simulator over real mTLS, and against servers that fail."""

import socket

import pytest

from atvidaberg.etjanster.eid.spar import SparClient
from atvidaberg.etjanster.eid.spar import SparError
from atvidaberg.etjanster.eid.spar import calling_name
from atvidaberg.etjanster.eid.spar import parse_response
from atvidaberg.etjanster.eid.types import RegisterAnswer
from atvidaberg.etjanster.eid.types import RegisterError
from atvidaberg.etjanster.simulators.web import Response
from atvidaberg.etjanster.simulators.web import Server

ANNA = "198001019820"
BENGT = "197503159837"
CECILIA = "199006229844"  # sekretessmarkering
DAVID = "198509109859"  # skyddad folkbokföring
ELSA = "194002049866"  # deceased
FILIP = "199511309875"  # not in the register
GRETA = "200002299881"  # born on a leap day
NOBODY = "198001019804"  # valid, but not a fixture person
END_USER = "eid-0123456789abcdef0123456789abcdef"  # a resident's pseudonym

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
SVAR = "http://statenspersonadressregister.se/schema/personsok/2021.1/personsokningsvar"


def make_client(spar_sim, **overrides):
    settings = {
        "cert": (spar_sim.pki.rp_cert, spar_sim.pki.rp_key),
        "ca_cert": spar_sim.pki.ca_cert,
        "customer_number": 500243,
        "assignment_id": 637,
        "timeout": 5.0,
    }
    settings.update(overrides)
    url = settings.pop("url", spar_sim.url("spar") + "/2021.1/")
    return SparClient(url, **settings)


@pytest.fixture(scope="module")
def client(spar_sim):
    return make_client(spar_sim)


def test_ordinary_person(client):
    assert client.lookup(ANNA, END_USER) == RegisterAnswer(
        found=True,
        given_name="Anna",
        surname="Andersson",
        street_address="Storgatan 12",
        postal_code="59730",
        city="ÅTVIDABERG",
    )


def test_calling_name_from_the_tilltalsnamn_code(client):
    answer = client.lookup(BENGT, END_USER)
    assert (answer.given_name, answer.surname) == ("Bengt", "Bergström")


@pytest.mark.parametrize("number", [CECILIA, DAVID])
def test_protected_person_comes_without_name_and_address(client, number):
    assert client.lookup(number, END_USER) == RegisterAnswer(
        found=True, protected_identity=True
    )


def test_deceased_person(client):
    answer = client.lookup(ELSA, END_USER)
    assert answer.found and answer.deceased and answer.deregistered
    assert (answer.given_name, answer.street_address) == ("Elsa", "Kyrkogatan 3")


@pytest.mark.parametrize("number", [FILIP, NOBODY])
def test_unknown_to_the_register(client, number):
    assert client.lookup(number, END_USER) == RegisterAnswer(found=False)


def test_leap_day_person(client):
    assert client.lookup(GRETA, END_USER).given_name == "Greta"


def test_the_end_user_id_reaches_spar(spar_sim, client):
    simulator = spar_sim.simulators["spar"]
    assert client.lookup(ANNA, end_user_id="handlaggare-17").found
    assert simulator.end_users[-1] == "handlaggare-17"
    assert client.lookup(BENGT, END_USER).found
    assert simulator.end_users[-1] == END_USER


@pytest.mark.parametrize(
    "end_user", [None, "", "   ", "x" * 257, ANNA, "19800101-9820", " 800101-9820"]
)
def test_the_end_user_id_is_a_pseudonym_never_a_personnummer(client, end_user):
    with pytest.raises((ValueError, TypeError)):
        client.lookup(ANNA, end_user)


@pytest.mark.parametrize(
    "overrides",
    [
        {"customer_number": 500244},
        {"end_customer_number": 500244},
        {"assignment_id": 638},
    ],
)
def test_unknown_customer_or_assignment_is_a_soap_fault(spar_sim, overrides):
    with pytest.raises(SparError) as caught:
        make_client(spar_sim, **overrides).lookup(ANNA, END_USER)
    assert isinstance(caught.value, RegisterError)
    assert caught.value.code == "OGILTIG_INPARAMETER"
    assert "uppdrag" in str(caught.value)
    assert ANNA not in str(caught.value)


def test_no_client_certificate_fails_the_tls_handshake(spar_sim):
    with pytest.raises(SparError) as caught:
        make_client(spar_sim, cert=None).lookup(ANNA, END_USER)
    assert caught.value.code == "transport"


def test_server_not_signed_by_the_trusted_ca(spar_sim):
    with pytest.raises(SparError) as caught:
        make_client(spar_sim, ca_cert=None).lookup(ANNA, END_USER)
    assert caught.value.code == "transport"
    assert "CERTIFICATE_VERIFY_FAILED" in str(caught.value)


def test_missing_certificate_file_is_a_configuration_error(spar_sim, tmp_path):
    with pytest.raises(SparError) as caught:
        make_client(spar_sim, cert=(tmp_path / "no.pem", tmp_path / "no.key")).lookup(
            ANNA, END_USER
        )
    assert caught.value.code == "configuration"


def test_nothing_listening():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = SparClient(
        f"http://127.0.0.1:{port}/", customer_number=500243, assignment_id=1
    )
    with pytest.raises(SparError) as caught:
        client.lookup(ANNA, END_USER)
    assert caught.value.code == "transport"


def test_timeout():
    with socket.socket() as silent:  # accepts connections (backlog) but never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/"
        client = SparClient(url, customer_number=500243, assignment_id=1, timeout=0.05)
        with pytest.raises(SparError) as caught:
            client.lookup(ANNA, END_USER)
    assert caught.value.code == "timeout"


@pytest.fixture(scope="module")
def fake_spar():
    """A plain-HTTP server answering whatever the test puts in ``.answer``.

    One per module: stopping a server waits for its poll interval.
    """

    class Fake:
        answer = Response(200, b"", "text/xml")

    fake = Fake()
    server = Server(lambda request: fake.answer).start()
    fake.client = SparClient(
        server.url + "/", customer_number=500243, assignment_id=637
    )
    yield fake
    server.stop()


def envelope(body):
    return f'<S:Envelope xmlns:S="{SOAP}"><S:Body>{body}</S:Body></S:Envelope>'.encode()


@pytest.mark.parametrize(
    "answer, code",
    [
        (Response(503, b"Service Unavailable", "text/plain"), "http-503"),
        (Response(404, b"<html>not here</html>", "text/html"), "http-404"),
        (Response(200, b"\x00\xffgarbage", "text/xml"), "malformed"),
        (Response(200, b"<html><body>login</body></html>", "text/html"), "malformed"),
        (Response(200, b"<a><b></a>", "text/xml"), "malformed"),
        (Response(200, envelope("<Other/>"), "text/xml"), "malformed"),
        (
            Response(
                200, b'<Envelope xmlns="http://www.w3.org/2003/05/soap-envelope"/>'
            ),
            "malformed",
        ),
        (
            Response(
                500, envelope("<S:Fault><faultcode>S:Server</faultcode></S:Fault>")
            ),
            "Server",
        ),
    ],
)
def test_bad_answers(fake_spar, answer, code):
    fake_spar.answer = answer
    with pytest.raises(SparError) as caught:
        fake_spar.client.lookup(ANNA, END_USER)
    assert caught.value.code == code


def test_fault_text_echoing_the_number_is_scrubbed(fake_spar):
    fault = (
        "<S:Fault><faultcode>S:Client</faultcode>"
        f"<faultstring>Ogiltigt IdNummer {ANNA} ({ANNA[2:8]}-{ANNA[8:]})</faultstring></S:Fault>"
    )
    fake_spar.answer = Response(500, envelope(fault), "text/xml")
    with pytest.raises(SparError) as caught:
        fake_spar.client.lookup(ANNA, END_USER)
    assert caught.value.code == "Client"
    assert ANNA not in str(caught.value) and ANNA[8:] not in str(caught.value)


def svar(content):
    return envelope(
        f'<svar:SPARPersonsokningSvar xmlns:svar="{SVAR}">{content}</svar:SPARPersonsokningSvar>'
    )


def test_undantag_in_the_answer(fake_spar):
    undantag = (
        '<u:Undantag xmlns:u="http://statenspersonadressregister.se/schema/komponent/sok/'
        'undantag-1.0"><u:Kod>GENERELLT_FEL</u:Kod><u:Beskrivning>Fel</u:Beskrivning>'
        "</u:Undantag><svar:UUID>abc-123</svar:UUID>"
    )
    fake_spar.answer = Response(200, svar(undantag), "text/xml")
    with pytest.raises(SparError) as caught:
        fake_spar.client.lookup(ANNA, END_USER)
    assert caught.value.code == "GENERELLT_FEL"
    assert "abc-123" in str(caught.value)


def post(number, inner=""):
    return (
        "<svar:PersonsokningSvarspost><p:PersonId xmlns:p='x'><p:IdNummer>"
        f"{number}</p:IdNummer></p:PersonId>{inner}</svar:PersonsokningSvarspost>"
    )


def test_answer_about_another_person(fake_spar):
    fake_spar.answer = Response(200, svar(post(BENGT)), "text/xml")
    with pytest.raises(SparError) as caught:
        fake_spar.client.lookup(ANNA, END_USER)
    assert caught.value.code == "mismatch"


def test_current_record_wins_over_history_and_old_style_markers():
    history = (
        "<Sekretessmarkering>N</Sekretessmarkering>"
        "<Namn><DatumTill>2020-01-01</DatumTill><Fornamn>Gammal</Fornamn>"
        "<Efternamn>Namn</Efternamn></Namn>"
        "<Namn><DatumTill>9999-12-31</DatumTill><Fornamn>Eva Ulla-Karin Isa</Fornamn>"
        "<Tilltalsnamn>23</Tilltalsnamn><Efternamn>Ny</Efternamn></Namn>"
        "<Persondetaljer><AvregistreringsorsakKod>UV</AvregistreringsorsakKod></Persondetaljer>"
        "<Folkbokforingsadress><SvenskAdress><Utdelningsadress1>LGH 1101</Utdelningsadress1>"
        "<Utdelningsadress2>Storgatan 1</Utdelningsadress2><PostNr>59730</PostNr>"
        "<Postort>ÅTVIDABERG</Postort></SvenskAdress></Folkbokforingsadress>"
    )
    answer = parse_response(200, svar(post(ANNA, history)), ANNA)
    assert (answer.given_name, answer.surname) == ("Ulla-Karin", "Ny")
    assert answer.street_address == "LGH 1101, Storgatan 1"
    assert answer.deregistered and not answer.deceased


def test_protected_marker_hides_name_even_if_sent():
    inner = (
        "<Sekretessmarkering>J</Sekretessmarkering><Namn><Fornamn>X</Fornamn></Namn>"
    )
    answer = parse_response(200, svar(post(ANNA, inner)), ANNA)
    assert answer == RegisterAnswer(found=True, protected_identity=True)


@pytest.mark.parametrize(
    "first_names, code, expected",
    [
        ("Eva Ulla-Karin Isa", "10", "Eva"),
        ("Eva Ulla-Karin Isa", "20", "Ulla"),
        ("Eva Ulla-Karin Isa", "23", "Ulla-Karin"),
        ("Eva Ulla-Karin Isa", "40", "Isa"),
        ("Kjell Olof Stig", "12", "Kjell Olof"),
        ("Kjell Olof Stig", "13", "Kjell Stig"),
        ("Kjell Olof Stig", "", "Kjell"),
        ("Kjell Olof Stig", "50", "Kjell"),
        ("Kjell Olof Stig", "21", "Kjell"),
        ("Anna-Karin Maria", "", "Anna-Karin"),
        ("Kjell Olof", "Olof", "Olof"),
        ("", "", ""),
    ],
)
def test_calling_name(first_names, code, expected):
    assert calling_name(first_names, code) == expected


def test_lookup_needs_twelve_digits(client):
    for bad in ("8001019820", "19800101-9820", 198001019820):
        with pytest.raises(ValueError):
            client.lookup(bad, END_USER)
