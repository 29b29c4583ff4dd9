"""The case page is its resident's alone: another resident, the case officers and
anonymous visitors get none of it, and cannot write in the case through it."""

import httpx
from handling_site import ANNA
from handling_site import BENGT
from mina_sidor_pages import browser
from mina_sidor_pages import case_object
from mina_sidor_pages import hidden_inputs
from mina_sidor_pages import message_form
from mina_sidor_pages import mina_sidor
from mina_sidor_pages import officer_writes
from mina_sidor_pages import page
from mina_sidor_pages import rows

SECRETS = ("Ekbacken", "Ring mig på kvällen", "Ritningen är godkänd", "ETJ-")


def refused(response):
    if response.status_code == 302:
        location = response.headers["location"]
        return "login" in location or "require_login" in location
    return response.status_code in (401, 403, 404)


def assert_no_data(response):
    assert refused(response), response.status_code
    for secret in SECRETS:
        assert secret not in response.text, secret


def anna_with_a_conversation(handling):
    anna, case_url = handling.submitted_case(ANNA)
    anna = browser(anna)
    officer_writes(handling, case_url, "Ritningen är godkänd.")
    form = message_form(page(anna, f"{case_url}/@@mitt-arende"))
    anna.post(
        form["action"], data={**hidden_inputs(form), "text": "Ring mig på kvällen."}
    )
    return anna, case_url, form


def staff_browser(handling, username):
    client = handling.staff(username)
    client.headers["Accept"] = "text/html"
    return client


def test_another_resident_gets_nothing_and_cannot_write(handling):
    _anna, case_url, form = anna_with_a_conversation(handling)
    bengt = browser(handling.resident(BENGT))
    assert_no_data(bengt.get(f"{case_url}/@@mitt-arende"))
    assert_no_data(bengt.get(case_url))
    token = hidden_inputs(
        page(bengt, "/e-tjanster/bygglov/@@start").select_one("form[method=post]")
    )
    answer = bengt.post(form["action"], data={**token, "text": "Bengt skriver."})
    assert_no_data(answer)
    assert rows(mina_sidor(bengt), "Pågående") == []
    texts = [m.text for m in case_object(handling, case_url).messages.values()]
    assert "Bengt skriver." not in texts


def test_the_case_officers_get_their_own_pages_not_the_residents(handling):
    _, case_url, form = anna_with_a_conversation(handling)
    for username in ("hanna", "olle", "rita"):  # its unit, another unit, registrar
        officer = staff_browser(handling, username)
        answer = officer.get(f"{case_url}/@@mitt-arende")
        assert_no_data(answer)
        if username == "hanna":  # she may view the case, but this page is not hers
            assert answer.status_code == 403
        posted = officer.post(form["action"], data={"text": "Från fel sida."})
        assert refused(posted), (username, posted.status_code)
        assert rows(page(officer, "/e-tjanster/mina-sidor"), "Pågående") == []
    texts = [m.text for m in case_object(handling, case_url).messages.values()]
    assert "Från fel sida." not in texts


def test_anonymous_visitors_get_nothing(handling):
    _, case_url, form = anna_with_a_conversation(handling)
    for url in (f"{case_url}/@@mitt-arende", case_url, f"{case_url}/@@ta-bort"):
        assert_no_data(httpx.get(url))
    assert_no_data(httpx.post(form["action"], data={"text": "Anonym."}))
    texts = [m.text for m in case_object(handling, case_url).messages.values()]
    assert "Anonym." not in texts
