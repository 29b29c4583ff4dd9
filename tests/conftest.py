import os

# Compile the .po files when Zope loads them, as `make start` does: the tests read the
# pages in Swedish.
os.environ.setdefault("zope_i18n_compile_mo_files", "true")

import sys

sys.path.insert(0, os.path.dirname(__file__))

import httpx
import pytest
import transaction
from plone import api
from plone.app.testing import applyProfile
from plone.memoize.ram import global_cache
from pytest_plone import fixtures_factory

from atvidaberg.etjanster.devserver.simulated_eid import settings_for
from atvidaberg.etjanster.login.settings import EID_PREFIX
from atvidaberg.etjanster.simulators.server import start_all
from atvidaberg.etjanster.testing import FUNCTIONAL_TESTING
from atvidaberg.etjanster.testing import INTEGRATION_TESTING
from atvidaberg.etjanster.traffic.request import reset_limiters

pytest_plugins = ["pytest_plone"]

# The tests' own HTTP clients (a resident's browser, an officer's script) wait as a
# person would, not httpx's 5 s: on a 2-core machine running Chromium beside the live
# server, a page's first rendering (templates compiled) took longer than that and the
# test failed with ReadTimeout. The add-on's own clients pass their timeouts
# explicitly and are not affected. httpx's functions and Client share this one default.
httpx._config.DEFAULT_TIMEOUT_CONFIG.read = 60.0
httpx._config.DEFAULT_TIMEOUT_CONFIG.write = 60.0
httpx._config.DEFAULT_TIMEOUT_CONFIG.pool = 60.0

globals().update(
    fixtures_factory(
        (
            (FUNCTIONAL_TESTING, "functional"),
            (INTEGRATION_TESTING, "integration"),
        )
    )
)


@pytest.fixture(autouse=True)
def _empty_ram_cache():
    """Each test starts with plone.memoize's RAM cache empty, as a new instance does.

    What anonymous visitors share is kept there under the catalog's counter
    (``listing/shared.py``); a rolled-back test leaves the counter where it found it,
    so the next test's different content could meet the last one's entries.
    """
    global_cache.invalidateAll()
    yield


# The demo portal is applied inside a test, not as a layer of its own: pytest-plone keeps
# every layer of the session set up at once, and a demo layer stacked on the plain one
# would leak its content into every other test.
def _apply_demo(layer):
    with api.env.adopt_roles(["Manager"]):
        applyProfile(layer["portal"], "atvidaberg.etjanster:demo")


@pytest.fixture
def demo_integration(integration):
    """The integration layer with the demo portal of `make start` (rolled back after)."""
    _apply_demo(integration)
    return integration


@pytest.fixture
def demo_functional(functional):
    """The live-server layer with the demo portal committed (discarded after the test)."""
    _apply_demo(functional)
    transaction.commit()
    return functional


# The eID simulators as real servers on free ports, and a live site wired to them.
@pytest.fixture(scope="session")
def simulators(tmp_path_factory):
    home = tmp_path_factory.mktemp("simulated-eid")
    running = start_all(home)
    yield running, home
    running.stop()


@pytest.fixture
def eid_site(functional, simulators):
    running, home = simulators
    ports = {
        name: int(server.url.rsplit(":", 1)[1])
        for name, server in running.servers.items()
    }
    registry = functional["portal"].portal_registry
    for name, value in settings_for(home, ports=ports).items():
        registry[f"{EID_PREFIX}.{name}"] = value
    transaction.commit()
    # Every test's logins come from 127.0.0.1: count them from zero in each test.
    reset_limiters()
    return functional
