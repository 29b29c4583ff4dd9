"""A functional site wired to the simulators running as real servers on free ports."""

import pytest
import transaction

from atvidaberg.etjanster.devserver.simulated_eid import settings_for
from atvidaberg.etjanster.login.settings import EID_PREFIX
from atvidaberg.etjanster.simulators.server import start_all


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
    return functional
