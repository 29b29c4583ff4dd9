"""A case's handling page, <case>/@@handlaggning, as an officer's browser without
JavaScript uses it: reading the application, taking the case, messages, completion,
internal notes, closing with a decision and reopening."""

import re
from datetime import UTC
from datetime import datetime

import pytest
import transaction
from handling_site import ANNA
from handling_site import BUILDING_ADDRESS
from handling_site import BUILDING_UNIT
from handling_site import RESIDENT_ADDRESS
from plone import api
from test_workspace_support import handling_url
from test_workspace_support import resident_browser
from test_workspace_support import soup
from test_workspace_support import staff
from test_workspace_support import text_of

from helpers import add_form
from helpers import make_eservice
from helpers import make_pdf_bytes

FIELDS = "atvidaberg.etjanster.formfields.fields"
MODEL = f"""<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="uppgifter" type="{FIELDS}.PersonalDetails">
      <title>Dina uppgifter</title>
    </field>
    <field name="fastighet" type="zope.schema.TextLine">
      <title>Fastighetsbeteckning</title>
    </field>
    <field name="beskrivning" type="zope.schema.Text">
      <title>Beskrivning</title>
      <required>False</required>
    </field>
    <field name="ritning" type="plone.namedfile.field.NamedBlobFile">
      <title>Ritning</title>
      <required>False</required>
    </field>
  </schema>
</model>"""
EXECUTABLE = b"\x7fELF\x02\x01\x01" + b"\0" * 64
DIGEST = "9f" * 32


@pytest.fixture
def application(handling):
    """Anna's sent-in application with personal details, a drawing and a signature:
    (Anna's JSON client, the case's URL)."""
    transaction.begin()
    with api.env.adopt_roles(["Manager"]):
        eservice = make_eservice(
            handling.portal["e-tjanster"],
            "anmalan",
            title="Anmälan om attefallsåtgärd",
            responsible_unit=BUILDING_UNIT,
        )
        add_form(eservice, MODEL)
    transaction.commit()
    anna = handling.resident(ANNA)
    case_url = anna.post("/e-tjanster/anmalan/@start").json()["@id"]
    saved = anna.patch(
        f"{case_url}/@form",
        json={
            "step": "default",
            "data": {
                "fastighet": "Ekbacken 1:23",
                "applicant_email": RESIDENT_ADDRESS,
                "beskrivning": "Ett uterum.\nMot söder.",
            },
        },
    )
    assert saved.status_code < 300, saved.text
    uploaded = anna.post(
        f"{case_url}/@attachments",
        data={"field": "ritning"},
        files={"file": ("ritning.pdf", make_pdf_bytes("Ritning"), "application/pdf")},
    )
    assert uploaded.status_code == 201, uploaded.text
    sent = anna.post(f"{case_url}/@submit")
    assert sent.status_code == 200, sent.text
    transaction.begin()
    case = handling.portal["arenden"][case_url.rsplit("/", 1)[1]]
    case.signature = {
        "provider": "bankid",
        "name": "Anna Andersson",
        "personal_number": ANNA,
        "signed_at": datetime(2026, 3, 2, 9, 15, tzinfo=UTC),
        "digest": DIGEST,
    }
    transaction.commit()
    return anna, case_url


def facts(page):
    found = page.select_one(".etjanster-handling__facts")
    return {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in found.select("dt")
    }


def messages(page):
    return page.select(".etjanster-handling__message")


def mails_to(handling, address):
    return [mail for mail in handling.mails() if mail["To"] == address]


def test_the_officer_reads_the_whole_application(handling, application):
    _, case_url = application
    hanna = staff(handling, "hanna")
    response, page = hanna.page(handling_url(case_url))
    assert response.headers["Cache-Control"] == "no-store"
    number = facts(page)["Ärendenummer"]
    assert page.h1.get_text(strip=True) == f"Ärende {number}"
    assert page.title.get_text().startswith(f"Ärende {number}")
    assert facts(page)["E-tjänst"] == "Anmälan om attefallsåtgärd"
    assert facts(page)["Status"].startswith("Nytt")
    assert facts(page)["Handläggare"].startswith("Ingen")
    assert re.match(r"\d+ \w+ 20\d\d kl\. \d\d\.\d\d", facts(page)["Inkom"])

    # The answers, with the personal details and the personnummer, as on the receipt.
    text = text_of(page)
    for answer in ("Anna Andersson", "19800101-9820", "Ekbacken 1:23", "Ett uterum."):
        assert answer in text, answer
    assert "Ett uterum.\nMot söder." in page.select_one(".etjanster-answers").text

    # The drawing and the receipt are downloads.
    drawing = page.find("a", string="ritning.pdf")
    assert "/@@attachment/" in drawing["href"]
    downloaded = hanna.get(drawing["href"])
    assert downloaded.status_code == 200
    assert downloaded.content.startswith(b"%PDF")
    receipt = page.find("a", string="Ladda ner kvittens (PDF)")
    answer = hanna.get(receipt["href"])
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/pdf"

    # The signature.
    signature = page.select_one(".etjanster-handling__signature").get_text(" ")
    for part in ("BankID", "Anna Andersson", "2 mars 2026 kl. 10.15", DIGEST):
        assert part in signature, part

    history = page.select_one(".etjanster-handling__history").get_text(" ", strip=True)
    assert "Inskickat" in history


def test_taking_starting_and_assigning(handling, application):
    _, case_url = application
    hanna = staff(handling, "hanna")
    url = handling_url(case_url)
    taken = hanna.press(url, "take")
    assert taken.status_code == 302
    assert taken.headers["location"] == url
    _, page = hanna.page(url)
    assert "Du har tagit ärendet." in text_of(page)
    assert facts(page)["Status"] == "Under handläggning"
    assert facts(page)["Handläggare"] == "hanna"
    assert page.select_one("button[value=take]") is None
    assert page.select_one("button[value=assign]") is None
    history = page.select_one(".etjanster-handling__history").get_text(" ", strip=True)
    assert "Handläggningen påbörjad (hanna)" in history

    # A second case: the review started without taking it; then "Tilldela mig".
    _, other = handling.submitted_case(ANNA)
    other_url = handling_url(other)
    assert hanna.press(other_url, "start_review").status_code == 302
    _, page = hanna.page(other_url)
    assert "Handläggningen av ärendet är påbörjad." in text_of(page)
    assert facts(page)["Handläggare"].startswith("Ingen")
    assert page.select_one("button[value=assign]").get_text(strip=True) == (
        "Tilldela mig"
    )
    assert hanna.press(other_url, "assign").status_code == 302
    _, page = hanna.page(other_url)
    assert facts(page)["Handläggare"] == "hanna"


def test_closing_needs_a_decision_and_a_closed_case_can_be_reopened(
    handling, application
):
    _anna, case_url = application
    hanna = staff(handling, "hanna")
    url = handling_url(case_url)
    hanna.press(url, "take")

    refused = hanna.press(url, "close", data={"decision": "   "})
    assert refused.status_code == 200
    page = soup(refused)
    assert page.title.get_text().startswith("Fel: ")
    summary = page.select_one(".etjanster-error-summary")
    link = summary.select_one("a")
    assert link["href"] == "#beslut-text"
    assert "Skriv beslutet." in link.get_text()
    field = page.select_one("#beslut-text")
    assert field["aria-invalid"] == "true"
    error = page.select_one("#beslut-text-fel").get_text(" ", strip=True)
    assert (
        error == "Fel: Skriv beslutet. Den sökande läser det när ärendet är avslutat."
    )
    assert "beslut-text-fel" in field["aria-describedby"]
    _, page = hanna.page(url)
    assert facts(page)["Status"] == "Under handläggning"

    decision = "Bygglov beviljas.\nAvgift: 5 000 kr."
    closed = hanna.press(url, "close", data={"decision": decision})
    assert closed.status_code == 302
    _, page = hanna.page(url)
    assert facts(page)["Status"] == "Avslutat"
    assert "Ärendet är avslutat. Den sökande kan läsa beslutet." in text_of(page)
    shown = page.select_one(".etjanster-handling__closed .etjanster-text-as-written")
    assert shown.text == decision
    assert page.select_one("form.etjanster-handling__write") is None
    assert "Öppna det igen för att skriva till den sökande." in text_of(page)
    assert page.select_one("button[value=close]") is None
    assert mails_to(handling, RESIDENT_ADDRESS), "the resident is told by e-mail"
    own = resident_browser(handling, ANNA)
    _, mine = own.page(f"{case_url}/@@mitt-arende")
    assert "Bygglov beviljas." in text_of(mine)

    # A second press of "Avsluta" (an old tab) is refused at the status.
    stale = hanna.http.post(
        url,
        data={
            "action": "close",
            "decision": "Igen",
            "_authenticator": page.select_one("input[name=_authenticator]")["value"],
        },
    )
    assert stale.status_code == 200
    stale_page = soup(stale)
    assert stale_page.select_one(".etjanster-error-summary a")["href"] == (
        "#arendets-status"
    )
    assert "Det går inte i ärendets nuvarande status." in text_of(stale_page)

    reopened = hanna.press(url, "reopen", data={"reason": "Fel fastighet i beslutet."})
    assert reopened.status_code == 302
    _, page = hanna.page(url)
    assert facts(page)["Status"] == "Under handläggning"
    history = page.select_one(".etjanster-handling__history").get_text(" ", strip=True)
    assert "Avslutat (hanna) Bygglov beviljas." in history
    assert "Öppnat igen (hanna) Fel fastighet i beslutet." in history
    assert page.select_one("form.etjanster-handling__write") is not None


def test_messages_completion_and_notes(handling, application):
    anna, case_url = application
    hanna = staff(handling, "hanna")
    url = handling_url(case_url)

    # A message with a file: the resident is told by e-mail, without its content.
    sent = hanna.press(
        url,
        "message",
        data={"text": "Hej!\nVi har tagit emot ritningen."},
        files={
            "files:list": ("beslut.pdf", make_pdf_bytes("Utkast"), "application/pdf")
        },
    )
    assert sent.status_code == 302, sent.text
    _, page = hanna.page(url)
    [message] = messages(page)
    assert "Meddelandet är skickat." in text_of(page)
    assert message.select_one(".etjanster-handling__message-text").text == (
        "Hej!\nVi har tagit emot ritningen."
    )
    file_link = message.find("a", string="beslut.pdf")
    assert "/@@message-file/" in file_link["href"]
    assert hanna.get(file_link["href"]).content.startswith(b"%PDF")
    [notice] = mails_to(handling, RESIDENT_ADDRESS)[-1:]
    assert "ritningen" not in notice.get_body().get_content()

    # Asking for completion needs a text; a refused file keeps the text typed.
    empty = hanna.press(url, "completion", data={"text": ""})
    assert empty.status_code == 200
    assert soup(empty).select_one(".etjanster-error-summary a")["href"] == (
        "#meddelande-text"
    )
    assert "Skriv vad den sökande behöver komplettera." in text_of(soup(empty))
    refused = hanna.press(
        url,
        "completion",
        data={"text": "Skicka en situationsplan."},
        files={"files:list": ("plan.pdf", EXECUTABLE, "application/pdf")},
    )
    assert refused.status_code == 200
    page = soup(refused)
    assert page.select_one(".etjanster-error-summary a")["href"] == "#meddelande-filer"
    assert page.select_one("#meddelande-filer")["aria-invalid"] == "true"
    assert page.select_one("#meddelande-filer-fel")
    assert page.select_one("#meddelande-text").text == "Skicka en situationsplan."
    asked = hanna.press(url, "completion", data={"text": "Skicka en situationsplan."})
    assert asked.status_code == 302
    _, page = hanna.page(url)
    assert facts(page)["Status"] == "Väntar på den sökande"
    assert "Komplettering begärd" in messages(page)[-1].get_text(" ")

    # An internal note, set apart and labelled; the resident never sees it.
    note = "Ring grannen om staketet.\nTel 070-123 45 67"
    assert hanna.press(url, "note", data={"note": note}).status_code == 302
    _, page = hanna.page(url)
    noted = messages(page)[-1]
    assert "etjanster-handling__message--note" in noted["class"]
    assert noted.select_one(".etjanster-handling__note-label").get_text(
        " ", strip=True
    ) == ("Intern anteckning – syns inte för den sökande")
    assert noted.select_one(".etjanster-handling__message-text").text == note

    assert "Ring grannen" not in anna.get(case_url).text
    listed = anna.get(f"{case_url}/@messages").json()["items"]
    assert len(listed) == 2
    assert all("Ring grannen" not in item["text"] for item in listed)
    own = resident_browser(handling, ANNA)
    _, mine = own.page(f"{case_url}/@@mitt-arende")
    assert "Skicka en situationsplan." in text_of(mine)
    assert "Ring grannen" not in mine.text

    # An empty message is refused at its field.
    nothing = hanna.press(url, "message", data={"text": " "})
    assert nothing.status_code == 200
    assert "Skriv ett meddelande eller bifoga en fil." in text_of(soup(nothing))


def test_the_residents_messages_are_text_and_read_when_viewed(handling, application):
    anna, case_url = application
    script = "<script>alert('hej')</script>\nRad två <b>fet</b>"
    assert anna.post(f"{case_url}/@messages", json={"text": script}).status_code == 201
    hanna = staff(handling, "hanna")
    # The unit's functional address is told, with a link to the handling page.
    [notice] = mails_to(handling, BUILDING_ADDRESS)
    link = re.search(r"https?://\S+", notice.get_body().get_content()).group(0)
    assert link == f"{case_url}/handlaggning"
    response, page = hanna.page(link)
    [message] = messages(page)
    assert "etjanster-handling__message--resident" in message["class"]
    assert message.select_one("script") is None
    assert message.select_one("b") is None
    assert message.select_one(".etjanster-handling__message-text").text == script
    assert "&lt;script&gt;" in response.text
    assert "Den sökande" in message.get_text(" ")
    assert message.select_one(".etjanster-badge--new")  # new until now

    [seen] = anna.get(f"{case_url}/@messages").json()["items"]
    assert seen["read"], "viewing the case marks the resident's message read"
    _, page = hanna.page(handling_url(case_url))
    assert messages(page)[0].select_one(".etjanster-badge--new") is None

    # The officer's own message shows when the resident has read it.
    hanna.press(handling_url(case_url), "message", data={"text": "Tack!"})
    anna.get(f"{case_url}/@messages")
    _, page = hanna.page(handling_url(case_url))
    read = messages(page)[-1].select_one(".etjanster-handling__message-read")
    assert read.get_text(" ", strip=True).startswith("Läst av den sökande")
