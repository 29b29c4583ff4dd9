"""Who sees an e-service: audience, workflow state and the communicators' rights."""

import pytest
from plone import api
from plone.app.testing import login
from plone.app.testing import logout

from helpers import make_eservice
from helpers import make_portal
from helpers import make_user

PASSWORD = "ett-långt-lösenord-42"


@pytest.fixture
def portal(integration):
    site = integration["portal"]
    with api.env.adopt_roles(["Manager"]):
        catalog_page = make_portal(site)
        for username, group in (
            ("kommunikator", "Kommunikatorer"),
            ("medarbetare", "Medarbetare"),
            ("fortroendevald", "Fortroendevalda"),
            ("invanare", None),
        ):
            make_user(username, PASSWORD, group)
    return catalog_page


def visible_titles(site, username=None):
    if username:
        login(site, username)
    else:
        logout()
    return sorted(b.Title for b in api.content.find(portal_type="EService"))


def test_publishing_follows_the_audience(portal):
    with api.env.adopt_roles(["Manager"]):
        public = make_eservice(portal, "publik", publish=False)
        internal = make_eservice(portal, "intern", publish=False, audience="employees")
        wf = api.portal.get_tool("portal_workflow")
        assert [t["id"] for t in wf.getTransitionsFor(public)] == ["publish"]
        assert [t["id"] for t in wf.getTransitionsFor(internal)] == ["publish_internal"]


def test_changing_the_audience_of_a_published_eservice_moves_it(portal, integration):
    from zope.event import notify
    from zope.lifecycleevent import ObjectModifiedEvent

    site = integration["portal"]
    with api.env.adopt_roles(["Manager"]):
        eservice = make_eservice(portal, "snart-intern", title="Snart intern")
    assert api.content.get_state(eservice) == "published"
    assert visible_titles(site) == ["Snart intern"]

    login(site, "kommunikator")
    eservice.audience = "employees"
    notify(ObjectModifiedEvent(eservice))
    assert api.content.get_state(eservice) == "internal"
    assert visible_titles(site) == []
    assert visible_titles(site, "invanare") == []
    assert visible_titles(site, "fortroendevald") == []
    assert visible_titles(site, "medarbetare") == ["Snart intern"]

    login(site, "kommunikator")
    eservice.audience = "everyone"
    notify(ObjectModifiedEvent(eservice))
    assert api.content.get_state(eservice) == "published"
    assert visible_titles(site) == ["Snart intern"]


def test_elected_officials_see_their_own_internal_eservices(portal, integration):
    site = integration["portal"]
    with api.env.adopt_roles(["Manager"]):
        make_eservice(portal, "arvode", title="Arvode", audience="elected_officials")
    assert visible_titles(site, "fortroendevald") == ["Arvode"]
    assert visible_titles(site, "medarbetare") == []


def test_communicator_creates_edits_and_publishes_in_the_portal(portal, integration):
    site = integration["portal"]
    login(site, "kommunikator")
    eservice = api.content.create(
        container=portal, type="EService", id="ny", title="Ny"
    )
    blankett_allowed = [fti.getId() for fti in portal.allowedContentTypes()]
    assert {"EService", "Blankett", "FAQ"} <= set(blankett_allowed)
    assert api.user.has_permission("Modify portal content", obj=eservice)
    api.content.transition(eservice, "publish")
    assert api.content.get_state(eservice) == "published"


def test_communicator_has_no_rights_outside_the_portal(portal, integration):
    site = integration["portal"]
    login(site, "kommunikator")
    assert not api.user.has_permission("Add portal content", obj=site)
    assert not api.user.has_permission("Modify portal content", obj=site)


def test_resident_cannot_edit_or_add(portal, integration):
    site = integration["portal"]
    login(site, "invanare")
    assert not api.user.has_permission("Add portal content", obj=portal)
    assert not api.user.has_permission("Modify portal content", obj=portal)


def test_private_internal_eservice_stays_with_the_communicators(portal, integration):
    site = integration["portal"]
    with api.env.adopt_roles(["Manager"]):
        draft = make_eservice(
            portal, "utkast", title="Utkast", audience="employees", publish=False
        )
    assert visible_titles(site, "medarbetare") == []
    login(site, "medarbetare")
    assert not api.user.has_permission("View", obj=draft)
    assert visible_titles(site, "kommunikator") == ["Utkast"]
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(draft, "publish_internal")
    assert visible_titles(site, "medarbetare") == ["Utkast"]
