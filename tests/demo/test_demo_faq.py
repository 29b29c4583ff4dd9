"""Frågor och svar in the demo portal."""

import pytest
from plone import api


@pytest.fixture
def faq(portal):
    return portal["e-tjanster"]["fragor-och-svar"]


def _items(faq):
    return [
        item
        for section in faq.listFolderContents({"portal_type": "FAQSection"})
        for item in section.listFolderContents({"portal_type": "FAQItem"})
    ]


def test_faq_is_published_with_sections_and_ten_questions(faq, find_as):
    assert faq.portal_type == "FAQ"
    assert faq.Title() == "Frågor och svar"
    sections = faq.listFolderContents({"portal_type": "FAQSection"})
    assert len(sections) >= 3
    items = _items(faq)
    assert len(items) >= 10
    assert all(item.Title().endswith("?") for item in items)
    visible = {b.getId for b in find_as(None, portal_type="FAQItem")}
    assert {item.getId() for item in items} <= visible
    assert api.content.get_state(faq) == "published"


def test_question_ids_are_unique_anchors(faq):
    ids = [item.getId() for item in _items(faq)]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    "fact",
    [
        "Mina sidor",
        "BankID",
        "Mobilt BankID",
        "Freja eID+",
        "e-legitimation.se",
        "skyddade personuppgifter",
        "inkommen handling",
        "offentlighets- och sekretesslagen",
        "medarbetare eller förtroendevald",
        "webbläsare",
        "0120-830 00",
        "kontakt@atvidaberg.se",
    ],
)
def test_answers_cover_the_contact_centres_topics(faq, fact):
    answers = " ".join(item.answer.output for item in _items(faq))
    assert fact in answers


def test_saved_application_is_not_received(faq):
    answer = faq["mina-sidor"]["sparad-ansokan"].answer.output
    assert "ingen inkommen handling" in answer
