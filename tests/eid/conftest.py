"""The eID simulators as real servers on free ports, one PKI for the whole session."""

import pytest

from atvidaberg.etjanster.simulators.server import start_all


@pytest.fixture(scope="session")
def simulator_home(tmp_path_factory):
    return tmp_path_factory.mktemp("eid-sim-home")


def _running(home, name):
    running = start_all(home, names=(name,))
    yield running
    running.stop()


@pytest.fixture(scope="session")
def bankid_sim(simulator_home):
    """Running BankID simulator: .url("bankid"), .url("control"), .pki, .simulators."""
    yield from _running(simulator_home, "bankid")


@pytest.fixture(scope="session")
def freja_sim(simulator_home):
    yield from _running(simulator_home, "freja")


@pytest.fixture(scope="session")
def spar_sim(simulator_home):
    yield from _running(simulator_home, "spar")
