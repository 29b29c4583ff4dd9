"""The client's address behind trusted proxies, without Plone."""

import pytest

from atvidaberg.etjanster.traffic.address import InvalidNetwork
from atvidaberg.etjanster.traffic.address import client_address
from atvidaberg.etjanster.traffic.address import parse_networks

PROXIES = parse_networks(["10.0.0.5", "10.1.0.0/16", "fd00::/8"])


@pytest.mark.parametrize(
    "peer,forwarded,client",
    [
        # From anyone but a proxy, the header is the client's own claim: ignored.
        ("203.0.113.7", "198.51.100.1", "203.0.113.7"),
        ("203.0.113.7", "", "203.0.113.7"),
        # From a proxy: the right-most address that is not a proxy.
        ("10.0.0.5", "198.51.100.1", "198.51.100.1"),
        ("10.0.0.5", "1.2.3.4, 198.51.100.1", "198.51.100.1"),
        ("10.0.0.5", "1.2.3.4, 198.51.100.1, 10.1.2.3", "198.51.100.1"),
        ("10.0.0.5", "1.2.3.4,198.51.100.1 , 10.1.2.3", "198.51.100.1"),
        # Only proxies in the chain: the first of them.
        ("10.0.0.5", "10.1.9.9", "10.1.9.9"),
        # Garbage in the header never becomes the address.
        ("10.0.0.5", "unknown", "10.0.0.5"),
        ("10.0.0.5", "<script>, 10.1.2.3", "10.1.2.3"),
        # Ports, brackets, IPv6 and IPv4-mapped IPv6.
        ("10.0.0.5", "198.51.100.1:5555", "198.51.100.1"),
        ("10.0.0.5", "[2001:db8::1]:443", "2001:db8::1"),
        ("fd00::1", "2001:db8::2", "2001:db8::2"),
        ("::ffff:10.0.0.5", "198.51.100.1", "198.51.100.1"),
        # A peer that is no address (a unix socket): nothing known.
        ("", "198.51.100.1", ""),
    ],
)
def test_client_address(peer, forwarded, client):
    assert client_address(peer, forwarded, PROXIES) == client


def test_no_trusted_proxies_means_the_peer_is_the_client():
    assert client_address("10.0.0.5", "198.51.100.1", ()) == "10.0.0.5"


def test_networks_are_parsed_from_lines_and_garbage_is_named():
    assert parse_networks("10.0.0.5\n\n 192.168.1.0/24 \n") == (
        parse_networks(["10.0.0.5/32"])[0],
        parse_networks(["192.168.1.0/24"])[0],
    )
    with pytest.raises(InvalidNetwork, match=r"proxy\.example"):
        parse_networks(["10.0.0.5", "proxy.example"])
