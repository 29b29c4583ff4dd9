"""The navigation portlet inside the portal: drawn once per catalog change for
anonymous visitors (``browser/navigation.py``), exactly as Plone draws it."""

import pytest
from plone import api
from plone.app.portlets.portlets.navigation import Renderer as PloneRenderer
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import login
from plone.app.testing import logout
from plone.portlets.interfaces import IPortletAssignmentMapping
from plone.portlets.interfaces import IPortletManager
from plone.portlets.interfaces import IPortletRenderer
from zope.component import getMultiAdapter
from zope.component import getUtility
from zope.interface import alsoProvides

from atvidaberg.etjanster.browser.navigation import NavigationRenderer
from atvidaberg.etjanster.interfaces import IBrowserLayer


@pytest.fixture
def draw(demo_integration):
    portal = demo_integration["portal"]
    request = demo_integration["request"]
    alsoProvides(request, IBrowserLayer)
    manager = getUtility(IPortletManager, name="plone.leftcolumn", context=portal)
    assignment = getMultiAdapter((portal, manager), IPortletAssignmentMapping)[
        "navigation"
    ]

    def draw(path, renderer_class=None):
        context = portal.unrestrictedTraverse(path)
        view = context.restrictedTraverse("@@view")
        args = (context, request, view, manager, assignment)
        if renderer_class is None:
            renderer = getMultiAdapter(args, IPortletRenderer)
        else:
            renderer = renderer_class(*args)
        renderer.update()
        return renderer, renderer.render() if renderer.available else None

    return draw


def test_anonymous_visitors_get_plones_portlet_from_the_cache(draw):
    logout()
    renderer, first = draw("e-tjanster/ansokan-om-bygglov")
    assert isinstance(renderer, NavigationRenderer)
    assert "navTreeCurrentItem" in first
    assert draw("e-tjanster/ansokan-om-bygglov")[1] == first
    assert draw("e-tjanster/ansokan-om-bygglov", PloneRenderer)[1] == first
    # Another page has its own current item.
    assert draw("e-tjanster/fragor-och-svar")[1] != first


def test_a_catalog_change_shows_at_once(draw, demo_integration):
    logout()
    before = draw("e-tjanster/ansokan-om-bygglov")[1]
    folder = demo_integration["portal"]["e-tjanster"]["blanketter"]
    folder.title = "Blanketter att skriva ut"
    folder.reindexObject()
    after = draw("e-tjanster/ansokan-om-bygglov")[1]
    assert after != before
    assert "Blanketter att skriva ut" in after
    assert after == draw("e-tjanster/ansokan-om-bygglov", PloneRenderer)[1]


def test_a_logged_in_visitor_gets_the_tree_of_their_roles(draw, demo_integration):
    portal = demo_integration["portal"]
    with api.env.adopt_roles(["Manager"]):
        api.content.create(
            container=portal["e-tjanster"], type="Folder", id="utkast", title="Utkast"
        )
    logout()
    anonymous = draw("e-tjanster/ansokan-om-bygglov")[1]
    assert "Utkast" not in anonymous  # private
    login(portal, TEST_USER_NAME)
    with api.env.adopt_roles(["Manager"]):
        assert "Utkast" in draw("e-tjanster/ansokan-om-bygglov")[1]


def test_the_portlets_settings_show_at_once(draw):
    logout()
    renderer, before = draw("e-tjanster/ansokan-om-bygglov")
    assert "Hitta här" not in before
    renderer.data.name = "Hitta här"
    assert "Hitta här" in draw("e-tjanster/ansokan-om-bygglov")[1]


def test_what_the_catalog_does_not_see_shows_within_the_minute(draw, monkeypatch):
    from atvidaberg.etjanster.listing import shared

    logout()
    before = draw("e-tjanster/ansokan-om-bygglov")[1]
    assert "/e-tjanster/blanketter" in before
    types = api.portal.get_registry_record("plone.displayed_types")
    api.portal.set_registry_record(
        "plone.displayed_types", tuple(t for t in types if t != "Folder")
    )
    assert draw("e-tjanster/ansokan-om-bygglov")[1] == before  # kept
    later = shared.period() + 1
    monkeypatch.setattr(shared, "period", lambda: later)
    assert "/e-tjanster/blanketter" not in draw("e-tjanster/ansokan-om-bygglov")[1]
