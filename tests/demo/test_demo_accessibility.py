"""The accessibility statement and the footer link to it."""

import pytest
from plone import api


@pytest.fixture
def statement(portal):
    return portal["tillganglighetsredogorelse"]


def test_statement_is_a_published_page_at_the_site_root(statement, find_as):
    assert statement.portal_type == "Document"
    assert statement.Title() == "Tillgänglighetsredogörelse"
    assert api.content.get_state(statement) == "published"
    assert [b.getId for b in find_as(None, getId="tillganglighetsredogorelse")] == [
        "tillganglighetsredogorelse"
    ]


@pytest.mark.parametrize(
    "part",
    [
        "lagen (2018:1937) om tillgänglighet till digital offentlig service",
        "Hur tillgänglig är webbplatsen?",
        "delvis förenlig",
        "PDF",
        "QR-kod",
        "kontakt@atvidaberg.se",
        "0120-830 00",
        "https://www.digg.se/tdosanmalan",
        "Hur vi testat webbplatsen",
        "Redogörelsen upprättades den",
    ],
)
def test_statement_follows_diggs_model(statement, part):
    assert part in statement.text.output


def test_footer_links_to_the_statement(portal):
    actions = portal.portal_actions.listFilteredActionsFor(portal)["site_actions"]
    by_title = {a["title"]: a["url"] for a in actions}
    assert by_title["Tillgänglighetsredogörelse"] == (
        portal.absolute_url() + "/tillganglighetsredogorelse"
    )
    # Plone's generic accessibility page is not offered beside it.
    assert "accessibility" not in {a["id"] for a in actions}
