"""Logging in with e-legitimation in real Chromium; the test plays the phone's app.

It reads the QR code off the page as a phone camera would (zxing-cpp decodes the
screenshot) and hands it to the simulator's app endpoint.
"""

import io
from urllib.parse import parse_qs
from urllib.parse import urlsplit

import httpx
import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from a11y import wcag_violations
from helpers import site_url

ANNA = "198001019820"


@pytest.fixture
def portal(demo_functional, eid_site, simulators):
    running, _ = simulators
    return site_url(demo_functional), running.url("control")


def scan_qr(page):
    qr = page.locator("img.etjanster-eid-qr")
    expect(qr).to_be_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=qr.element_handle()
    )
    [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))
    return code.text


def test_bankid_on_another_device(page, portal):
    site, control = portal
    page.goto(f"{site}/e-tjanster/ansokan-om-bygglov")
    page.get_by_role("link", name="Starta e-tjänsten").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Logga in med e-legitimation"
    )
    expect(page.get_by_text("Testläge: simulerad e-legitimation.")).to_be_visible()
    assert wcag_violations(page) == []

    page.get_by_role("button", name="Mobilt BankID på en annan enhet").click()
    expect(page.get_by_role("status")).to_contain_text("BankID")
    scanned = scan_qr(page)
    assert scanned.startswith("bankid.")
    response = httpx.post(
        f"{control}/sim/bankid/approve", json={"qr": scanned, "personalNumber": ANNA}
    )
    assert response.status_code == 200, response.text

    # Back where the resident was going, logged in under the register's name.
    page.wait_for_url(f"{site}/e-tjanster/ansokan-om-bygglov/@@start")
    expect(page.get_by_role("banner")).to_contain_text("Anna Andersson")
    expect(page.locator("#edit-zone")).to_have_count(
        0
    )  # residents get no editing toolbar


def test_freja_eid(page, portal):
    site, control = portal
    page.goto(f"{site}/@@eid-login")
    page.get_by_role("button", name="Freja eID+").click()
    link = scan_qr(page)
    assert link.startswith("frejaeid://bindUserToTransaction?")
    reference = parse_qs(urlsplit(link).query)["transactionReference"][0]
    response = httpx.post(
        f"{control}/sim/freja/approve", json={"ref": reference, "ssn": ANNA}
    )
    assert response.status_code == 200, response.text
    page.wait_for_url(site)
    expect(page.get_by_role("banner")).to_contain_text("Anna Andersson")
    expect(page.locator("#edit-zone")).to_have_count(
        0
    )  # residents get no editing toolbar


def test_cancel_returns_to_the_choice(page, portal):
    site, _ = portal
    page.goto(f"{site}/@@eid-login")
    page.get_by_role("button", name="Mobilt BankID på en annan enhet").click()
    expect(page.locator("img.etjanster-eid-qr")).to_be_visible()
    page.get_by_role("button", name="Avbryt").click()
    expect(
        page.get_by_role("button", name="Mobilt BankID på en annan enhet")
    ).to_be_visible()
    expect(page.locator("img.etjanster-eid-qr")).to_be_hidden()
