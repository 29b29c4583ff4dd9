"""The e-legitimation PAS plugin: pseudonymous members, found by exact id only."""

import pytest
from plone import api
from Products.PluggableAuthService.interfaces.plugins import IAuthenticationPlugin
from Products.PluggableAuthService.interfaces.plugins import IPropertiesPlugin
from Products.PluggableAuthService.interfaces.plugins import IUserEnumerationPlugin

from atvidaberg.etjanster.pas.plugin import CREDENTIALS_SOURCE
from atvidaberg.etjanster.pas.plugin import PLUGIN_ID
from atvidaberg.etjanster.pas.setup import get_plugin

ANNA = "198001019820"
BENGT = "197503159837"


@pytest.fixture
def plugin(integration):
    return get_plugin()


def test_installed_and_active_for_its_interfaces(integration):
    pas = integration["portal"].acl_users
    assert PLUGIN_ID in pas.objectIds()
    for interface in (IAuthenticationPlugin, IUserEnumerationPlugin, IPropertiesPlugin):
        assert PLUGIN_ID in [pid for pid, _ in pas.plugins.listPlugins(interface)]


def test_user_id_is_a_stable_pseudonym(plugin):
    anna = plugin.remember(ANNA, "Anna Andersson")
    assert anna == plugin.remember(ANNA, "Anna Andersson")
    assert anna != plugin.remember(BENGT, "Bengt Bergström")
    assert anna.startswith("eid-")
    assert ANNA not in anna and ANNA[2:] not in anna
    assert plugin.personal_number(anna) == ANNA


def test_resident_is_a_plone_member_with_the_name(plugin):
    user_id = plugin.remember(ANNA, "Anna Andersson")
    member = api.user.get(userid=user_id)
    assert member is not None
    assert member.getProperty("fullname") == "Anna Andersson"
    assert "Member" in api.user.get_roles(user=member)


def test_name_change_is_kept(plugin):
    user_id = plugin.remember(ANNA, "Anna Andersson")
    plugin.remember(ANNA, "Anna Ek")
    assert api.user.get(userid=user_id).getProperty("fullname") == "Anna Ek"


def test_residents_cannot_be_searched_or_listed(plugin, integration):
    plugin.remember(ANNA, "Anna Andersson")
    pas = integration["portal"].acl_users
    assert plugin.enumerateUsers() == ()
    assert plugin.enumerateUsers(fullname="Anna") == ()
    found = [u["id"] for u in pas.searchUsers(fullname="Anna")]
    assert not [uid for uid in found if uid.startswith("eid-")]
    assert plugin.enumerateUsers(login=ANNA) == ()


def test_only_the_addons_own_credentials_authenticate(plugin):
    user_id = plugin.remember(ANNA, "Anna Andersson")
    assert plugin.authenticateCredentials(
        {"source": CREDENTIALS_SOURCE, "user_id": user_id}
    ) == (user_id, user_id)
    assert plugin.authenticateCredentials({"login": user_id, "password": ""}) is None
    assert (
        plugin.authenticateCredentials(
            {"source": CREDENTIALS_SOURCE, "user_id": "eid-x"}
        )
        is None
    )


def test_personnummer_is_not_in_the_catalog_or_member_properties(plugin, integration):
    user_id = plugin.remember(ANNA, "Anna Andersson")
    member = api.user.get(userid=user_id)
    sheets = member.getUser().getOrderedPropertySheets()
    assert sheets
    assert ANNA not in repr([dict(sheet.propertyItems()) for sheet in sheets])
    catalog = integration["portal"].portal_catalog
    assert not catalog.searchResults(SearchableText=ANNA)


def test_protected_identity_is_a_property_of_the_user(plugin):
    from atvidaberg.etjanster.login.session import has_protected_identity

    user_id = plugin.remember(ANNA, "Anna Andersson", protected=False)
    assert plugin.is_protected(user_id) is False
    assert has_protected_identity(api.user.get(userid=user_id)) is False
    # The register's answer at the next login replaces it, for every session.
    plugin.remember(ANNA, "Anna Andersson", protected=True)
    assert has_protected_identity(api.user.get(userid=user_id)) is True
    # A record that does not say (from before the flag) is protected.
    del plugin._users[user_id]["protected_identity"]
    assert has_protected_identity(api.user.get(userid=user_id)) is True
    # Not a resident: an employee's password account, with no register data.
    assert plugin.is_protected("handlaggare") is None
    assert has_protected_identity(api.user.get_current()) is False
