"""Starting an e-service from its start page: login first, then a POST button."""

from urllib.parse import parse_qs

import httpx
from flow_site import ANNA
from flow_site import BENGT
from flow_site import hidden_inputs
from flow_site import soup
from flow_site import text_of

CECILIA = "199006229844"  # protected identity (sekretessmarkering)


def test_an_anonymous_visitor_is_sent_to_the_eid_login_and_back(site):
    url, _ = site
    response = httpx.get(f"{url}/e-tjanster/bygglov/@@start")
    assert response.status_code == 302
    login, query = response.headers["location"].split("?")
    assert login == f"{url}/@@eid-login"
    assert parse_qs(query)["came_from"] == [f"{url}/e-tjanster/bygglov/@@start"]


def test_the_start_page_has_a_post_button_and_a_get_starts_nothing(residents):
    anna = residents()
    _, page = anna.page("/e-tjanster/bygglov/@@start")
    form = page.select_one("form.etjanster-start-form")
    assert form["method"] == "post"
    assert form.select_one("input[name=_authenticator]")["value"]
    assert form.select_one("button[type=submit]").get_text(strip=True) == "Starta"
    assert "Fortsätt där du slutade" not in text_of(page)  # the GET made no draft


def test_starting_leads_to_the_first_step(residents):
    anna = residents()
    first = anna.start()
    assert first.endswith("/@@steg/default")
    _, page = anna.page(first)
    assert page.h1.get_text(strip=True) == "Steg 1 av 2: Dina uppgifter"


def test_a_post_without_the_csrf_token_is_refused(residents):
    anna = residents()
    response = anna.http.post("/e-tjanster/bygglov/@@start", data={})
    assert response.status_code == 403
    _, page = anna.page("/e-tjanster/bygglov/@@start")
    assert "Fortsätt där du slutade" not in text_of(page)


def test_the_resident_is_offered_their_own_drafts_only(residents):
    anna = residents(ANNA)
    first = anna.start()
    case_url = first.split("/@@steg")[0]
    _, page = anna.page("/e-tjanster/bygglov/@@start")
    [link] = page.select(".etjanster-drafts a")
    assert link["href"] == case_url
    assert link.get_text(" ", strip=True).startswith("Fortsätt där du slutade")
    assert "senast sparad" in link.get_text()

    bengt = residents(BENGT)
    _, page = bengt.page("/e-tjanster/bygglov/@@start")
    assert page.select(".etjanster-drafts a") == []
    assert case_url not in page.decode()


def test_protected_identity_is_told_to_contact_the_contact_centre(residents):
    cecilia = residents(CECILIA)
    _, page = cecilia.page("/e-tjanster/bygglov/@@start")
    assert "Kontakta oss i stället" in text_of(page)
    assert page.select_one("form.etjanster-start-form") is None
    token = cecilia.page("/e-tjanster/signerad/@@start")[1].select_one(
        "input[name=_authenticator]"
    )
    refused = cecilia.http.post(
        "/e-tjanster/bygglov/@@start", data={"_authenticator": token["value"]}
    )
    assert refused.status_code == 200
    assert "Kontakta oss i stället" in text_of(soup(refused))


def test_an_unavailable_eservice_or_one_without_a_form_cannot_be_started(residents):
    anna = residents()
    _, page = anna.page("/e-tjanster/stangd/@@start")
    assert "E-tjänsten är inte tillgänglig just nu" in text_of(page)
    assert "Öppnar igen i januari." in text_of(page)
    assert page.select_one("form.etjanster-start-form") is None
    _, page = anna.page("/e-tjanster/utan-formular/@@start")
    assert "Formuläret kan inte fyllas i på webben än" in text_of(page)
    assert page.select_one("form.etjanster-start-form") is None


def test_start_is_not_possible_with_a_token_for_an_unavailable_eservice(residents):
    anna = residents()
    form = anna.page("/e-tjanster/bygglov/@@start")[1].select_one(
        "form.etjanster-start-form"
    )
    response = anna.http.post("/e-tjanster/stangd/@@start", data=hidden_inputs(form))
    assert response.status_code == 200
    assert "E-tjänsten är inte tillgänglig just nu" in text_of(soup(response))
