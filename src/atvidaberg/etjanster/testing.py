"""Test layers: the add-on on a Plone site, with and without a live HTTP server."""

from plone import api
from plone.app.contenttypes.testing import PLONE_APP_CONTENTTYPES_FIXTURE
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PloneSandboxLayer
from plone.app.testing import applyProfile
from plone.testing import zope as zope_testing
from ZPublisher.HTTPRequest import HTTPRequest

from atvidaberg.etjanster.devserver.instance import CONFLICT_RETRIES


class EtjansterLayer(PloneSandboxLayer):
    defaultBases = (PLONE_APP_CONTENTTYPES_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import plone.restapi

        import atvidaberg.etjanster

        self.loadZCML(package=plone.restapi)
        self.loadZCML(package=atvidaberg.etjanster)
        # As instance/etc/zope.conf says (devserver.instance.CONFLICT_RETRIES).
        self._retries = HTTPRequest.retry_max_count
        HTTPRequest.retry_max_count = CONFLICT_RETRIES

    def tearDownZope(self, app):
        HTTPRequest.retry_max_count = self._retries

    def setUpPloneSite(self, portal):
        api.portal.set_registry_record("plone.available_languages", ["sv", "en"])
        api.portal.set_registry_record("plone.default_language", "sv")
        applyProfile(portal, "atvidaberg.etjanster:default")


FIXTURE = EtjansterLayer()


INTEGRATION_TESTING = IntegrationTesting(
    bases=(FIXTURE,), name="Etjanster:IntegrationTesting"
)


class WSGIServer(zope_testing.WSGIServer):
    """plone.testing's live server with the WSGI pipeline of ``make start``'s
    instance (``devserver.instance``): requests that Zope cannot publish are
    answered by ``wsgi.ValidPaths``."""

    pipeline = (
        *zope_testing.WSGIServer.pipeline,
        ("atvidaberg.etjanster", "paste.filter_app_factory", "valid_paths", {}),
        ("atvidaberg.etjanster", "paste.filter_app_factory", "health", {}),
    )


WSGI_SERVER_FIXTURE = WSGIServer(name="Etjanster:WSGIServer")
FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(FIXTURE, WSGI_SERVER_FIXTURE),
    name="Etjanster:FunctionalTesting",
)
