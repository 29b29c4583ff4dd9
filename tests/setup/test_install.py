"""Installing and uninstalling the add-on with its GenericSetup profiles."""

import pytest
from plone import api

PACKAGE = "atvidaberg.etjanster"
TYPES = ["EServicePortal", "EService", "Blankett", "FAQ", "FAQSection", "FAQItem"]


def test_addon_installed(installer):
    assert installer.is_product_installed(PACKAGE) is True


def test_browserlayer(browser_layers):
    from atvidaberg.etjanster.interfaces import IBrowserLayer

    assert IBrowserLayer in browser_layers


@pytest.mark.parametrize("type_id", TYPES)
def test_types_are_installed_with_swedish_titles(integration, type_id):
    from zope.i18n import translate

    fti = integration["portal"].portal_types[type_id]
    swedish = {
        "EServicePortal": "Självserviceportal",
        "EService": "E-tjänst",
        "Blankett": "Blankett",
        "FAQ": "Frågor och svar",
        "FAQSection": "Avsnitt i frågor och svar",
        "FAQItem": "Fråga och svar",
    }
    assert translate(fti.Title(), target_language="sv") == swedish[type_id]


def test_eservices_get_their_own_workflow(integration):
    chain = integration["portal"].portal_workflow.getChainForPortalType("EService")
    assert chain == ("eservice_workflow",)


def test_groups_are_created_with_their_roles(integration):
    for group_id, role in (
        ("Kommunikatorer", None),
        ("Medarbetare", "Employee"),
        ("Fortroendevalda", "ElectedOfficial"),
        ("skyddade-arenden", None),
        ("registratorer", None),
    ):
        group = api.group.get(groupname=group_id)
        assert group is not None
        if role:
            assert role in api.group.get_roles(groupname=group_id)


def test_case_handlers_groups_have_no_global_role(integration):
    """A global CaseOfficer or Registrar would see every case, protected ones too."""
    for group_id in ("skyddade-arenden", "registratorer"):
        roles = set(api.group.get_roles(groupname=group_id))
        assert not roles & {"CaseOfficer", "Registrar", "Manager", "Site Administrator"}


def test_catalog_knows_the_listing_columns(integration):
    catalog = integration["portal"].portal_catalog
    for column in (
        "eservice_category",
        "external_url",
        "requires_eid",
        "eservice_available",
    ):
        assert column in catalog.schema()
    assert "eservice_category" in catalog.indexes()


def test_reinstall_keeps_groups_and_is_harmless(integration, installer):
    installer.uninstall_product(PACKAGE)
    installer.install_product(PACKAGE)
    assert installer.is_product_installed(PACKAGE)
    assert api.group.get(groupname="Kommunikatorer") is not None


class TestUninstall:
    @pytest.fixture(autouse=True)
    def uninstalled(self, installer):
        installer.uninstall_product(PACKAGE)

    def test_product_uninstalled(self, installer):
        assert installer.is_product_installed(PACKAGE) is False

    def test_browserlayer_removed(self, browser_layers):
        from atvidaberg.etjanster.interfaces import IBrowserLayer

        assert IBrowserLayer not in browser_layers

    def test_types_and_settings_removed(self, integration):
        portal = integration["portal"]
        for type_id in TYPES:
            assert type_id not in portal.portal_types
        assert (
            api.portal.get_registry_record(
                "atvidaberg.etjanster.municipality_name", default=None
            )
            is None
        )
        assert "eservice_category" not in portal.portal_catalog.indexes()
        assert "eservice_workflow" not in portal.portal_workflow

    def test_configlet_removed(self, controlpanel_actions):
        assert "atvidaberg-etjanster" not in controlpanel_actions
        assert "atvidaberg-etjanster-eid" not in controlpanel_actions

    def test_eid_plugin_removed(self, integration):
        assert "etjanster_eid" not in integration["portal"].acl_users.objectIds()


def test_nobody_is_owner_of_the_case_folder(integration):
    """Local roles on the folder would reach every case, protected ones included."""
    assert integration["portal"]["arenden"].get_local_roles() == ()
