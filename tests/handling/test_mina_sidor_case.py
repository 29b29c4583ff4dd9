"""The resident's page of a sent-in case: status, history, decision, what was sent in,
and the dialog with the case officer."""

from zoneinfo import ZoneInfo

import transaction
from handling_site import ANNA
from handling_site import BUILDING_ADDRESS
from handling_site import RESIDENT_ADDRESS
from mina_sidor_pages import JSON
from mina_sidor_pages import as_officer
from mina_sidor_pages import browser
from mina_sidor_pages import case_object
from mina_sidor_pages import hidden_inputs
from mina_sidor_pages import message_form
from mina_sidor_pages import officer_closes
from mina_sidor_pages import officer_transition
from mina_sidor_pages import officer_writes
from mina_sidor_pages import page
from mina_sidor_pages import soup
from mina_sidor_pages import start_draft
from mina_sidor_pages import text_of
from mina_sidor_pages import write

from atvidaberg.etjanster.handling import dialog

from helpers import make_pdf_bytes

SCRIPT = "<script>alert('xss')</script>"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def messages(page_):
    return page_.select("ol.etjanster-messages > li")


def history(page_):
    return [
        li.select_one(".etjanster-history__label").get_text(strip=True)
        for li in page_.select(".etjanster-history li")
    ]


def case_with_a_file(handling):
    """Anna's case, sent in with a drawing attached: (browser, case URL)."""
    anna = browser(handling.resident(ANNA))
    case_url = start_draft(anna)
    attached = anna.post(
        f"{case_url}/@attachments",
        headers=JSON,
        files={
            "file": ("situationsplan.pdf", make_pdf_bytes("Plan"), "application/pdf")
        },
    )
    assert attached.status_code == 201, attached.text
    saved = anna.patch(
        f"{case_url}/@form",
        headers=JSON,
        json={"step": "default", "data": {"fastighet": "Ekbacken 1:23"}},
    )
    assert saved.status_code < 300, saved.text
    sent = anna.post(f"{case_url}/@submit", headers=JSON)
    assert sent.status_code == 200, sent.text
    return anna, case_url


def test_the_case_page_shows_status_answers_files_and_receipt(handling):
    anna, case_url = case_with_a_file(handling)

    went = anna.get(case_url)  # the case's own address leads here
    assert went.status_code == 302
    assert went.headers["location"] == f"{case_url}/@@mitt-arende"
    response = anna.get(went.headers["location"])
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    page_ = soup(response)

    assert page_.h1.get_text(strip=True) == "Ansökan om bygglov"
    assert page_.title.get_text().startswith("Ditt ärende – Ansökan om bygglov")
    facts = page_.select_one(".etjanster-my-case__facts")
    number = facts.select_one(".etjanster-my-case__number").get_text(strip=True)
    assert number.startswith("ETJ-")
    status = facts.select_one(".etjanster-my-case__status").get_text(strip=True)
    assert status == "Mottaget, inte påbörjat"
    received = case_object(handling, case_url).received.astimezone(STOCKHOLM)
    assert f"kl. {received:%H.%M}" in text_of(facts)  # Swedish time

    assert history(page_) == ["Inskickat"]
    assert f"kl. {received:%H.%M}" in text_of(page_.select_one(".etjanster-history"))

    sent_in = page_.select_one(".etjanster-sent-in")
    assert "Fastighetsbeteckning" in text_of(sent_in)
    assert "Ekbacken 1:23" in text_of(sent_in)
    assert "Ändra" not in text_of(sent_in)
    drawing = sent_in.find("a", string="situationsplan.pdf")
    assert drawing["href"].startswith(f"{case_url}/@@attachment/")
    download = anna.get(drawing["href"])
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    receipt = sent_in.find("a", string="Ladda ner kvittens (PDF)")
    assert receipt["href"] == f"{case_url}/@@receipt"
    pdf = anna.get(receipt["href"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    assert "Det finns inga meddelanden i ärendet än." in text_of(page_)
    form = message_form(page_)
    assert form.find("label", string="Meddelande")["for"] == "meddelande-text"
    assert page_.select_one("#meddelande-filer")["type"] == "file"
    assert page_.select_one(".etjanster-decision") is None
    assert page_.select_one(".etjanster-awaiting") is None


def test_the_history_in_swedish_time_and_the_decision_when_closed(handling):
    anna, case_url = handling.submitted_case(ANNA)
    anna = browser(anna)
    officer_transition(handling, case_url, "start_review")
    officer_writes(
        handling, case_url, "Skicka en ritning över garaget.", request_completion=True
    )
    assert write(anna, case_url, "Här kommer ritningen.").status_code == 302
    officer_closes(handling, case_url, "Bygglov beviljas enligt ansökan.")

    page_ = page(anna, f"{case_url}/@@mitt-arende")
    assert history(page_) == [
        "Inskickat",
        "Handläggningen påbörjad",
        "Komplettering begärd",
        "Komplettering inkommen",
        "Avslutat",
    ]
    case = case_object(handling, case_url)
    closed = case.workflow_history["case_workflow"][-1]["time"].asdatetime()
    closed = closed.astimezone(STOCKHOLM)
    decision = page_.select_one(".etjanster-decision")
    assert decision.h2.get_text(strip=True) == "Beslut"
    assert "Bygglov beviljas enligt ansökan." in text_of(decision)
    assert f"kl. {closed:%H.%M}" in text_of(decision)
    closing = page_.select(".etjanster-history li")[-1]
    assert "Bygglov beviljas enligt ansökan." in text_of(closing)
    facts = page_.select_one(".etjanster-my-case__facts")
    assert facts.select_one(".etjanster-my-case__status").get_text() == "Avslutat"
    # The decision comes before the dialog and the history: it is what matters now.
    order = [s.get("class", [""])[0] for s in page_.select("section")]
    assert order.index("etjanster-decision") < order.index("etjanster-dialog")

    officer_transition(handling, case_url, "reopen", comment="Beslutet rättas.")
    page_ = page(anna, f"{case_url}/@@mitt-arende")
    assert history(page_)[-1] == "Öppnat igen"
    assert "Beslutet rättas." in text_of(page_.select(".etjanster-history li")[-1])
    assert page_.select_one(".etjanster-decision") is None
    assert message_form(page_) is not None


def test_messages_oldest_first_read_and_unread_without_internal_notes(handling):
    anna, case_url = handling.submitted_case(ANNA)
    anna = browser(anna)
    officer_writes(handling, case_url, "Vi har tagit emot din ansökan.")
    officer_writes(handling, case_url, "Grannen ska höras först.", internal=True)
    assert write(anna, case_url, "Tack, när kan jag vänta mig beslut?").status_code == (
        302
    )

    page_ = page(anna, f"{case_url}/@@mitt-arende")
    shown = messages(page_)
    assert [text_of(m.select_one(".etjanster-message__text")) for m in shown] == [
        "Vi har tagit emot din ansökan.",
        "Tack, när kan jag vänta mig beslut?",
    ]
    assert "Grannen" not in page_.decode()
    assert "Handläggaren skrev" in text_of(shown[0])
    assert "Du skrev" in text_of(shown[1])
    assert "Inte läst av handläggaren än" in text_of(shown[1])
    # Writing showed the page first, so the officer's message is read already.
    assert "Nytt meddelande" not in text_of(page_)

    officer_writes(handling, case_url, "Beslut kommer inom två veckor.")
    as_officer(handling, case_url, dialog.read_messages)
    page_ = page(anna, f"{case_url}/@@mitt-arende")
    shown = messages(page_)
    assert len(shown) == 3
    assert "Nytt meddelande" in text_of(shown[2])
    assert "Nytt meddelande" not in text_of(shown[0])
    assert "Läst av handläggaren" in text_of(shown[1])
    assert " kl. " in text_of(shown[1].select_one(".etjanster-message__read"))
    again = page(anna, f"{case_url}/@@mitt-arende")
    assert "Nytt meddelande" not in text_of(again)  # seen now
    assert case_object(handling, case_url).messages.values()[-1].read is not None


def test_waiting_for_completion_is_highlighted_with_the_officers_request(handling):
    anna, case_url = handling.submitted_case(ANNA)
    anna = browser(anna)
    officer_writes(
        handling, case_url, "Skicka en situationsplan, tack.", request_completion=True
    )
    page_ = page(anna, f"{case_url}/@@mitt-arende")
    waiting = page_.select_one(".etjanster-awaiting")
    assert waiting.h2.get_text(strip=True) == "Vi väntar på din komplettering"
    assert "Skicka en situationsplan, tack." in text_of(waiting)
    assert waiting.find("a")["href"] == "#meddelande-text"
    status = page_.select_one(".etjanster-my-case__status").get_text(strip=True)
    assert status == "Väntar på komplettering från dig"
    assert "Begäran om komplettering" in text_of(messages(page_)[0])

    assert write(anna, case_url, "Planen är bifogad.").status_code == 302
    page_ = page(anna, f"{case_url}/@@mitt-arende")
    assert page_.select_one(".etjanster-awaiting") is None
    assert page_.select_one(".etjanster-my-case__status").get_text() == "Handläggs"


def test_a_message_with_a_pdf_reaches_the_officer(handling):
    anna, case_url = handling.submitted_case(ANNA, email=RESIDENT_ADDRESS)
    anna = browser(anna)
    drawing = make_pdf_bytes("Ritning")
    response = write(
        anna,
        case_url,
        "Här är ritningen över garaget.",
        files=[("files", ("garage.pdf", drawing, "application/pdf"))],
    )
    assert response.status_code == 302
    assert response.headers["location"] == f"{case_url}/@@mitt-arende#meddelanden"
    page_ = page(anna, response.headers["location"])
    assert "Ditt meddelande är skickat." in text_of(page_)
    [message] = messages(page_)
    assert "Här är ritningen över garaget." in text_of(message)
    link = message.find("a", string="garage.pdf")
    assert link["href"].startswith(f"{case_url}/@@message-file/")
    download = anna.get(link["href"])
    assert download.status_code == 200
    assert download.content == drawing
    assert "attachment" in download.headers["content-disposition"]

    stored = case_object(handling, case_url).messages.values()[-1]
    assert stored.author == "resident"
    assert [f["filename"] for f in stored.files] == ["garage.pdf"]
    told = [m for m in handling.mails() if m["To"] == BUILDING_ADDRESS]
    assert told and "Nytt meddelande i ärende" in told[-1]["Subject"]
    assert "ritningen" not in told[-1].get_content()


def test_a_renamed_program_is_refused_at_the_field_with_the_text_kept(handling):
    anna, case_url = handling.submitted_case(ANNA)
    anna = browser(anna)
    response = write(
        anna,
        case_url,
        "Ritningen bifogas.",
        files=[("files", ("ritning.pdf", EXE, "application/pdf"))],
    )
    assert response.status_code == 200
    page_ = soup(response)
    summary = page_.select_one(".etjanster-error-summary")
    assert summary["role"] == "alert"
    link = summary.find("a")
    assert link["href"] == "#meddelande-filer"
    assert link.get_text(strip=True).startswith("Bifoga filer: Filnamnet säger")
    error = page_.select_one("#meddelande-filer-error")
    assert "innehållet är något annat" in text_of(error)
    field = page_.select_one("#meddelande-filer")
    assert field["aria-invalid"] == "true"
    assert "meddelande-filer-error" in field["aria-describedby"].split()
    assert page_.select_one("#meddelande-text").get_text() == "Ritningen bifogas."
    assert page_.title.get_text().startswith("Fel: ")
    assert messages(page_) == []
    assert not case_object(handling, case_url).messages


def test_an_empty_message_is_refused_at_the_text(handling):
    anna, case_url = handling.submitted_case(ANNA)
    anna = browser(anna)
    response = write(anna, case_url, "   ")
    assert response.status_code == 200
    page_ = soup(response)
    link = page_.select_one(".etjanster-error-summary a")
    assert link["href"] == "#meddelande-text"
    error = text_of(page_.select_one("#meddelande-text-error"))
    assert "Skriv ett meddelande eller bifoga en fil." in error
    assert page_.select_one("#meddelande-text")["aria-invalid"] == "true"
    assert not case_object(handling, case_url).messages


def test_a_closed_case_shows_whom_to_contact_and_refuses_a_message(handling):
    anna, case_url = handling.submitted_case(ANNA)
    anna = browser(anna)
    form = message_form(page(anna, f"{case_url}/@@mitt-arende"))
    officer_closes(handling, case_url, "Avslag.")

    page_ = page(anna, f"{case_url}/@@mitt-arende")
    assert message_form(page_) is None
    contact = page_.select_one(".etjanster-closed-contact")
    assert "Ärendet är avslutat" in text_of(contact)
    assert contact.select("a[href^='tel:'], a[href^='mailto:']")

    response = anna.post(
        form["action"], data={**hidden_inputs(form), "text": "Jag överklagar."}
    )
    assert response.status_code == 409
    summary = soup(response).select_one(".etjanster-error-summary")
    assert "Ärendet är avslutat och tar inte emot fler meddelanden." in text_of(summary)
    assert not case_object(handling, case_url).messages


def test_a_closed_case_names_the_eservices_own_contact(handling):
    transaction.begin()
    eservice = handling.portal["e-tjanster"]["bygglov"]
    eservice.contact_name = "Bygglovsenheten"
    eservice.contact_phone = "0120-831 00"
    eservice.contact_email = "bygglov@atvidaberg.se"
    transaction.commit()
    anna, case_url = handling.submitted_case(ANNA)
    officer_closes(handling, case_url, "Bygglov beviljas.")

    contact = page(browser(anna), f"{case_url}/@@mitt-arende").select_one(
        ".etjanster-closed-contact"
    )
    assert "Bygglovsenheten" in text_of(contact)
    assert contact.find("a", string="0120-831 00")["href"] == "tel:012083100"
    mail = contact.find("a", string="bygglov@atvidaberg.se")
    assert mail["href"] == "mailto:bygglov@atvidaberg.se"


def test_a_draft_takes_no_messages(handling):
    anna = browser(handling.resident(ANNA))
    draft = start_draft(anna)
    went = anna.get(f"{draft}/@@mitt-arende")
    assert went.status_code == 302
    assert went.headers["location"] == draft
    token = hidden_inputs(
        page(anna, "/e-tjanster/bygglov/@@start").select_one("form[method=post]")
    )
    response = anna.post(f"{draft}/@@mitt-arende", data={**token, "text": "Hej"})
    assert response.status_code == 409
    assert "Ett utkast har inga meddelanden. Skicka in ansökan först." in text_of(
        soup(response)
    )
    assert not getattr(case_object(handling, draft), "messages", None)


def test_script_in_messages_is_shown_as_text(handling):
    anna, case_url = handling.submitted_case(ANNA)
    anna = browser(anna)
    officer_writes(handling, case_url, f"Från handläggaren {SCRIPT}")
    assert write(anna, case_url, f"Från mig {SCRIPT}").status_code == 302
    response = anna.get(f"{case_url}/@@mitt-arende")
    assert "<script>alert" not in response.text
    shown = [text_of(m) for m in messages(soup(response))]
    assert SCRIPT in shown[0] and SCRIPT in shown[1]
    # Kept as text when it comes back with an error, too.
    response = write(
        anna,
        case_url,
        SCRIPT,
        files=[("files", ("ritning.pdf", EXE, "application/pdf"))],
    )
    assert "<script>alert" not in response.text
    assert soup(response).select_one("#meddelande-text").get_text() == SCRIPT
