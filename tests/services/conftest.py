import pytest
from rest_site import DemoSite

from helpers import site_url


@pytest.fixture
def demo_site(demo_functional, eid_site, simulators):
    """The demo portal over REST (``rest_site.DemoSite``)."""
    running, _ = simulators
    return DemoSite(site_url(demo_functional), running.url("control"))
