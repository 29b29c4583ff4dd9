"""The whole journey of issue 4 in real Chromium, on the demo site.

A resident logs in with Mobilt BankID (the QR code read off the screen), fills in the
multi-step "Ansökan om bygglov", saves, logs out, logs in again and resumes, attaches
PDFs, signs, sends in, downloads the receipt; the municipality's mailbox gets the
delivery through a real SMTP server.
"""

import email
import email.policy
import re
import subprocess

import httpx
import pytest
import transaction
from playwright.sync_api import expect
from test_eid_login import scan_qr

from atvidaberg.etjanster.delivery import runner
from atvidaberg.etjanster.delivery.sink import start_sink

from a11y import wcag_violations
from helpers import make_pdf_bytes
from helpers import site_url

ANNA = "198001019820"
EMAIL = "anna.andersson@example.se"


@pytest.fixture
def portal(demo_functional, eid_site, simulators, tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "DISPATCH", "sync")  # deliver in the committing thread
    sink = start_sink(tmp_path / "mail")
    registry = demo_functional["portal"].portal_registry
    registry["plone.smtp_host"] = "127.0.0.1"
    registry["plone.smtp_port"] = sink.port
    transaction.commit()
    running, _ = simulators
    yield site_url(demo_functional), running.url("control"), tmp_path / "mail"
    sink.stop()


def log_in_with_bankid(page, site, control):
    page.goto(f"{site}/e-tjanster/ansokan-om-bygglov")
    page.get_by_role("link", name="Starta e-tjänsten").click()
    page.get_by_role("button", name="Mobilt BankID på en annan enhet").click()
    approve(control, scan_qr(page))
    page.wait_for_url(f"{site}/e-tjanster/ansokan-om-bygglov/@@start")


def approve(control, qr):
    response = httpx.post(
        f"{control}/sim/bankid/approve", json={"qr": qr, "personalNumber": ANNA}
    )
    assert response.status_code == 200, response.text


def heading(page):
    return page.get_by_role("heading", level=1)


def test_apply_for_a_building_permit_from_start_to_receipt(page, portal, tmp_path):
    site, control, mail = portal
    log_in_with_bankid(page, site, control)
    page.get_by_role("button", name="Starta").click()

    # Step 1: the details come from the login and the register.
    expect(page.get_by_text("Steg 1 av 4")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Anna Andersson")
    expect(page.get_by_label("Gatuadress")).to_have_value("Storgatan 12")
    page.get_by_label("E-post").fill(EMAIL)
    assert wcag_violations(page) == []
    page.get_by_role("button", name="Nästa").click()

    # Step 2: part of it, then "save and continue later".
    expect(page.get_by_text("Steg 2 av 4")).to_be_visible()
    page.get_by_label("Fastighetsbeteckning").fill("Åtvidaberg Mården 4")
    page.get_by_label("Vad söker du lov för?").select_option("Tillbyggnad")
    page.get_by_role("button", name="Spara och fortsätt senare").click()
    expect(page.get_by_role("main")).to_contain_text("Mina sidor")

    # Log out, log in again, and continue where we left off.
    page.goto(f"{site}/logout")
    log_in_with_bankid(page, site, control)
    page.get_by_role("link", name="Fortsätt där du slutade").first.click()
    expect(page.get_by_label("Fastighetsbeteckning")).to_have_value(
        "Åtvidaberg Mården 4"
    )
    expect(page.get_by_label("Vad söker du lov för?")).to_have_value("Tillbyggnad")

    # A missing answer is reported at the top and at the field.
    page.get_by_role("button", name="Nästa").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Det finns fel i formuläret")
    expect(page).to_have_title(re.compile(r"^Fel: "))
    assert wcag_violations(page) == []
    page.get_by_label("Vilken sorts byggnad gäller det?").select_option("Enbostadshus")
    page.get_by_label("Beskriv vad du vill göra").fill(
        "Ett uterum på 15 kvadratmeter mot söder. <script>alert(1)</script>"
    )
    page.get_by_role("button", name="Nästa").click()

    # Step 3: optional details.
    expect(page.get_by_text("Steg 3 av 4")).to_be_visible()
    page.get_by_label("Byggnadsarea i kvadratmeter").fill("15")
    page.get_by_role("button", name="Nästa").click()

    # Step 4: the attachments, as PDF.
    expect(page.get_by_text("Steg 4 av 4")).to_be_visible()
    plan = tmp_path / "situationsplan.pdf"
    plan.write_bytes(make_pdf_bytes("Situationsplan"))
    drawings = tmp_path / "ritningar.pdf"
    drawings.write_bytes(make_pdf_bytes("Ritningar"))
    page.get_by_label("Situationsplan").set_input_files(plan)
    page.get_by_label("Ritningar").first.set_input_files(drawings)
    page.get_by_role("button", name="Nästa").click()

    # Review: every answer and file, then sign.
    expect(heading(page)).to_contain_text("Granska")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Åtvidaberg Mården 4")
    expect(main).to_contain_text("<script>alert(1)</script>")  # shown as text
    expect(main).to_contain_text("situationsplan.pdf")
    expect(main).to_contain_text("ritningar.pdf")
    assert wcag_violations(page) == []
    page.get_by_role("link", name="Signera och skicka in").click()

    expect(heading(page)).to_have_text("Signera och skicka in")
    expect(page.locator(".etjanster-sign-text")).to_contain_text("Anna Andersson")
    assert wcag_violations(page) == []
    page.get_by_role("button", name="Mobilt BankID på en annan enhet").click()
    approve(control, scan_qr(page))

    # The confirmation: the number and the receipt.
    page.wait_for_url("**/@@bekraftelse")
    expect(heading(page)).to_contain_text("Tack")
    number = page.locator(".etjanster-received__number").inner_text().strip()
    assert number.startswith("ETJ-") and len(number) == len("ETJ-2026-000001")
    assert wcag_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner kvittens (PDF)").click()
    receipt = tmp_path / "kvittens.pdf"
    download.value.save_as(receipt)
    text = subprocess.run(
        ["pdftotext", str(receipt), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert number in text
    assert "Signerad med BankID av Anna Andersson" in " ".join(text.split())

    # The municipality's mailbox, and the resident's confirmation.
    messages = [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.SMTP)
        for path in sorted(mail.glob("*.eml"))
    ]
    delivery = [m for m in messages if number in m["Subject"] and EMAIL not in m["To"]]
    assert len(delivery) == 1
    files = {part.get_filename() for part in delivery[0].iter_attachments()}
    assert {"situationsplan.pdf", "ritningar.pdf", "underskrift.json"} <= files
    confirmation = [m for m in messages if EMAIL in m["To"]]
    assert len(confirmation) == 1
    assert number in confirmation[0].get_body(("plain",)).get_content()
