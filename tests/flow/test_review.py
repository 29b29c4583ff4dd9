"""Reviewing and sending in: the answers, the files, what is missing, the confirmation."""

import io
import re

import pytest
from flow_site import soup
from flow_site import text_of

from helpers import make_pdf_bytes

SCRIPT = "<script>alert('xss')</script>"


@pytest.fixture
def anna(residents):
    return residents()


def fill_in(anna, atgard="Nybyggnad", garage="false", beskrivning="Ett fritidshus"):
    """Anna answers both steps; the URL of her case."""
    first = anna.start()
    second = anna.submit(first).headers["location"]
    response = anna.submit(
        second,
        {
            "answer.atgard": atgard,
            "answer.yta": "120",
            "answer.garage": garage,
            "answer.byggstart": "2027-05-01",
            "answer.fasad:list": ["Puts", "Tegel"],
            "answer.beskrivning": beskrivning,
        },
    )
    assert response.status_code == 302, response.text
    return first.split("/@@steg")[0]


def filled_simple(anna, beskrivning="Schakt för fiber"):
    """A one-step application (no personal-details block) ready to send in."""
    first = anna.start("enkel")
    response = anna.submit(
        first, {"answer.fastighet": "Ekbacken 1:23", "answer.beskrivning": beskrivning}
    )
    assert response.headers["location"].endswith("/@@granska"), response.text
    return first.split("/@@steg")[0]


def send_in(anna, case):
    _, page = anna.page(f"{case}/@@granska")
    form = page.select_one(".etjanster-send form")
    token = form.select_one("input[name=_authenticator]")["value"]
    return anna.http.post(form["action"], data={"_authenticator": token})


def test_the_review_lists_the_answers_by_step_with_links_to_change_them(anna):
    case = fill_in(anna)
    _, page = anna.page(f"{case}/@@granska")
    assert page.h1.get_text(strip=True) == "Granska och skicka in"
    sections = page.select("section.etjanster-answers")
    titles = [s.h2.get_text(strip=True) for s in sections]
    assert titles == ["Dina uppgifter", "Byggnaden", "Bifogade filer"]
    details = dict(
        zip(
            [dt.get_text(strip=True) for dt in sections[1].select("dt")],
            [dd.get_text(strip=True) for dd in sections[1].select("dd")],
            strict=True,
        )
    )
    assert details["Åtgärd"] == "Nybyggnad"
    assert details["Byggnadsarea"] == "120"
    assert details["Planerad byggstart"] == "1 maj 2027"
    assert details["Ingår ett garage?"] == "Nej"
    assert details["Fasadmaterial"] in ("Puts, Tegel", "Tegel, Puts")
    assert details["Byggnadshöjd"] == "Inget svar"
    change = sections[1].select_one("a")
    assert change.get_text(" ", strip=True) == "Ändra Byggnaden"
    assert change["href"] == f"{case}/@@steg/byggnaden"
    assert (
        page.select_one(".etjanster-progress [aria-current=step]").get_text(strip=True)
        == "Granska"
    )


def test_the_review_lists_the_attachments(anna):
    case = fill_in(anna, garage="true")
    anna.submit(
        f"{case}/@@steg/garaget",
        button=("action", "upload"),
        files={
            "file.ritning": (
                "garage.pdf",
                io.BytesIO(make_pdf_bytes()),
                "application/pdf",
            )
        },
    )
    _, page = anna.page(f"{case}/@@granska")
    files = page.select_one("section.etjanster-answers:last-of-type")
    assert files.h2.get_text(strip=True) == "Bifogade filer"
    [item] = files.select("li")
    assert re.fullmatch(r"garage\.pdf \(\d+ (byte|kB)\)", item.get_text())
    garage = page.select("section.etjanster-answers")[2]
    assert garage.h2.get_text(strip=True) == "Garaget"
    assert "garage.pdf" in garage.dd.get_text()


def test_an_incomplete_application_says_what_is_missing(anna):
    first = anna.start()
    case = first.split("/@@steg")[0]
    _, page = anna.page(f"{case}/@@granska")
    missing = page.select_one(".etjanster-incomplete")
    assert missing.h2.get_text(strip=True) == "Några svar saknas"
    assert [(a.get_text(), a["href"]) for a in missing.select("a")] == [
        ("Byggnaden", f"{case}/@@steg/byggnaden")
    ]
    assert page.select_one(".etjanster-send") is None  # nothing to press yet
    # A send-in anyway (an old tab, say) comes back with the reasons.
    token = page.select_one("input[name=_authenticator]") or soup(
        anna.get(first)
    ).select_one("input[name=_authenticator]")
    response = anna.http.post(
        f"{case}/@@granska", data={"_authenticator": token["value"]}
    )
    assert response.status_code == 200
    refused = soup(response)
    assert refused.title.get_text().startswith("Fel: ")
    summary = refused.select_one(".etjanster-error-summary")
    assert summary.h2.get_text(strip=True) == "Ansökan kunde inte skickas in"
    assert summary.a.get_text(strip=True) == "Steget Byggnaden är inte klart."
    assert summary.a["href"] == f"{case}/@@steg/byggnaden"


def test_an_eservice_that_requires_signing_offers_signing(anna):
    first = anna.start("signerad")
    case = first.split("/@@steg")[0]
    response = anna.submit(first, {"answer.fastighet": "Ekbacken 1:23"})
    assert response.headers["location"] == f"{case}/@@granska"
    _, page = anna.page(f"{case}/@@granska")
    sign = page.select_one(".etjanster-send a")
    assert sign.get_text(strip=True) == "Signera och skicka in"
    assert sign["href"] == f"{case}/@@signera"
    assert page.select_one(".etjanster-send form") is None
    assert "Skicka in" not in [b.get_text(strip=True) for b in page.select("button")]


def test_send_in_leads_to_the_confirmation_with_number_and_receipt(anna):
    case = filled_simple(anna)
    _, page = anna.page(f"{case}/@@granska")
    assert page.select_one(".etjanster-send form button").get_text(strip=True) == (
        "Skicka in"
    )
    response = send_in(anna, case)
    assert response.status_code == 302, response.text
    assert response.headers["location"] == f"{case}/@@bekraftelse"
    _, page = anna.page(response.headers["location"])
    assert page.h1.get_text(strip=True) == "Tack! Vi har tagit emot din ansökan"
    number = page.select_one(".etjanster-received__number").get_text(strip=True)
    assert number.startswith("ETJ-") and number.endswith("-000001")
    received = page.select(".etjanster-received dd")[1].get_text()
    assert " kl. " in received
    receipt = page.find("a", string="Ladda ner kvittens (PDF)")
    assert receipt["href"] == f"{case}/@@receipt"
    pdf = anna.get(receipt["href"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert page.find("a", string="Mina sidor")["href"].endswith(
        "/e-tjanster/mina-sidor"
    )
    assert page.select_one("input[name=_authenticator]") is None  # nothing to post

    # Sent in: the answers are frozen, the pages lead to the confirmation.
    for frozen in ("/@@steg/default", "/@@steg", "/@@granska", "/@@sparat"):
        response = anna.get(f"{case}{frozen}")
        assert response.status_code == 302, frozen
        assert response.headers["location"] == f"{case}/@@bekraftelse"
    # The case's own address leads to its page on Mina sidor.
    response = anna.get(case)
    assert response.status_code == 302
    assert response.headers["location"] == f"{case}/@@mitt-arende"


def test_a_posted_step_of_a_sent_in_case_changes_nothing(anna):
    case = filled_simple(anna)
    step = f"{case}/@@steg/default"
    token = anna.page(step)[1].select_one("input[name=_authenticator]")["value"]
    assert send_in(anna, case).status_code == 302
    response = anna.http.post(
        step,
        data={
            "_authenticator": token,
            "answer.fastighet": "Annan 9:99",
            "action": "next",
        },
    )
    assert response.status_code == 302
    assert response.headers["location"] == f"{case}/@@bekraftelse"
    _, confirmation = anna.page(f"{case}/@@bekraftelse")
    assert "Annan 9:99" not in text_of(confirmation)
    assert "Ekbacken 1:23" in text_of(confirmation)


def test_script_in_an_answer_is_shown_as_text(anna):
    case = filled_simple(anna, beskrivning=SCRIPT)
    response, page = anna.page(f"{case}/@@granska")
    assert SCRIPT in text_of(page)
    assert "<script>alert" not in response.text
    send_in(anna, case)
    response, page = anna.page(f"{case}/@@bekraftelse")
    assert SCRIPT in text_of(page)
    assert "<script>alert" not in response.text


def test_an_application_with_the_personal_details_block_can_be_sent_in(anna):
    case = fill_in(anna)
    response = send_in(anna, case)
    assert response.status_code == 302
    assert response.headers["location"] == f"{case}/@@bekraftelse"


def test_the_case_address_leads_the_owner_to_where_they_are(anna):
    first = anna.start()
    case = first.split("/@@steg")[0]
    anna.submit(first)
    response = anna.get(case)
    assert response.status_code == 302
    assert (
        response.headers["location"] == f"{case}/@@steg/byggnaden"
    )  # first incomplete
