"""Virus scanning with clamd, spoken to over its socket (the INSTREAM command).

The protocol is small enough to need no client library: ``zINSTREAM\\0``, then the
data as chunks each led by its length as 4 bytes big-endian, then a zero length.
clamd answers ``stream: OK`` or ``stream: <signature> FOUND``, ended by ``\\0``.
"""

import socket
import struct
from typing import Protocol

CHUNK_SIZE = 64 * 1024
MAX_REPLY = 4096


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
