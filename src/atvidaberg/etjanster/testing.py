"""Test layers: the add-on on a Plone site, with and without a live HTTP server."""

from plone import api
from plone.app.contenttypes.testing import PLONE_APP_CONTENTTYPES_FIXTURE
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PloneSandboxLayer
from plone.app.testing import applyProfile
from plone.testing import zope as zope_testing


class EtjansterLayer(PloneSandboxLayer):
    defaultBases = (PLONE_APP_CONTENTTYPES_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import plone.restapi

        import atvidaberg.etjanster

        self.loadZCML(package=plone.restapi)
        self.loadZCML(package=atvidaberg.etjanster)

    def setUpPloneSite(self, portal):
        api.portal.set_registry_record("plone.available_languages", ["sv", "en"])
        api.portal.set_registry_record("plone.default_language", "sv")
        applyProfile(portal, "atvidaberg.etjanster:default")


FIXTURE = EtjansterLayer()


INTEGRATION_TESTING = IntegrationTesting(
    bases=(FIXTURE,), name="Etjanster:IntegrationTesting"
)
FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(FIXTURE, zope_testing.WSGI_SERVER_FIXTURE),
    name="Etjanster:FunctionalTesting",
)
