"""The client's address behind trusted reverse proxies (no Plone in here).

A proxy appends the address it got the request from to ``X-Forwarded-For``; anyone can
send that header too, so it is believed only as far as the chain is made of proxies we
trust. The client is the right-most entry that is not a trusted proxy, read only when
the request's peer itself is a trusted proxy; otherwise the peer is the client.
"""

import ipaddress


class InvalidNetwork(ValueError):
    """A line that is neither an IP address nor a network (10.0.0.0/8, fd00::/8)."""


def parse_networks(lines):
    """``ip_network`` objects for addresses or networks, one per line or list item.

    Blank lines are skipped; anything else that is not an address or network raises
    ``InvalidNetwork`` naming it.
    """
    if isinstance(lines, str):
        lines = lines.splitlines()
    networks = []
    for line in lines or ():
        text = (line or "").strip()
        if not text:
            continue
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except ValueError as error:
            raise InvalidNetwork(text) from error
    return tuple(networks)


def _address(text):
    """An ``ip_address`` from a header entry or peer; None if it is not one.

    Accepts what proxies write: ``[2001:db8::1]:443``, ``192.0.2.1:5678`` and
    IPv4-mapped IPv6 (``::ffff:192.0.2.1``, taken as the IPv4 address).
    """
    text = (text or "").strip().strip('"')
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _is_trusted(address, networks):
    return any(address.version == n.version and address in n for n in networks)


def client_address(peer, forwarded_for="", trusted=()):
    """The client's address as a string, or "" when the peer is not an address.

    ``peer`` is the address the connection came from (REMOTE_ADDR), ``forwarded_for``
    the ``X-Forwarded-For`` header(s) as one comma-separated string, ``trusted`` the
    networks of ``parse_networks``. An entry that is not an address ends the walk: the
    last address before it (a trusted proxy's own report) is taken instead, so garbage
    written by the client can never become the client's address.
    """
    client = _address(peer)
    if client is None:
        return ""
    if not forwarded_for or not _is_trusted(client, trusted):
        return str(client)
    for entry in reversed(forwarded_for.split(",")):
        address = _address(entry)
        if address is None:
            break
        client = address
        if not _is_trusted(address, trusted):
            break
    return str(client)
