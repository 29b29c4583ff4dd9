"""The journey of issue 5 in real Chromium, on the demo site with its demo accounts.

A resident sends in "Anmälan om ändrad inkomst"; the demo case officer logs in through
Plone's login form, takes the case from the queue and asks for completion; the
resident sees that on Mina sidor and answers with a PDF; the officer reads it and
closes the case with a decision; the resident reads the decision on Mina sidor. The
notices go through a real SMTP server and say nothing of the case.
"""

import email
import email.policy
import re

from e2e.conftest import assert_no_csp_violations
from e2e.conftest import watch_csp
from playwright.sync_api import expect
from test_eid_login import scan_qr
from test_eservice_journey import approve
from test_eservice_journey import portal  # noqa: F401 - demo site, mail sink

from a11y import wcag_violations
from helpers import make_pdf_bytes

EMAIL = "anna.andersson@example.se"
ESERVICE = "anmalan-om-andrad-inkomst"
OFFICER = ("handlaggare-skola", "handlaggare-skola-demo")  # a documented demo account
DECISION = "Avgiften ändras från den 1 december enligt den nya inkomsten."


def heading(page):
    return page.get_by_role("heading", level=1)


def send_in_as_resident(page, site, control):
    page.goto(f"{site}/e-tjanster/{ESERVICE}")
    page.get_by_role("link", name="Starta e-tjänsten").click()
    page.get_by_role("button", name="Mobilt BankID på en annan enhet").click()
    approve(control, scan_qr(page))
    page.wait_for_url(f"{site}/e-tjanster/{ESERVICE}/@@start")
    page.get_by_role("button", name="Starta").click()
    page.get_by_label("E-post").fill(EMAIL)
    page.get_by_label("Från vilket datum gäller den nya inkomsten?").fill("2026-12-01")
    page.get_by_label("Din inkomst per månad före skatt, i kronor").fill("31500")
    page.get_by_label("Vad har ändrats?").fill("Ny anställning från december.")
    page.get_by_role("button", name="Nästa").click()
    expect(heading(page)).to_contain_text("Granska")
    page.get_by_role("button", name="Skicka in").click()
    page.wait_for_url("**/@@bekraftelse")
    return page.locator(".etjanster-received__number").inner_text().strip()


def log_in_as_officer(page, site):
    page.goto(f"{site}/login")
    page.locator("#__ac_name").fill(OFFICER[0])
    page.locator("#__ac_password").fill(OFFICER[1])
    page.locator("#__ac_password").press("Enter")
    page.wait_for_load_state()
    page.goto(f"{site}/@@handlaggning")
    expect(heading(page)).to_have_text("Handläggning")


def case_row(page, number):
    return page.locator("tbody tr").filter(has_text=number)


def test_a_case_from_submission_through_completion_to_decision(
    page,
    chromium,
    portal,  # noqa: F811 - the imported fixture
    tmp_path,
):
    site, control, mail = portal
    number = send_in_as_resident(page, site, control)
    assert re.fullmatch(r"ETJ-\d{4}-\d{6}", number)

    # The officer takes the case from the queue and asks for a completion.
    officer_context = chromium.new_context(locale="sv-SE")
    officer_csp = watch_csp(officer_context)
    officer = officer_context.new_page()
    officer.set_default_timeout(15_000)
    log_in_as_officer(officer, site)
    case_row(officer, number).get_by_role("button", name="Ta ärendet").click()
    expect(heading(officer)).to_have_text(f"Ärende {number}")  # on to the case
    officer_main = officer.get_by_role("main")
    expect(officer_main).to_contain_text("Under handläggning")
    expect(officer_main).to_contain_text("Ny anställning från december.")
    officer.get_by_label("Meddelande till den sökande").fill(
        "Skicka ditt anställningsavtal, tack."
    )
    officer.get_by_role("button", name="Begär komplettering").click()
    expect(officer.get_by_role("main")).to_contain_text("Väntar på den sökande")

    # The resident sees it on Mina sidor and answers with the contract.
    page.goto(f"{site}/e-tjanster/mina-sidor")
    expect(heading(page)).to_have_text("Mina sidor")
    row = page.locator("tr, li").filter(has_text=number).first
    expect(row).to_contain_text("Väntar på komplettering från dig")
    assert wcag_violations(page) == []
    row.get_by_role("link").first.click()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Skicka ditt anställningsavtal, tack.")
    contract = tmp_path / "anstallningsavtal.pdf"
    contract.write_bytes(make_pdf_bytes("Anställningsavtal"))
    page.get_by_label("Meddelande", exact=True).fill("Här är avtalet.")
    page.get_by_label("Bifoga filer").set_input_files(contract)
    page.get_by_role("button", name="Skicka meddelandet").click()
    expect(main).to_contain_text("anstallningsavtal.pdf")
    assert wcag_violations(page) == []

    # The officer reads the answer and its file, and closes the case.
    officer.reload()
    expect(officer_main).to_contain_text("Här är avtalet.")
    with officer.expect_download() as download:
        officer.get_by_role("link", name=re.compile("anstallningsavtal.pdf")).click()
    assert download.value.suggested_filename == "anstallningsavtal.pdf"
    officer.get_by_label("Beslut").fill(DECISION)
    officer.get_by_role("button", name="Avsluta ärendet").click()
    expect(officer_main).to_contain_text("Avslutat")

    # The resident reads the decision.
    page.goto(f"{site}/e-tjanster/mina-sidor")
    closed = page.locator("tr, li").filter(has_text=number).first
    expect(closed).to_contain_text("Avslutat")
    closed.get_by_role("link").first.click()
    expect(page.get_by_role("main")).to_contain_text(DECISION)
    assert wcag_violations(page) == []
    assert_no_csp_violations(officer_csp)  # the resident's: by the page fixture

    # The notices: to the resident without any content, to the unit with the number.
    messages = [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.SMTP)
        for path in sorted(mail.glob("*.eml"))
    ]
    to_resident = [m for m in messages if m["To"] == EMAIL]
    notices = [m for m in to_resident if "Mina sidor" in m["Subject"]]
    assert len(notices) >= 3  # taken (review started), completion asked, closed
    for notice in notices:
        body = notice.get_body(("plain",)).get_content()
        assert number not in body and "inkomst" not in body.lower()
        assert DECISION not in body and "avtal" not in body
        assert f"{site}/e-tjanster/mina-sidor" in body
    to_unit = [m for m in messages if number in m["Subject"] and m["To"] != EMAIL]
    assert any("Nytt meddelande" in m["Subject"] for m in to_unit)
