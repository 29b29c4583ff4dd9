"""The "Signera och skicka in" page: what the resident reads, and the send-in step."""

import httpx
import pytest
from bs4 import BeautifulSoup

from helpers import ONE_FIELD_MODEL
from helpers import calls_of
from helpers import eid_eservice
from helpers import eid_login

ANNA = "198001019820"
BENGT = "197503159837"
MODEL = ONE_FIELD_MODEL


@pytest.fixture
def site(eid_site, simulators):
    return eid_eservice(
        eid_site,
        simulators,
        MODEL,
        title="Ansökan om <b>bygglov</b>",
        requires_signature=True,
    )


def page_of(session, url):
    session.headers["Accept"] = "text/html"
    response = session.get(url)
    session.headers["Accept"] = "application/json"
    return response, BeautifulSoup(response.text, "html.parser")


def test_the_page_shows_what_will_be_signed_and_how(site):
    url, control = site
    anna = eid_login(url, control, ANNA)
    case_url = anna.post("/e-tjanster/bygglov/@start").json()["@id"]
    response, soup = page_of(anna, f"{case_url}/@@signera")
    assert response.status_code == 200
    assert soup.h1.get_text(strip=True) == "Signera och skicka in"
    text = soup.select_one(".etjanster-sign-text").get_text()
    assert "Anna Andersson" in text
    assert "<b>bygglov</b>" in text  # the title as text, never as markup
    assert soup.select_one(".etjanster-sign-text b") is None
    buttons = [b.get_text(strip=True) for b in soup.select(".etjanster-eid-start")]
    assert buttons and all("BankID" in label for label in buttons)
    flow = soup.select_one(".etjanster-eid-flow")
    assert flow["data-start"] == f"{case_url}/++api++/@sign"


def test_sending_in_without_a_signature_is_refused_with_a_message(site):
    url, control = site
    anna = eid_login(url, control, ANNA)
    case_url = anna.post("/e-tjanster/bygglov/@start").json()["@id"]
    _response, soup = page_of(anna, f"{case_url}/@@signera")
    token = soup.select_one("form.etjanster-eid-done input[name=_authenticator]")
    anna.headers["Accept"] = "text/html"
    sent = anna.post(f"{case_url}/@@signera", data={"_authenticator": token["value"]})
    assert sent.status_code == 200
    alert = BeautifulSoup(sent.text, "html.parser").select_one(".alert-danger")
    assert "inte underskriven" in alert.get_text()


def test_after_signing_the_form_sends_the_application_in(site, monkeypatch):
    url, control = site
    anna = eid_login(url, control, ANNA)
    case_url = anna.post("/e-tjanster/bygglov/@start").json()["@id"]
    anna.patch(
        f"{case_url}/@form", json={"step": "default", "data": {"fastighet": "X 1:2"}}
    )
    started = anna.post(
        f"{case_url}/@sign", json={"provider": "bankid", "device": "other"}
    ).json()
    httpx.post(
        f"{control}/sim/bankid/approve",
        json={"qr": started["qr"], "personalNumber": ANNA},
    )
    done = anna.post("/@eid/collect", json={"transaction": started["transaction"]})
    assert done.json()["status"] == "complete"
    _response, soup = page_of(anna, f"{case_url}/@@signera")
    token = soup.select_one("form.etjanster-eid-done input[name=_authenticator]")
    anna.headers["Accept"] = "text/html"
    # Issue 10: the page's check and the submission read one snapshot.
    snapshots = calls_of(
        monkeypatch, "atvidaberg.etjanster.cases.snapshot", "application_of"
    )
    steps = calls_of(monkeypatch, "atvidaberg.etjanster.cases.form", "visible_steps")
    sent = anna.post(f"{case_url}/@@signera", data={"_authenticator": token["value"]})
    assert sent.status_code == 302
    assert sent.headers["location"] == f"{case_url}/@@bekraftelse"
    assert (len(snapshots), len(steps)) == (1, 1)
    anna.headers["Accept"] = "application/json"
    assert anna.get(case_url).json()["review_state"] == "submitted"


def test_the_page_is_the_applicants_alone(site):
    url, control = site
    anna = eid_login(url, control, ANNA)
    case_url = anna.post("/e-tjanster/bygglov/@start").json()["@id"]
    bengt = eid_login(url, control, BENGT)
    response, _soup = page_of(bengt, f"{case_url}/@@signera")
    assert response.status_code in (302, 401, 403, 404)
    anonymous = httpx.get(f"{case_url}/@@signera")
    assert anonymous.status_code in (302, 401, 403, 404)
