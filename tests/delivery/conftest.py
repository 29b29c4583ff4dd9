"""Fixtures of the delivery tests: a live site wired to an SMTP sink, a fake clock."""

import socket

import pytest
import transaction

from atvidaberg.etjanster.delivery import queue as queue_module
from atvidaberg.etjanster.delivery import runner
from atvidaberg.etjanster.delivery.sink import start_sink


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class FakeClock:
    def __init__(self, now=1_800_000_000.0):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(queue_module, "clock", fake)
    return fake


@pytest.fixture
def sync_dispatch(monkeypatch):
    """Attempt right after commit in the committing thread: deterministic tests."""
    monkeypatch.setattr(runner, "DISPATCH", "sync")


@pytest.fixture
def sink(tmp_path):
    running = start_sink(tmp_path / "mail")
    yield running
    running.stop()


def point_mailhost(portal, port):
    portal.portal_registry["plone.smtp_host"] = "127.0.0.1"
    portal.portal_registry["plone.smtp_port"] = port
    portal.portal_registry["plone.email_from_address"] = "noreply@atvidaberg.se"
    portal.portal_registry["plone.email_from_name"] = "Åtvidabergs kommun"


@pytest.fixture
def site(functional, sink, clock, sync_dispatch):
    """The live site; its MailHost sends to the sink."""
    portal = functional["portal"]
    point_mailhost(portal, sink.port)
    transaction.commit()
    return portal


@pytest.fixture
def down_site(functional, clock, sync_dispatch, tmp_path):
    """The live site; its MailHost points at a port where nothing listens (yet)."""
    portal = functional["portal"]
    port = free_port()
    point_mailhost(portal, port)
    transaction.commit()
    return portal, port
