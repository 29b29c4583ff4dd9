"""The BankID simulator as the RP API and as the user's app, by raw HTTP."""

import base64
import ssl

import httpx
import pytest

from atvidaberg.etjanster.eid.bankid import ssl_context
from atvidaberg.etjanster.eid.qr import qr_data

ANNA = "198001019820"
BENGT = "197503159837"
IP = "192.0.2.10"


@pytest.fixture
def sim(bankid_sim):
    simulator = bankid_sim.simulators["bankid"]
    simulator.reset()
    yield simulator
    simulator.reset()


@pytest.fixture
def api(bankid_sim, sim):
    """An httpx client with the RP certificate, at the RP API."""
    pki = bankid_sim.pki
    context = ssl_context(cert=(pki.rp_cert, pki.rp_key), ca_cert=pki.ca_cert)
    with httpx.Client(
        base_url=bankid_sim.url("bankid") + "/rp/v6.0", verify=context
    ) as api:
        yield api


@pytest.fixture
def control(bankid_sim, sim):
    with httpx.Client(base_url=bankid_sim.url("control") + "/sim/bankid") as control:
        yield control


def b64(text):
    return base64.b64encode(text.encode()).decode()


def error_of(response):
    body = response.json()
    assert set(body) == {"errorCode", "details"}
    return response.status_code, body["errorCode"]


def test_without_a_client_certificate_tls_refuses(bankid_sim):
    context = ssl.create_default_context(cafile=str(bankid_sim.pki.ca_cert))
    with pytest.raises(httpx.TransportError):
        httpx.post(
            bankid_sim.url("bankid") + "/rp/v6.0/auth",
            json={"endUserIp": IP},
            verify=context,
        )


def test_unknown_endpoint(api):
    assert error_of(api.post("/nothing", json={})) == (404, "notFound")
    assert error_of(api.post("/../v5.1/auth", json={})) == (404, "notFound")


def test_only_post(api):
    assert error_of(api.get("/auth")) == (405, "methodNotAllowed")


def test_only_json(api):
    response = api.post(
        "/auth", content=b"endUserIp=1.2.3.4", headers={"Content-Type": "text/plain"}
    )
    assert error_of(response) == (415, "unsupportedMediaType")


@pytest.mark.parametrize(
    ("method", "body"),
    [
        ("auth", {}),
        ("auth", {"endUserIp": "not an address"}),
        ("auth", {"endUserIp": 3232235777}),
        ("auth", {"endUserIp": IP, "requirement": "yes"}),
        ("auth", {"endUserIp": IP, "requirement": {"personalNumber": "8001019820"}}),
        ("auth", {"endUserIp": IP, "returnUrl": "http://example.se/back"}),
        ("auth", {"endUserIp": IP, "userNonVisibleData": "not base64!"}),
        (
            "auth",
            {
                "endUserIp": IP,
                "userVisibleData": b64("x"),
                "userVisibleDataFormat": "html",
            },
        ),
        ("sign", {"endUserIp": IP}),
        ("sign", {"endUserIp": IP, "userVisibleData": "A" * 40_004}),
        ("auth", {"endUserIp": IP, "userVisibleData": "A" * 1_504}),
        ("auth", {"endUserIp": IP, "userNonVisibleData": "A" * 1_504}),
        (
            "sign",
            {
                "endUserIp": IP,
                "userVisibleData": "QQ==",
                "userNonVisibleData": "A" * 200_004,
            },
        ),
        ("auth", {"endUserIp": IP, "requirement": {"risk": "low"}}),
        ("auth", {"endUserIp": IP, "requirement": {"tokenStartRequired": True}}),
        ("auth", {"endUserIp": IP, "requirement": {"pinCode": "yes"}}),
        ("auth", {"endUserIp": IP, "requirement": {"mrtd": 1}}),
        ("auth", {"endUserIp": IP, "requirement": {"cardReader": "class3"}}),
        (
            "auth",
            {"endUserIp": IP, "requirement": {"certificatePolicies": "1.2.3.4.25"}},
        ),
        ("auth", {"endUserIp": IP, "requirement": {"certificatePolicies": ["mobile"]}}),
        ("auth", {"endUserIp": IP, "returnRisk": "yes"}),
        ("phone/auth", {"callInitiator": "user"}),
        ("phone/auth", {"personalNumber": ANNA}),
        ("phone/auth", {"personalNumber": ANNA, "callInitiator": "rp"}),
        ("phone/auth", {"personalNumber": "8001019820", "callInitiator": "RP"}),
        (
            "phone/auth",
            {
                "personalNumber": ANNA,
                "callInitiator": "RP",
                "requirement": {"mrtd": True},
            },
        ),
        (
            "phone/auth",
            {
                "personalNumber": ANNA,
                "callInitiator": "RP",
                "userVisibleData": "A" * 1_504,
            },
        ),
        ("phone/sign", {"personalNumber": ANNA, "callInitiator": "RP"}),
        ("sign", {"endUserIp": IP, "userVisibleData": ""}),
        ("collect", {}),
        ("collect", {"orderRef": "no-such-order"}),
        ("cancel", {"orderRef": "no-such-order"}),
        ("auth", []),
    ],
)
def test_invalid_parameters(api, method, body):
    assert error_of(api.post(f"/{method}", json=body)) == (400, "invalidParameters")


def test_valid_start_parameters(api):
    response = api.post(
        "/sign",
        json={
            "endUserIp": "2001:db8::1",
            "requirement": {"personalNumber": ANNA, "pinCode": True},
            "userVisibleData": b64("Hej"),
            "userVisibleDataFormat": "simpleMarkdownV1",
            "userNonVisibleData": b64("42"),
            "returnUrl": "https://etjanster.atvidaberg.se/inloggning",
        },
    )
    assert response.status_code == 200
    assert set(response.json()) == {
        "orderRef",
        "autoStartToken",
        "qrStartToken",
        "qrStartSecret",
    }


def start(api, **body):
    return api.post("/auth", json={"endUserIp": IP, **body}).json()


def test_a_forged_qr_code_is_refused(api, control):
    order = start(api)
    forged = qr_data(order["qrStartToken"], "a guessed secret", 0)
    response = control.post("/approve", json={"qr": forged, "personalNumber": ANNA})
    assert response.status_code == 400
    assert "error" in response.json()
    unknown = qr_data("another-token", order["qrStartSecret"], 0)
    assert (
        control.post(
            "/approve", json={"qr": unknown, "personalNumber": ANNA}
        ).status_code
        == 400
    )
    assert (
        control.post(
            "/approve", json={"qr": "bankid", "personalNumber": ANNA}
        ).status_code
        == 400
    )


def test_a_stale_qr_code_is_refused(api, control, sim):
    order = start(api)
    photo = qr_data(order["qrStartToken"], order["qrStartSecret"], 0)
    sim.advance(10)
    assert (
        control.post("/approve", json={"qr": photo, "personalNumber": ANNA}).status_code
        == 400
    )
    fresh = qr_data(order["qrStartToken"], order["qrStartSecret"], 10)
    assert (
        control.post("/approve", json={"qr": fresh, "personalNumber": ANNA}).status_code
        == 200
    )


def test_only_fixture_persons(api, control):
    order = start(api)
    response = control.post(
        "/approve",
        json={"orderRef": order["orderRef"], "personalNumber": "191212121212"},
    )
    assert response.status_code == 400


def test_an_order_no_longer_pending(api, control, sim):
    order = start(api)
    sim.advance(31)
    response = control.post(
        "/approve", json={"orderRef": order["orderRef"], "personalNumber": ANNA}
    )
    assert response.status_code == 400
    assert "startFailed" in response.json()["error"]


def test_collect_answers(api, control):
    order = start(api)
    pending = api.post("/collect", json={"orderRef": order["orderRef"]}).json()
    assert pending == {
        "orderRef": order["orderRef"],
        "status": "pending",
        "hintCode": "outstandingTransaction",
    }
    control.post(
        "/approve", json={"orderRef": order["orderRef"], "personalNumber": ANNA}
    )
    complete = api.post("/collect", json={"orderRef": order["orderRef"]}).json()
    assert complete["status"] == "complete" and "hintCode" not in complete
    data = complete["completionData"]
    assert data["user"] == {
        "personalNumber": ANNA,
        "name": "Anna Andersson",
        "givenName": "Anna",
        "surname": "Andersson",
    }
    assert set(data) == {
        "user",
        "device",
        "bankIdIssueDate",
        "stepUp",
        "signature",
        "ocspResponse",
    }
    assert set(data["device"]) == {"ipAddress", "uhi"}


def test_fail_next_then_normal(api, control):
    assert control.post("/fail-next", json={"status": 503}).status_code == 200
    assert error_of(api.post("/auth", json={"endUserIp": IP})) == (503, "maintenance")
    assert api.post("/auth", json={"endUserIp": IP}).status_code == 200


def test_control_over_http(control, api):
    order = start(api)
    assert control.post("/advance", json={"seconds": 31}).status_code == 200
    collected = api.post("/collect", json={"orderRef": order["orderRef"]}).json()
    assert collected["hintCode"] == "startFailed"
    start(api)
    assert control.post("/reset", json={}).status_code == 200
    assert control.post("/advance", json={}).status_code == 400
    assert control.post("/fail-next", json={"status": 200}).status_code == 400
    assert control.post("/nothing", json={}).status_code == 404
    assert control.get("/approve").status_code == 404


def test_the_page_lists_orders_without_secrets(api, control):
    order = start(api)
    page = control.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<html lang="sv">' in html
    assert order["orderRef"] in html
    assert order["qrStartSecret"] not in html
    assert order["autoStartToken"] not in html
    assert '<label for="person">' in html and 'id="person"' in html
    assert "Filip Fors" in html


def test_the_page_form_approves(bankid_sim, api, control):
    order = start(api)
    response = control.post(
        "/approve",
        data={
            "orderRef": order["orderRef"],
            "personalNumber": ANNA,
            "action": "approve",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/sim/bankid/?done=approve")
    assert (
        "Ordern är godkänd."
        in httpx.get(bankid_sim.url("control") + response.headers["location"]).text
    )
    collected = api.post("/collect", json={"orderRef": order["orderRef"]}).json()
    assert collected["status"] == "complete"


def test_the_page_form_tells_a_refusal(bankid_sim, control):
    response = control.post(
        "/approve", data={"orderRef": "gone", "personalNumber": ANNA}
    )
    assert response.status_code == 303
    page = httpx.get(bankid_sim.url("control") + response.headers["location"]).text
    assert 'role="alert"' in page and "no such order" in page


def test_the_page_shows_the_text_to_sign(api, control):
    text = "Jag skriver under <min> ansökan.\n\nDatum: 27 november 2026"
    order = api.post(
        "/sign",
        json={
            "endUserIp": IP,
            "userVisibleData": base64.b64encode(text.encode()).decode(),
        },
    ).json()
    html = control.get("/").text
    assert order["orderRef"] in html
    assert "Jag skriver under &lt;min&gt; ansökan." in html
    control.post("/reset", json={})


def test_the_length_limits_are_bankids(api):
    """1-1,500 base64 characters for auth; 40,000 and 200,000 for sign."""
    assert start(api, userVisibleData="A" * 1_500, userNonVisibleData="A" * 1_500)
    sign = {
        "endUserIp": IP,
        "userVisibleData": "A" * 40_000,
        "userNonVisibleData": "A" * 200_000,
    }
    assert api.post("/sign", json=sign).status_code == 200


def test_phone_orders_answer_only_an_order_ref(api, control):
    for method, extra in (("auth", {}), ("sign", {"userVisibleData": b64("Hej")})):
        response = api.post(
            f"/phone/{method}",
            json={"personalNumber": ANNA, "callInitiator": "RP", **extra},
        )
        assert response.status_code == 200, response.text
        assert set(response.json()) == {"orderRef"}
        ref = response.json()["orderRef"]
        # No startFailed: nobody scans anything in a phone call.
        control.post("/advance", json={"seconds": 60})
        pending = api.post("/collect", json={"orderRef": ref}).json()
        assert pending["hintCode"] == "outstandingTransaction"
        opened = control.post(
            "/approve",
            json={"orderRef": ref, "personalNumber": ANNA, "action": "start"},
        )
        assert opened.json()["hintCode"] == "userCallConfirm"
        control.post("/approve", json={"orderRef": ref, "personalNumber": ANNA})
        done = api.post("/collect", json={"orderRef": ref}).json()
        assert done["status"] == "complete"
        funcs = {"auth": "Identification", "sign": "Signing"}
        signature = base64.b64decode(done["completionData"]["signature"]).decode()
        assert f"<funcId>{funcs[method]}</funcId>" in signature


def test_a_phone_order_is_locked_to_its_person(api, control):
    ref = api.post(
        "/phone/auth", json={"personalNumber": ANNA, "callInitiator": "user"}
    ).json()["orderRef"]
    other = control.post("/approve", json={"orderRef": ref, "personalNumber": BENGT})
    assert other.status_code == 400
    failed = api.post("/collect", json={"orderRef": ref}).json()
    assert (failed["status"], failed["hintCode"]) == ("failed", "startFailed")


def test_approving_as_another_person_fails_the_order(api, control):
    order = start(api, requirement={"personalNumber": ANNA})
    qr = qr_data(order["qrStartToken"], order["qrStartSecret"], 0)
    other = control.post("/approve", json={"qr": qr, "personalNumber": BENGT})
    assert other.status_code == 400 and "startFailed" in other.json()["error"]
    # Not even the right person can take it now.
    right = control.post(
        "/approve", json={"orderRef": order["orderRef"], "personalNumber": ANNA}
    )
    assert right.status_code == 400
    failed = api.post("/collect", json={"orderRef": order["orderRef"]}).json()
    assert failed == {
        "orderRef": order["orderRef"],
        "status": "failed",
        "hintCode": "startFailed",
    }


def test_pin_code_required_refuses_biometrics(api, control):
    order = start(api, requirement={"pinCode": True})
    ref = order["orderRef"]
    body = {"orderRef": ref, "personalNumber": ANNA, "biometrics": True}
    assert control.post("/approve", json=body).status_code == 400
    assert api.post("/collect", json={"orderRef": ref}).json()["status"] == "pending"
    body["biometrics"] = False
    assert control.post("/approve", json=body).status_code == 200
    # Without the requirement, biometrics will do.
    other = start(api)["orderRef"]
    body = {"orderRef": other, "personalNumber": ANNA, "biometrics": True}
    assert control.post("/approve", json=body).status_code == 200


def test_mrtd_asks_for_the_id_document(api, control):
    ref = start(api, requirement={"mrtd": True})["orderRef"]
    me = {"orderRef": ref, "personalNumber": ANNA}
    opened = control.post("/approve", json=me | {"action": "start"}).json()
    assert opened["hintCode"] == "userMrtd"
    collected = api.post("/collect", json={"orderRef": ref}).json()
    assert (collected["status"], collected["hintCode"]) == ("pending", "userMrtd")
    assert control.post("/approve", json=me).status_code == 400
    assert control.post("/approve", json=me | {"mrtd": True}).status_code == 200
    done = api.post("/collect", json={"orderRef": ref}).json()
    assert done["completionData"]["stepUp"] == {"mrtd": True}


@pytest.mark.parametrize(
    "requirement",
    [{"cardReader": "class1"}, {"certificatePolicies": ["1.2.3.4.5", "1.2.3.4.10"]}],
)
def test_a_mobile_bankid_cannot_take_what_it_does_not_meet(api, control, requirement):
    ref = start(api, requirement=requirement)["orderRef"]
    refused = control.post("/approve", json={"orderRef": ref, "personalNumber": ANNA})
    assert refused.status_code == 400
    failed = api.post("/collect", json={"orderRef": ref}).json()
    assert failed["hintCode"] == "startFailed"


def test_a_mobile_policy_is_met(api, control):
    ref = start(api, requirement={"certificatePolicies": ["1.2.3.4.25"]})["orderRef"]
    ok = control.post("/approve", json={"orderRef": ref, "personalNumber": ANNA})
    assert ok.status_code == 200


@pytest.mark.parametrize("risk", ["low", "moderate", "high"])
def test_risk_in_completion_data_when_asked_for(api, control, risk):
    asked = start(api, returnRisk=True)["orderRef"]
    plain = start(api)["orderRef"]
    for ref in (asked, plain):
        body = {"orderRef": ref, "personalNumber": ANNA, "risk": risk}
        assert control.post("/approve", json=body).status_code == 200
    data = api.post("/collect", json={"orderRef": asked}).json()["completionData"]
    assert data["risk"] == risk
    data = api.post("/collect", json={"orderRef": plain}).json()["completionData"]
    assert "risk" not in data
