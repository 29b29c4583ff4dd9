"""The Freja eID+ simulator as a relying party meets it: raw requests over mTLS."""

import base64
import json
import ssl
from urllib.parse import quote

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

ANNA = "198001019820"
FORM = "application/x-www-form-urlencoded"
AUTH = "/authentication/1.0/initAuthentication"
SIGN = "/sign/1.0/initSignature"
AUTH_RESULT = "/authentication/1.0/getOneResult"
JSON = "application/json"


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def sim(freja_sim, monkeypatch):
    simulator = freja_sim.simulators["freja"]
    simulator.reset()
    monkeypatch.setattr(simulator, "tamper", set())
    return simulator


@pytest.fixture
def clock(sim, monkeypatch):
    clock = Clock(1_760_000_000.0)
    monkeypatch.setattr(sim, "clock", clock)
    return clock


def _context(pki, with_certificate=True):
    context = ssl.create_default_context(cafile=str(pki.ca_cert))
    if with_certificate:
        context.load_cert_chain(str(pki.rp_cert), str(pki.rp_key))
    return context


@pytest.fixture
def api(freja_sim, sim):
    with httpx.Client(
        base_url=freja_sim.url("freja"), verify=_context(freja_sim.pki)
    ) as http:
        yield http


@pytest.fixture
def control(freja_sim):
    with httpx.Client(base_url=f"{freja_sim.url('control')}/sim/freja") as http:
        yield http


def b64(data):
    if not isinstance(data, bytes):
        data = json.dumps(data).encode("utf-8")
    return base64.b64encode(data).decode("ascii")


def post(api, path, parameter, request, content_type=FORM):
    body = f"{parameter}={b64(request)}"
    return api.post(path, content=body, headers={"Content-Type": content_type})


def ssn_user(ssn=ANNA, level="PLUS"):
    return {
        "userInfoType": "SSN",
        "userInfo": b64({"country": "SE", "ssn": ssn}),
        "minRegistrationLevel": level,
    }


def sign_request(**changes):
    request = ssn_user() | {
        "title": "Ansökan",
        "dataToSignType": "SIMPLE_UTF8_TEXT",
        "dataToSign": {"text": b64(b"Jag intygar")},
        "signatureType": "SIMPLE",
    }
    return request | changes


def assert_error(response, code):
    assert response.status_code == 400, response.text
    assert response.json()["code"] == code
    assert response.json()["message"]


def test_wrong_content_type_is_a_freja_error(api):
    response = post(api, AUTH, "initAuthRequest", ssn_user(), "multipart/form-data")
    assert_error(response, 1000)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("", 1000),
        (f"otherRequest={b64(ssn_user())}", 1000),
        ("initAuthRequest=not*base64", 1000),
        (f"initAuthRequest={b64(b'{not json')}", 1010),
        (f"initAuthRequest={b64([1, 2])}", 1010),
    ],
)
def test_request_body_format_errors(api, body, code):
    response = api.post(AUTH, content=body, headers={"Content-Type": FORM})
    assert_error(response, code)


@pytest.mark.parametrize(
    ("request_", "code"),
    [
        ({"userInfoType": "FINGERPRINT", "userInfo": "x"}, 1001),
        ({"userInfoType": "EMAIL", "userInfo": "a@example.se"}, 1004),
        ({"userInfoType": "INFERRED", "userInfo": ANNA}, 1002),
        (
            {
                "userInfoType": "SSN",
                "userInfo": "bm90IGpzb24=",
                "minRegistrationLevel": "PLUS",
            },
            1002,
        ),
        (
            {
                "userInfoType": "SSN",
                "userInfo": b64({"ssn": ANNA}),
                "minRegistrationLevel": "PLUS",
            },
            1002,
        ),
        (ssn_user(level="GOLD"), 1007),
        (ssn_user(level="BASIC"), 1007),
        (ssn_user() | {"attributesToReturn": [{"attribute": "SHOE_SIZE"}]}, 2002),
        (ssn_user("191212121213"), 1002),  # wrong check digit
        (ssn_user("１９８００１０１９８２０"), 1002),  # full-width digits
        (ssn_user("198001010008"), 1002),  # serial 000, never issued
    ],
)
def test_auth_request_validation(api, request_, code):
    assert_error(post(api, AUTH, "initAuthRequest", request_), code)


def test_init_does_not_tell_whether_a_person_has_freja(api, control):
    known = post(api, AUTH, "initAuthRequest", ssn_user(ANNA))
    unknown = post(api, AUTH, "initAuthRequest", ssn_user("191212121212"))
    assert (known.status_code, set(known.json())) == (200, {"authRef"})
    assert (unknown.status_code, set(unknown.json())) == (200, {"authRef"})
    ref = unknown.json()["authRef"]
    result = post(api, AUTH_RESULT, "getOneAuthResultRequest", {"authRef": ref})
    assert result.json()["status"] == "STARTED"
    refused = control.post("/approve", json={"ref": ref})
    assert refused.status_code == 400


PLUS_AND_SLASH = sign_request(title="Vilka frågor??? Svar >>> här")


def test_a_form_encoded_body_is_form_decoded_so_a_raw_plus_breaks_it(api):
    raw = f"initSignRequest={b64(PLUS_AND_SLASH)}"
    assert "+" in raw and "/" in raw
    # As Freja's own client sends it: the raw value, read as it is.
    assert (
        api.post(SIGN, content=raw, headers={"Content-Type": JSON}).status_code == 200
    )
    # Form-encoded, a "+" is a space: the base64 is broken.
    assert_error(api.post(SIGN, content=raw, headers={"Content-Type": FORM}), 1000)
    # Form-encoded and escaped, it arrives intact.
    escaped = f"initSignRequest={quote(b64(PLUS_AND_SLASH), safe='')}"
    response = api.post(SIGN, content=escaped, headers={"Content-Type": FORM})
    assert response.status_code == 200
    # The raw reading undoes no escapes.
    assert_error(api.post(SIGN, content=escaped, headers={"Content-Type": JSON}), 1000)


@pytest.mark.parametrize(
    ("title", "accepted"),
    [
        ("x" * 128, True),
        ("x" * 129, False),
        ("å" * 128, True),
        ("🏠" * 64, True),  # two UTF-16 code units each, as Java counts
        ("🏠" * 65, False),
    ],
)
def test_title_length_counted_as_java_counts(api, title, accepted):
    response = post(api, SIGN, "initSignRequest", sign_request(title=title))
    if accepted:
        assert response.status_code == 200, response.text
    else:
        assert_error(response, 3007)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"dataToSignType": "PDF"}, 3000),
        ({"signatureType": "EXTENDED"}, 3002),
        ({"dataToSign": {"text": ""}}, 3001),
        ({"dataToSign": {"text": "***"}}, 3001),
        ({"dataToSignType": "EXTENDED_UTF8_TEXT", "signatureType": "EXTENDED"}, 3001),
        ({"expiry": 1}, 3003),
        ({"title": "x" * 129}, 3007),
        ({"pushNotification": "hej"}, 3004),
        ({"attributesToReturn": "SSN"}, 3005),
    ],
)
def test_sign_request_validation(api, changes, code):
    assert_error(post(api, SIGN, "initSignRequest", sign_request(**changes)), code)


def test_several_signatures_may_wait_for_one_person(api):
    for _ in range(2):
        assert post(api, SIGN, "initSignRequest", sign_request()).status_code == 200


def test_bodies_as_other_clients_send_them(api):
    # Freja's own Java client sends the raw parameter as application/json.
    assert (
        "authRef"
        in post(api, AUTH, "initAuthRequest", ssn_user(), "application/json").json()
    )
    escaped = f"initAuthRequest={quote(b64(ssn_user('197503159837')), safe='')}"
    response = api.post(AUTH, content=escaped, headers={"Content-Type": FORM})
    assert "authRef" in response.json()


def test_unknown_reference_and_wrong_service(api):
    response = post(
        api,
        "/authentication/1.0/getOneResult",
        "getOneAuthResultRequest",
        {"authRef": "x"},
    )
    assert_error(response, 1100)
    sign_ref = post(api, SIGN, "initSignRequest", sign_request()).json()["signRef"]
    response = post(
        api,
        "/authentication/1.0/getOneResult",
        "getOneAuthResultRequest",
        {"authRef": sign_ref},
    )
    assert_error(response, 1100)


def test_paths_and_methods(api):
    assert api.get(AUTH).status_code == 405
    assert api.post("/authentication/2.0/initAuthentication").status_code == 404


def test_approved_result_is_a_jws_signed_with_the_freja_key(api, control, freja_sim):
    auth_ref = post(api, AUTH, "initAuthRequest", ssn_user()).json()["authRef"]
    assert (
        control.post("/approve", json={"ref": auth_ref, "ssn": ANNA}).json()["status"]
        == "APPROVED"
    )
    answer = post(
        api,
        "/authentication/1.0/getOneResult",
        "getOneAuthResultRequest",
        {"authRef": auth_ref},
    ).json()
    assert answer["status"] == "APPROVED"

    header, payload, signature = (
        base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        for part in answer["details"].split(".")
    )
    certificate = x509.load_pem_x509_certificate(
        freja_sim.pki.freja_jws_cert.read_bytes()
    )
    thumbprint = base64.urlsafe_b64encode(
        certificate.fingerprint(hashes.SHA1())
    ).rstrip(b"=")
    assert json.loads(header) == {"x5t": thumbprint.decode(), "alg": "RS256"}
    signing_input = answer["details"].rsplit(".", 1)[0].encode()
    certificate.public_key().verify(
        signature, signing_input, padding.PKCS1v15(), hashes.SHA256()
    )
    payload = json.loads(payload)
    assert payload["authRef"] == auth_ref
    assert payload["status"] == "APPROVED"
    assert payload["requestedAttributes"] == {}  # none were asked for
    assert isinstance(payload["timestamp"], int)


def test_cancel_only_while_pending(api):
    auth_ref = post(api, AUTH, "initAuthRequest", ssn_user()).json()["authRef"]
    cancel = ("/authentication/1.0/cancel", "cancelAuthRequest", {"authRef": auth_ref})
    assert post(api, *cancel).status_code == 200
    result = post(
        api,
        "/authentication/1.0/getOneResult",
        "getOneAuthResultRequest",
        {"authRef": auth_ref},
    )
    assert result.json() == {"authRef": auth_ref, "status": "RP_CANCELED"}
    assert_error(post(api, *cancel), 1100)


def test_expired_requests_cannot_be_approved(api, control, clock):
    auth_ref = post(api, AUTH, "initAuthRequest", ssn_user()).json()["authRef"]
    clock.now += 120
    response = control.post("/approve", json={"ref": auth_ref, "ssn": ANNA})
    assert response.status_code == 400
    assert "EXPIRED" in response.json()["error"]


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"ref": "nope", "ssn": ANNA}, "unknown ref"),
        ({"ssn": "191212121212"}, "unknown person"),
        ({"ssn": "197503159837"}, "another person"),
        ({"ssn": ANNA, "action": "dance"}, "unknown action"),
    ],
)
def test_control_refuses_what_the_app_could_not_do(api, control, body, error):
    auth_ref = post(api, AUTH, "initAuthRequest", ssn_user()).json()["authRef"]
    response = control.post("/approve", json={"ref": auth_ref} | body)
    assert response.status_code == 400
    assert error in response.json()["error"]


def test_control_needs_the_person_who_scans_a_qr_code(api, control):
    inferred = {
        "userInfoType": "INFERRED",
        "userInfo": "N/A",
        "minRegistrationLevel": "PLUS",
    }
    auth_ref = post(api, AUTH, "initAuthRequest", inferred).json()["authRef"]
    assert control.post("/approve", json={"ref": auth_ref}).status_code == 400
    assert (
        control.post("/approve", json={"ref": auth_ref, "ssn": ANNA}).status_code == 200
    )
    assert (
        control.post("/approve", json={"ref": auth_ref, "ssn": ANNA}).status_code == 400
    )


def test_page_lists_requests_and_persons_and_approves_by_form(api, control, freja_sim):
    auth_ref = post(api, AUTH, "initAuthRequest", ssn_user()).json()["authRef"]
    assert [o["ref"] for o in control.get("/orders").json()] == [auth_ref]

    page = control.get("/", params={"transactionReference": auth_ref})
    assert page.status_code == 200
    assert '<html lang="sv">' in page.text
    assert auth_ref in page.text
    assert "Anna Andersson" in page.text and "Bengt Bergström" in page.text
    assert '<tr class="focus">' in page.text

    response = control.post(
        "/approve", data={"ref": auth_ref, "ssn": ANNA, "action": "approve"}
    )
    assert response.status_code == 303
    assert control.get("/orders").json() == []
    followed = control.get(response.headers["location"].removeprefix("/sim/freja"))
    assert "Klart: APPROVED" in followed.text


def test_page_labels_the_person_picker_of_a_qr_request(api, control):
    inferred = {
        "userInfoType": "INFERRED",
        "userInfo": "N/A",
        "minRegistrationLevel": "PLUS",
    }
    auth_ref = post(api, AUTH, "initAuthRequest", inferred).json()["authRef"]
    page = control.get("/").text
    assert f'<label for="ssn-{auth_ref}">' in page
    assert f'<select id="ssn-{auth_ref}" name="ssn">' in page


def test_no_client_certificate_no_connection(freja_sim):
    context = _context(freja_sim.pki, with_certificate=False)
    with pytest.raises(httpx.TransportError):
        httpx.post(f"{freja_sim.url('freja')}{AUTH}", content="", verify=context)
