"""What anonymous visitors share of the catalog page and the FAQ is kept until the
catalog changes (``listing/shared.py``, issue 11); logged-in visitors get theirs drawn.
"""

import pytest
from plone import api
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import login
from plone.app.testing import logout
from zope.annotation.interfaces import IAnnotations
from zope.component import getMultiAdapter
from zope.interface import alsoProvides

from atvidaberg.etjanster.controlpanel.settings import REGISTRY_PREFIX
from atvidaberg.etjanster.interfaces import IBrowserLayer
from atvidaberg.etjanster.listing import shared

from helpers import make_eservice


@pytest.fixture
def page(demo_integration):
    portal = demo_integration["portal"]
    request = demo_integration["request"]
    alsoProvides(request, IBrowserLayer)

    def page(path, name):
        """The view as a new request gets it: nothing memoized on the request."""
        IAnnotations(request).clear()
        request.form.pop("q", None)
        return getMultiAdapter((portal.unrestrictedTraverse(path), request), name=name)

    return page


def browse(page):
    view = page("e-tjanster", "eservice-catalog")
    view.update()
    return view.browse_html()


def test_a_new_eservice_shows_at_once(page, demo_integration):
    logout()
    before = browse(page)
    assert browse(page) == before
    assert page("e-tjanster", "eservice-catalog")._browse() == before
    with api.env.adopt_roles(["Manager"]):
        make_eservice(
            demo_integration["portal"]["e-tjanster"],
            "ansokan-om-torgplats",
            title="Ansökan om torgplats",
        )
    after = browse(page)
    assert "Ansökan om torgplats" in after
    assert after == page("e-tjanster", "eservice-catalog")._browse()


def test_the_categories_show_within_the_minute(page, monkeypatch):
    logout()
    before = browse(page)
    record = f"{REGISTRY_PREFIX}.categories"
    categories = api.portal.get_registry_record(record)
    api.portal.set_registry_record(record, list(reversed(categories)))
    assert browse(page) == before  # not in the catalog: kept
    later = shared.period() + 1
    monkeypatch.setattr(shared, "period", lambda: later)
    assert browse(page) != before


def test_logged_in_visitors_get_the_page_of_their_roles(page, demo_integration):
    with api.env.adopt_roles(["Manager"]):
        make_eservice(
            demo_integration["portal"]["e-tjanster"],
            "personalens-tillbud",
            title="Personalens tillbud",
            audience="employees",
        )
    logout()
    assert "Personalens tillbud" not in browse(page)
    login(demo_integration["portal"], TEST_USER_NAME)
    with api.env.adopt_roles(["Manager"]):
        assert "Personalens tillbud" in browse(page)


def test_the_faq_is_read_once_per_catalog_change(page):
    logout()
    faq = "e-tjanster/fragor-och-svar"
    sections = page(faq, "faq-view").sections()
    sections[0]["title"] = "changed by a caller"  # a copy: the kept one is untouched
    assert page(faq, "faq-view").sections() != sections
    first = page(faq, "faq-view").sections()
    question_id = first[0]["questions"][0]["id"]
    folder = api.content.get(path=f"/{faq}")
    question = next(
        obj
        for section in folder.objectValues()
        for obj in section.objectValues()
        if obj.getId() == question_id
    )
    question.title = "Hur loggar jag in?"
    assert page(faq, "faq-view").sections() == first  # not indexed yet
    question.reindexObject()
    assert page(faq, "faq-view").sections()[0]["questions"][0]["question"] == (
        "Hur loggar jag in?"
    )
