"""One `make cluster` per test module (its start creates the demo site in PostgreSQL,
about a minute on 2 cores), every port a free one: other clusters may run beside it."""

import shutil
import tempfile
from pathlib import Path

import pytest

from atvidaberg.etjanster.devserver.cluster import Cluster
from atvidaberg.etjanster.devserver.cluster import Settings
from atvidaberg.etjanster.devserver.cluster import free_port
from atvidaberg.etjanster.simulators.server import DEFAULT_PORTS


@pytest.fixture(scope="module")
def cluster():
    # PostgreSQL runs as an unprivileged user, who must reach its data directory:
    # pytest's own temporary directories are private to root.
    home = Path(tempfile.mkdtemp(prefix="etjanster-cluster-"))
    home.chmod(0o755)
    settings = Settings(
        home=home,
        port=free_port(),
        haproxy_port=free_port(),
        instances=2,
        first_instance_port=free_port(),
        mail_port=free_port(),
        simulator_ports={name: free_port() for name in DEFAULT_PORTS},
    )
    running = Cluster(settings)
    try:
        running.start()
        yield running
    finally:
        running.stop()
        shutil.rmtree(home, ignore_errors=True)
