"""The upgrade steps 1000 -> 1001 -> 1002 -> 1003 on a site that still says 1000 (or 1002).

The site is made to look as one installed before issue 9: a settings field that did
not exist then is missing from the registry, an administrator's value is set, the case
folder has its installer as Owner, the case workflow is the old one, and a draft was
moved to "submitted" around the submission. Then the step runs as from Site Setup.
"""

import logging
from types import SimpleNamespace

import pytest
from plone import api
from plone.app.testing import TEST_USER_ID

from atvidaberg.etjanster.cases.content import FILL_IN_CASE
from atvidaberg.etjanster.cases.guard import submitting
from atvidaberg.etjanster.cases.start import case_folder
from atvidaberg.etjanster.handling.listings import SECURITY_INDEX
from atvidaberg.etjanster.handling.listings import queue_query
from atvidaberg.etjanster.handling.listings import queue_tokens
from atvidaberg.etjanster.handling.listings import status_counts
from atvidaberg.etjanster.upgrades import PROFILE_ID

NEW_RECORD = "atvidaberg.etjanster.protected_delivery_mailbox"
KEPT_RECORD = "atvidaberg.etjanster.municipality_name"


@pytest.fixture
def old_site(integration):
    portal = integration["portal"]
    setup = portal.portal_setup
    setup.setLastVersionForProfile(PROFILE_ID, "1000")
    registry = portal.portal_registry
    del registry.records[NEW_RECORD]
    registry[KEPT_RECORD] = "Testkommunen"
    folder = case_folder()
    folder.manage_setLocalRoles("admin-som-installerade", ["Owner"])
    # Sessions as Plone sets them up: the site's shared secret, tokens not kept.
    portal.acl_users.session.per_user_keyring = False
    portal.acl_users.jwt_auth.store_tokens = False
    return portal


def make_case(portal, case_id, number=None, state="draft"):
    with api.env.adopt_roles(["Manager"]):
        case = api.content.create(
            container=case_folder(), type="Case", id=case_id, title="Ansökan om bygglov"
        )
    case.registration_number = number
    if state == "submitted":
        with submitting(case):
            api.content.transition(case, "submit")
    return case


from helpers import make_eservice  # noqa: E402
from helpers import make_portal  # noqa: E402

LAST = "1004"
SKIP_LINK = "atvidaberg.etjanster.skiplink"


def run_upgrade(portal, steps=(("1001",), ("1002",), ("1003",), (LAST,))):
    setup = portal.portal_setup
    assert [step["dest"] for step in setup.listUpgrades(PROFILE_ID)] == list(steps)
    setup.upgradeProfile(PROFILE_ID)
    assert setup.getLastVersionForProfile(PROFILE_ID) == (LAST,)


def test_the_profile_is_at_the_last_step_after_a_fresh_install(integration):
    setup = integration["portal"].portal_setup
    assert setup.getLastVersionForProfile(PROFILE_ID) == (LAST,)
    assert setup.listUpgrades(PROFILE_ID) == []
    # The last registered step leads to the profile's version.
    [last] = [
        step
        for step in setup.listUpgrades(PROFILE_ID, show_old=True)
        if step["dest"] == (LAST,)
    ]
    assert last["source"] == ("1003",)


def test_new_settings_appear_and_old_values_stay(old_site):
    registry = old_site.portal_registry
    assert NEW_RECORD not in registry.records
    run_upgrade(old_site)
    assert NEW_RECORD in registry.records
    assert registry[NEW_RECORD] is None  # its default
    assert registry[KEPT_RECORD] == "Testkommunen"


def test_logging_out_ends_sessions_on_the_server_after_the_upgrade(old_site):
    """What a logout then does is tested over HTTP in tests/login/test_session_lifetime."""
    run_upgrade(old_site)
    assert old_site.acl_users.session.per_user_keyring
    assert old_site.acl_users.jwt_auth.store_tokens
    assert old_site.acl_users.session.timeout == 30 * 60


def test_the_case_folder_loses_its_installer(old_site):
    run_upgrade(old_site)
    assert case_folder().get_local_roles() == ()


def test_drafts_get_the_new_permissions(old_site):
    draft = make_case(old_site, "utkast")
    # As the old workflow left it: the owner had "Modify portal content".
    draft.manage_permission("Modify portal content", ["Owner"], acquire=False)
    draft.manage_permission(FILL_IN_CASE, [], acquire=False)
    run_upgrade(old_site)
    roles = {p["name"]: p for p in draft.permissionsOfRole("Owner")}
    assert roles[FILL_IN_CASE]["selected"] == "SELECTED"
    assert roles["Modify portal content"]["selected"] == ""


def test_cases_sent_in_around_the_submission_are_drafts_again(old_site, caplog):
    stuck = make_case(old_site, "fast", state="submitted")
    stuck.manage_setLocalRoles("eid-invanare", ["Owner"])
    sent = make_case(old_site, "inskickat", number="ETJ-2026-000007", state="submitted")
    with caplog.at_level(logging.WARNING, logger="atvidaberg.etjanster.upgrades"):
        run_upgrade(old_site)
    assert api.content.get_state(stuck) == "draft"
    assert api.content.get_state(sent) == "submitted"
    catalog = old_site.portal_catalog
    [brain] = catalog.unrestrictedSearchResults(UID=api.content.get_uuid(stuck))
    assert brain.review_state == "draft"
    # The owner may fill it in and send it in again.
    roles = {p["name"]: p for p in stuck.permissionsOfRole("Owner")}
    assert roles[FILL_IN_CASE]["selected"] == "SELECTED"
    [record] = [
        r for r in caplog.records if "without a registration number" in r.getMessage()
    ]
    message = record.getMessage()
    assert api.content.get_uuid(stuck) in message
    for personal in ("eid-invanare", TEST_USER_ID, "Ansökan om bygglov"):
        assert personal not in message
    # Running it again changes nothing.
    old_site.portal_setup.setLastVersionForProfile(PROFILE_ID, "1000")
    run_upgrade(old_site)
    assert api.content.get_state(sent) == "submitted"


def _flat(steps):
    for step in steps:
        yield from _flat(step) if isinstance(step, list) else [step]


def test_the_profiles_version_is_its_last_upgrade_steps(integration):
    """metadata.xml and the last registered step agree, whatever the number: a step
    added without raising the version (or the reverse) never runs on old sites."""
    setup = integration["portal"].portal_setup
    steps = list(_flat(setup.listUpgrades(PROFILE_ID, show_old=True)))
    assert steps, "no upgrade step is registered"
    last = max(tuple(int(part) for part in step["dest"]) for step in steps)
    version = tuple(
        int(part) for part in setup.getVersionForProfile(PROFILE_ID).split(".")
    )
    assert version == last


def test_sent_in_cases_get_their_queue_entries(integration):
    """Cases indexed before 1003 lack the security index's entries per status that
    the queue reads (handling.listings): they would be missing from it."""
    portal = integration["portal"]
    case = make_case(portal, "inskickat", number="ETJ-2026-000008", state="submitted")
    transaction_indexing(portal)
    catalog = portal.portal_catalog
    index = catalog._catalog.getIndex(SECURITY_INDEX)
    [rid] = [b.getRID() for b in catalog.unrestrictedSearchResults(UID=case.UID())]
    queued = set(index.getEntryForObject(rid))
    plain = sorted(token for token in queued if not token.startswith("queue:"))
    assert set(queue_tokens("submitted", plain)) <= queued
    assert status_counts(queue_query())["submitted"] == 1  # as a Manager
    # As a site of version 1002 indexed it: only the plain tokens.
    index.index_object(rid, SimpleNamespace(allowedRolesAndUsers=plain))
    request_cache_cleared(portal)
    assert status_counts(queue_query())["submitted"] == 0
    portal.portal_setup.setLastVersionForProfile(PROFILE_ID, "1002")
    run_upgrade(portal, steps=[("1003",), (LAST,)])
    assert set(index.getEntryForObject(rid)) == queued
    request_cache_cleared(portal)
    assert status_counts(queue_query())["submitted"] == 1


def transaction_indexing(portal):
    """Runs the catalog's indexing queue, as the end of a request would."""
    portal.portal_catalog.unrestrictedSearchResults(portal_type="Case")


def request_cache_cleared(portal):
    """The queue keeps its sets for the rest of the request: forget them."""
    request = portal.REQUEST
    if hasattr(request, "_etjanster_visible_cases"):
        del request._etjanster_visible_cases


def test_the_skip_link_comes_first_in_the_header_after_the_upgrade(integration):
    from plone.app.viewletmanager.interfaces import IViewletSettingsStorage
    from zope.component import getUtility

    portal = integration["portal"]
    storage = getUtility(IViewletSettingsStorage)
    skin = portal.getCurrentSkinName()
    order = storage.getOrder("plone.portalheader", skin)
    assert order[0] == SKIP_LINK  # a fresh install
    storage.setOrder(
        "plone.portalheader", skin, tuple(v for v in order if v != SKIP_LINK)
    )
    portal.portal_setup.setLastVersionForProfile(PROFILE_ID, "1003")
    run_upgrade(portal, steps=[(LAST,)])
    assert storage.getOrder("plone.portalheader", skin)[0] == SKIP_LINK


def test_drafts_and_cases_leave_the_site_search_after_the_upgrade(integration):
    portal = integration["portal"]
    registry = portal.portal_registry
    record = "plone.types_not_searched"
    assert {"Case", "CaseFolder"} <= set(registry[record])  # a fresh install
    before = [t for t in registry[record] if t not in ("Case", "CaseFolder")]
    registry[record] = (*before, "News Item")  # as an administrator left it at 1003
    portal.portal_setup.setLastVersionForProfile(PROFILE_ID, "1003")
    run_upgrade(portal, steps=[(LAST,)])
    assert {"Case", "CaseFolder", "News Item"} <= set(registry[record])


def test_the_login_markers_are_indexed_again_by_the_upgrade(integration):
    from plone import api

    portal = integration["portal"]
    catalog = portal.portal_catalog
    with api.env.adopt_roles(["Manager"]):
        eservice = make_eservice(make_portal(portal), "felanmalan", requires_eid=False)
    [rid] = [b.getRID() for b in catalog.unrestrictedSearchResults(UID=eservice.UID())]
    data = catalog._catalog.getMetadataForRID(rid)
    assert data["requires_eid"] is True
    # As version 1003 indexed it: the setting itself.
    record = list(catalog._catalog.data[rid])
    record[catalog._catalog.schema["requires_eid"]] = False
    catalog._catalog.data[rid] = tuple(record)
    portal.portal_setup.setLastVersionForProfile(PROFILE_ID, "1003")
    run_upgrade(portal, steps=[(LAST,)])
    assert catalog._catalog.getMetadataForRID(rid)["requires_eid"] is True
