"""A resident in real Chromium: the catalog, an e-service, a question in the FAQ."""

import re

import pytest
from playwright.sync_api import expect

from a11y import wcag_violations
from helpers import site_url


@pytest.fixture
def portal_url(demo_functional):
    return site_url(demo_functional)


def test_catalog_to_eservice_to_faq_question(page, portal_url):
    page.goto(portal_url)
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Självserviceportal")
    assert wcag_violations(page) == []

    # Search with the keyboard only.
    page.get_by_label("Sök bland e-tjänster och blanketter").fill("bygglov")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("för ”bygglov”")
    page.get_by_role("link", name="Ansökan om bygglov").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ansökan om bygglov")
    expect(page.get_by_role("link", name="Starta e-tjänsten")).to_be_visible()
    assert wcag_violations(page) == []

    page.go_back()
    page.go_back()
    page.get_by_role("link", name="Frågor och svar").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Frågor och svar")
    assert wcag_violations(page) == []

    question = page.locator("details#skillnad-e-tjanst-och-blankett")
    answer = question.locator(".etjanster-faq__answer")
    expect(answer).to_be_hidden()
    question.locator("summary").click()
    expect(answer).to_be_visible()
    expect(answer).to_contain_text("blankett")

    # The same with the keyboard: focus the next question and press Enter.
    next_question = page.locator("details#varfor-syns-inte-e-tjansten")
    next_question.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(next_question).to_have_attribute("open", "")


def test_link_to_a_question_opens_it(page, portal_url):
    page.goto(f"{portal_url}/e-tjanster/fragor-och-svar#vilka-e-legitimationer")
    question = page.locator("details#vilka-e-legitimationer")
    expect(question).to_have_attribute("open", "")
    expect(question.locator(".etjanster-faq__answer")).to_contain_text("Freja")


def test_external_eservice_button_says_it_opens_another_system(page, portal_url):
    page.goto(f"{portal_url}/e-tjanster/bokning-av-lokal")
    button = page.get_by_role(
        "link", name="Starta e-tjänsten (öppnar ett annat system)", exact=True
    )
    expect(button).to_have_attribute("href", re.compile(r"^https://"))
    expect(page.get_by_text("Ärendet kan inte följas på Mina sidor")).to_be_visible()
    assert wcag_violations(page) == []


def test_unavailable_eservice_is_announced_without_a_start_button(page, portal_url):
    page.goto(f"{portal_url}/e-tjanster/ansokan-om-foreningsbidrag")
    expect(
        page.get_by_role("heading", name="E-tjänsten är inte tillgänglig just nu")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Starta e-tjänsten")).to_have_count(0)


def test_the_first_tab_offers_a_skip_past_the_header_to_the_content(page, portal_url):
    for address in (portal_url, f"{portal_url}/e-tjanster/ansokan-om-bygglov"):
        page.goto(address)
        skip = page.get_by_role("link", name="Hoppa till innehållet")
        page.keyboard.press("Tab")
        expect(skip).to_be_focused()
        expect(skip).to_be_visible()  # shown while it has the focus
        assert wcag_violations(page) == []
        page.keyboard.press("Enter")
        assert page.url.endswith("#content")
        # The next stop is inside the content, not the header's search or menu.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('#content') !== null"), (
            page.evaluate("document.activeElement.outerHTML")
        )
