"""One `make cluster` per test module (its start creates the demo site in PostgreSQL,
about a minute on 2 cores), every port a free one: other clusters may run beside it."""

import pytest

from atvidaberg.etjanster.devserver.cluster import free_port
from atvidaberg.etjanster.devserver.cluster import temporary_cluster


@pytest.fixture(scope="module")
def cluster():
    with temporary_cluster("etjanster-cluster-", haproxy_port=free_port()) as running:
        yield running
