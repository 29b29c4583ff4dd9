"""The workspace in real Chromium: axe finds no WCAG 2.1 AA violation on the queue
and on a handling page with messages, a note, a decision refused for want of text
(the error summary takes the focus), and a closed case."""

import base64

from chromium_thread import in_chromium
from e2e.a11y import wcag_violations
from handling_site import ANNA
from handling_site import PASSWORD
from playwright.sync_api import expect
from test_workspace_support import handling_url
from test_workspace_support import make_cases
from test_workspace_support import queue_url
from test_workspace_support import staff


def as_hanna_in_chromium(steps):
    """Run ``steps(page)`` in Chromium as Hanna (basic auth on every request)."""
    credentials = base64.b64encode(f"hanna:{PASSWORD}".encode()).decode()
    in_chromium(steps, headers={"Authorization": f"Basic {credentials}"})


def test_the_queue_and_a_handling_page_meet_wcag_21_aa(handling):
    anna, case_url = handling.submitted_case(ANNA)
    make_cases(handling, 22)
    sent = anna.post(f"{case_url}/@messages", json={"text": "Hur lång tid tar det?"})
    assert sent.status_code == 201
    hanna = staff(handling, "hanna")
    hanna.press(handling_url(case_url), "take")
    hanna.press(handling_url(case_url), "note", data={"note": "Ring grannen."})
    as_hanna_in_chromium(lambda page: steps(page, queue_url(handling)))


def steps(page, queue):
    page.goto(queue)
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Handläggning")
    assert page.title().startswith("Handläggning")
    expect(page.get_by_role("button", name="Ta ärendet").first).to_be_visible()
    assert wcag_violations(page) == []

    # Only my cases, and on to the one.
    page.get_by_label("Mina ärenden").check()
    page.get_by_role("button", name="Visa").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    page.locator("tbody tr a").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ärende ETJ-2026-000001")
    expect(
        page.get_by_text("Intern anteckning – syns inte för den sökande")
    ).to_be_visible()
    assert wcag_violations(page) == []

    # Closing without a decision: the error summary takes the focus and leads to
    # the field.
    page.get_by_role("button", name="Avsluta ärendet").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("Det finns fel i formuläret")
    assert page.title().startswith("Fel: ")
    assert wcag_violations(page) == []
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    decision = page.get_by_label("Beslut")
    expect(decision).to_have_attribute("aria-invalid", "true")
    decision.fill("Bygglov beviljas.")
    page.get_by_role("button", name="Avsluta ärendet").click()
    expect(
        page.get_by_text("Ärendet är avslutat. Den sökande kan läsa beslutet.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Öppna igen")).to_be_visible()
    assert wcag_violations(page) == []
