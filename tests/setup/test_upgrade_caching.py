"""The upgrade step 1001 -> 1002 (issue 11): a site installed before the caching rules
gets them, and what its administrator set stays.

The site is made to look as one at 1001: plone.app.caching's rules off and empty, the
portal's types not purged, and an administrator has already named a caching proxy.
"""

import pytest
from plone.cachepurging.interfaces import ICachePurgingSettings
from plone.caching.interfaces import ICacheSettings

from atvidaberg.etjanster.upgrades import PROFILE_ID

PROXY = ("http://127.0.0.1:6081",)
PURGED_TYPES = "plone.app.caching.interfaces.IPloneCacheSettings.purgedContentTypes"
MODERATE = "plone.app.caching.moderateCaching"
CACHING_PROFILE = "plone.app.caching:default"
ALLOWED_FIELDS = "easyform.allowedFields"


@pytest.fixture
def site_at_1001(integration):
    portal = integration["portal"]
    portal.portal_setup.setLastVersionForProfile(PROFILE_ID, "1001")
    registry = portal.portal_registry
    caching = registry.forInterface(ICacheSettings)
    caching.enabled = False
    caching.operationMapping = {}
    registry[PURGED_TYPES] = ("File", "Image", "News Item")
    del registry.records[f"{MODERATE}.plone.content.itemView.smaxage"]
    registry.forInterface(ICachePurgingSettings).cachingProxies = PROXY
    # An administrator took a field type away from communicators.
    registry[ALLOWED_FIELDS] = list(registry[ALLOWED_FIELDS])[:-1]
    return portal


@pytest.fixture
def site_without_plone_app_caching(site_at_1001):
    """As a site whose plone.app.caching was never installed: its profile unknown and
    one of its settings missing (the add-on's rules refer to it)."""
    setup = site_at_1001.portal_setup
    setup.unsetLastVersionForProfile(CACHING_PROFILE)
    del site_at_1001.portal_registry.records[f"{MODERATE}.smaxage"]
    return site_at_1001


def test_the_caching_rules_are_installed_and_the_proxy_kept(site_at_1001):
    setup = site_at_1001.portal_setup
    chosen = site_at_1001.portal_registry[ALLOWED_FIELDS]
    steps = [step["dest"] for step in setup.listUpgrades(PROFILE_ID)]
    assert steps == [("1002",), ("1003",), ("1004",)]
    setup.upgradeProfile(PROFILE_ID)
    assert setup.getLastVersionForProfile(PROFILE_ID) == ("1004",)

    registry = site_at_1001.portal_registry
    caching = registry.forInterface(ICacheSettings)
    assert caching.enabled
    mapping = caching.operationMapping
    for ruleset in ("plone.content.itemView", "plone.content.folderView"):
        assert mapping[ruleset] == "plone.app.caching.moderateCaching"
    for ruleset in ("plone.resource", "plone.stableResource"):
        assert mapping[ruleset] == "plone.app.caching.strongCaching"
    assert registry[f"{MODERATE}.plone.content.itemView.smaxage"] == 300
    assert {"EService", "FAQ", "Blankett", "File"} <= set(registry[PURGED_TYPES])
    purging = registry.forInterface(ICachePurgingSettings)
    assert purging.enabled
    assert purging.cachingProxies == PROXY  # the administrator's, kept
    assert registry[ALLOWED_FIELDS] == chosen  # and the other records they set

    # Running it again changes nothing.
    setup.setLastVersionForProfile(PROFILE_ID, "1001")
    setup.upgradeProfile(PROFILE_ID)
    assert registry.forInterface(ICachePurgingSettings).cachingProxies == PROXY
    assert caching.operationMapping == mapping


def test_plone_app_caching_is_installed_where_it_was_not(
    site_without_plone_app_caching,
):
    site = site_without_plone_app_caching
    setup = site.portal_setup
    setup.upgradeProfile(PROFILE_ID)
    assert setup.getLastVersionForProfile(CACHING_PROFILE) != "unknown"
    registry = site.portal_registry
    assert registry[f"{MODERATE}.smaxage"] == 86400  # plone.app.caching's default
    assert registry[f"{MODERATE}.plone.content.itemView.smaxage"] == 300
    assert registry.forInterface(ICachePurgingSettings).cachingProxies == PROXY
