"""Mina sidor in real Chromium: axe finds no WCAG 2.1 AA violation on the lists, the
case page (with messages, an error and a decision) and the draft's removal, and a
refused file is reached from the error summary by keyboard."""

from chromium_thread import in_chromium
from e2e.a11y import wcag_violations
from handling_site import ANNA
from mina_sidor_pages import browser
from mina_sidor_pages import officer_closes
from mina_sidor_pages import officer_writes
from mina_sidor_pages import start_draft
from playwright.sync_api import expect

from helpers import make_pdf_bytes

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def test_mina_sidor_and_a_case_meet_wcag_21_aa(handling):
    anna = browser(handling.resident(ANNA))
    _, ongoing = handling.submitted_case(ANNA)
    _, closed = handling.submitted_case(ANNA, eservice="skolskjuts")
    draft = start_draft(anna)
    officer_writes(
        handling,
        ongoing,
        "Skicka en situationsplan, tack.",
        request_completion=True,
    )
    officer_closes(
        handling, closed, "Skolskjuts beviljas från och med januari.", username="olle"
    )

    in_chromium(
        lambda page: steps(page, handling.url, draft, closed),
        url=handling.url,
        cookies=list(anna.cookies.jar),
    )


def steps(page, url, draft, closed):
    """What Anna does in the browser, and what axe says of each page."""
    page.goto(f"{url}/e-tjanster/mina-sidor")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina sidor")
    expect(page.get_by_role("heading", level=2, name="Pågående")).to_be_visible()
    assert page.title().startswith("Mina sidor")
    assert wcag_violations(page) == []

    # The draft's removal asks first.
    page.get_by_role("link", name="Ta bort Ansökan om bygglov").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ta bort utkastet?")
    assert wcag_violations(page) == []
    page.get_by_role("link", name="Nej, behåll det").click()
    expect(
        page.get_by_role("link", name="Fortsätt Ansökan om bygglov")
    ).to_have_attribute("href", draft)

    # The case waiting for completion, with the officer's request.
    page.locator(".etjanster-case-list--ongoing").get_by_role(
        "link", name="Ansökan om bygglov"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ansökan om bygglov")
    expect(
        page.get_by_role("heading", name="Vi väntar på din komplettering")
    ).to_be_visible()
    assert wcag_violations(page) == []

    # A refused file: the summary takes the focus and leads to the field.
    page.get_by_label("Meddelande", exact=True).fill("Här är planen.")
    page.get_by_label("Bifoga filer").set_input_files(
        [{"name": "plan.pdf", "mimeType": "application/pdf", "buffer": EXE}]
    )
    page.get_by_role("button", name="Skicka meddelandet").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    assert page.title().startswith("Fel: ")
    expect(page.get_by_label("Meddelande", exact=True)).to_have_value("Här är planen.")
    assert wcag_violations(page) == []
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Bifoga filer")).to_be_focused()

    # The same message with a real PDF goes through.
    page.get_by_label("Bifoga filer").set_input_files(
        [
            {
                "name": "plan.pdf",
                "mimeType": "application/pdf",
                "buffer": make_pdf_bytes("Plan"),
            }
        ]
    )
    page.get_by_role("button", name="Skicka meddelandet").click()
    expect(page.get_by_text("Ditt meddelande är skickat.")).to_be_visible()
    expect(page.get_by_role("link", name="plan.pdf")).to_be_visible()
    assert wcag_violations(page) == []

    # A closed case: the decision, and whom to contact instead of the form.
    page.goto(f"{closed}/@@mitt-arende")
    expect(page.get_by_role("heading", name="Beslut")).to_be_visible()
    expect(
        page.get_by_text("Skolskjuts beviljas från och med januari.").first
    ).to_be_visible()
    expect(page.get_by_role("button", name="Skicka meddelandet")).to_have_count(0)
    assert wcag_violations(page) == []
