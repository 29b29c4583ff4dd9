"""Virus scanning with clamd, spoken to over its socket (the INSTREAM command).

The protocol is small enough to need no client library: ``zINSTREAM\\0``, then the
data as chunks each led by its length as 4 bytes big-endian, then a zero length.
clamd answers ``stream: OK`` or ``stream: <signature> FOUND``, ended by ``\\0``.

Where clamd listens is one text, as administrators write it (``parse_address``): a
UNIX socket path (``/run/clamav/clamd.ctl``) or ``host:port`` (``127.0.0.1:3310``,
``[::1]:3310``); empty means that no scanning is configured.
"""

import ipaddress
import re
import socket
import struct
from typing import Protocol

CHUNK_SIZE = 64 * 1024
MAX_REPLY = 4096
# sun_path holds 108 bytes on Linux, the terminating NUL included.
MAX_SOCKET_PATH = 107
_HOST_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


class InvalidAddress(ValueError):
    """The text is neither a UNIX socket path nor ``host:port``."""


class ScannerUnavailable(Exception):
    """The scanner could not be asked or gave no usable answer."""


class Scanner(Protocol):
    def scan(self, data: bytes) -> str | None:
        """The name of what was found in ``data``, or None when it is clean.

        Raises ``ScannerUnavailable`` when there is no answer to trust.
        """


class ClamdScanner:
    """clamd at a UNIX socket path or a ``(host, port)`` TCP address."""

    def __init__(self, address, timeout: float = 30.0, chunk_size: int = CHUNK_SIZE):
        self.address = address
        self.timeout = timeout
        self.chunk_size = chunk_size

    def __repr__(self):
        return f"ClamdScanner({self.address!r}, timeout={self.timeout})"

    def scan(self, data: bytes) -> str | None:
        try:
            with self._connect() as sock:
                sock.sendall(b"zINSTREAM\0")
                for start in range(0, len(data), self.chunk_size):
                    chunk = data[start : start + self.chunk_size]
                    sock.sendall(struct.pack(">I", len(chunk)) + chunk)
                sock.sendall(struct.pack(">I", 0))
                reply = _read_reply(sock)
        except OSError as error:  # refused, missing socket, timeout, reset
            raise ScannerUnavailable(f"clamd at {self.address!r}: {error}") from error
        return parse_reply(reply)

    def ping(self) -> bool:
        """Whether clamd answers, for a health check in the control panel."""
        try:
            with self._connect() as sock:
                sock.sendall(b"zPING\0")
                return _read_reply(sock) == "PONG"
        except OSError:
            return False

    def _connect(self):
        if not isinstance(self.address, str | bytes):
            return socket.create_connection(self.address, timeout=self.timeout)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self.address)
        except OSError:
            sock.close()
            raise
        return sock


def _read_reply(sock):
    reply = b""
    while not reply.endswith(b"\0") and len(reply) < MAX_REPLY:
        part = sock.recv(MAX_REPLY)
        if not part:
            break
        reply += part
    return reply.rstrip(b"\0").decode("utf-8", "replace").strip()


def parse_reply(reply: str) -> str | None:
    """The signature name in a clamd INSTREAM reply, None for OK."""
    _, _, result = reply.rpartition(": ")
    if result == "OK":
        return None
    if result.endswith(" FOUND"):
        return result.removesuffix(" FOUND").strip() or "unknown"
    # e.g. "INSTREAM size limit exceeded. ERROR", or nothing at all
    raise ScannerUnavailable(f"clamd replied {reply!r}")


def parse_address(text):
    """clamd's address from the administrators' text.

    None for an empty text; the path for ``/…``; ``(host, port)`` for ``host:port``
    (an IPv6 host in brackets). Raises ``InvalidAddress`` for anything else.
    """
    text = (text or "").strip()
    if not text:
        return None
    if any(ord(char) < 32 or char.isspace() for char in text):
        raise InvalidAddress("An address has no spaces or control characters.")
    if text.startswith("/"):
        return _socket_path(text)
    return _host_and_port(text)


def _socket_path(text):
    if text == "/" or text.endswith("/"):
        raise InvalidAddress("A socket path names a file, not a folder.")
    if len(text.encode("utf-8")) > MAX_SOCKET_PATH:
        raise InvalidAddress("A socket path is at most 107 bytes long.")
    return text


def _host_and_port(text):
    host, colon, port = text.rpartition(":")
    if not colon or not port.isascii() or not port.isdigit():
        raise InvalidAddress("Give a port after the colon.")
    if not 1 <= int(port) <= 65535:
        raise InvalidAddress("A port is a number from 1 to 65535.")
    if host.startswith("[") and host.endswith("]"):
        try:
            return (str(ipaddress.IPv6Address(host[1:-1])), int(port))
        except ValueError as error:
            raise InvalidAddress("Not an IPv6 address in brackets.") from error
    if not _is_host_name(host):
        raise InvalidAddress("Not a host name or IPv4 address.")
    return (host, int(port))


def _is_host_name(host):
    if not host or len(host) > 253:
        return False
    name = host.removesuffix(".")  # a fully qualified name may end in a dot
    if name.replace(".", "").isdigit():  # looks like IPv4, so it must be one
        try:
            ipaddress.IPv4Address(name)
        except ValueError:
            return False
        return True
    return all(_HOST_LABEL.match(label) for label in name.split("."))


def scanner_for(text, timeout: float = 30.0):
    """A ``ClamdScanner`` for the address ``text``, or None when it is empty."""
    address = parse_address(text)
    return None if address is None else ClamdScanner(address, timeout=timeout)


class UnusableScanner:
    """Stands in for a scanner whose address cannot be used: every scan fails.

    So that a broken setting fails closed (files are refused) instead of switching
    virus scanning off.
    """

    def __init__(self, reason):
        self.reason = reason

    def scan(self, data: bytes) -> str | None:
        raise ScannerUnavailable(self.reason)

    def ping(self) -> bool:
        return False
