"""Fixtures for the demo portal, and a minimal PDF reader (pypdf is not installed).

The reader understands what fpdf2 writes, plus incremental updates: numbered
objects, Flate-compressed streams, Type0 fonts with a ToUnicode map, simple fonts
in WinAnsi, and Tj strings.
"""

import re
import zlib
from contextlib import contextmanager

import pytest
from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import setSecurityManager
from AccessControl.SpecialUsers import nobody
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles

_OBJECT = re.compile(rb"(?<![\d])(\d+) 0 obj\b")
_TOKEN = re.compile(
    rb"/(?P<font>[\w.+-]+)\s+[\d.]+\s+Tf"
    rb"|(?P<literal>\((?:\\.|[^\\)])*\))\s*Tj"
    rb"|(?P<hex><[0-9A-Fa-f\s]*>)\s*Tj"
    rb"|(?P<newline>\bET\b)",
    re.S,
)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(literal):
    out, i = bytearray(), 0
    body = literal[1:-1]
    while i < len(body):
        char = body[i : i + 1]
        if char != b"\\":
            out += char
            i += 1
            continue
        following = body[i + 1 : i + 2]
        octal = re.match(rb"[0-7]{1,3}", body[i + 1 : i + 4])
        if octal:
            out.append(int(octal.group(0), 8) & 0xFF)
            i += 1 + len(octal.group(0))
        else:
            out += _ESCAPES.get(following, following if following != b"\n" else b"")
            i += 2
    return bytes(out)


class PdfFile:
    def __init__(self, data):
        self.data = data
        self.objects = {}
        self.streams = {}
        for match in _OBJECT.finditer(data):
            number = int(match.group(1))
            end = data.find(b"endobj", match.end())
            body = data[match.end() : end]
            if b"stream" in body:
                # Take the stream by its declared length, not by searching for endobj.
                length = int(re.search(rb"/Length (\d+)", body).group(1))
                start = data.index(b"stream", match.end()) + len(b"stream")
                start += 2 if data[start : start + 2] == b"\r\n" else 1
                body = data[match.end() : start]
                self.streams[number] = data[start : start + length]
            # A later version of an object (an incremental update) wins.
            self.objects[number] = body

    def stream(self, number):
        raw = self.streams[number]
        return zlib.decompress(raw) if b"/FlateDecode" in self.objects[number] else raw

    def of_type(self, type_name):
        pattern = re.compile(rb"/Type\s*/%s\b" % type_name.encode())
        return [n for n, body in self.objects.items() if pattern.search(body)]

    @property
    def page_count(self):
        return len(self.of_type("Page"))

    @property
    def form_fields(self):
        return [n for n, body in self.objects.items() if b"/Subtype /Widget" in body]

    @property
    def embeds_fonts(self):
        return any(b"/FontFile2" in body for body in self.objects.values())

    def _font_maps(self):
        maps = {}
        for body in self.objects.values():
            font_dict = re.search(rb"/Font\s*<<(.*?)>>", body, re.S)
            if font_dict is None:
                continue
            for name, number in re.findall(
                rb"/([\w.+-]+)\s+(\d+) 0 R", font_dict.group(1)
            ):
                maps[name] = self._decoder(int(number))
        return maps

    def _decoder(self, number):
        font = self.objects[number]
        to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", font)
        if to_unicode is None:
            return lambda raw: raw.decode("cp1252", "replace")
        cmap = {}
        text = self.stream(int(to_unicode.group(1)))
        hex_ = rb"<([0-9A-Fa-f]+)>"
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
            for code, uni in re.findall(hex_ + rb"\s*" + hex_, block):
                cmap[int(code, 16)] = bytes.fromhex(uni.decode()).decode("utf-16-be")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
            pattern = hex_ + rb"\s*" + hex_ + rb"\s*" + hex_
            for first, last, start in re.findall(pattern, block):
                base = int(start, 16)
                for offset, code in enumerate(range(int(first, 16), int(last, 16) + 1)):
                    cmap[code] = chr(base + offset)

        def decode(raw):
            codes = [
                int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)
            ]
            return "".join(cmap.get(code, "\ufffd") for code in codes)

        return decode

    def text(self):
        """The text of all pages, one line per text object, in drawing order."""
        fonts = self._font_maps()
        lines, current, decode = [], [], None
        for page in self.of_type("Page"):
            for number in re.findall(rb"/Contents (\d+) 0 R", self.objects[page]):
                for token in _TOKEN.finditer(self.stream(int(number))):
                    if token.group("font"):
                        decode = fonts[token.group("font")]
                    elif token.group("literal"):
                        current.append(decode(_unescape(token.group("literal"))))
                    elif token.group("hex"):
                        digits = re.sub(rb"\s", b"", token.group("hex")[1:-1])
                        current.append(decode(bytes.fromhex(digits.decode())))
                    elif current:
                        lines.append("".join(current))
                        current = []
        return "\n".join(lines)

    def words(self):
        """The text with all runs of white space as one space, as a reader sees it."""
        return " ".join(self.text().split())


@pytest.fixture
def portal(demo_integration):
    return demo_integration["portal"]


@pytest.fixture
def manager(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    return portal


@contextmanager
def anonymous():
    """Act as a visitor who has not logged in."""
    previous = getSecurityManager()
    newSecurityManager(None, nobody)
    try:
        yield
    finally:
        setSecurityManager(previous)


def _find_as(username, **query):
    """Catalog results as ``username`` sees them; None for an anonymous visitor."""
    if username is None:
        with anonymous():
            return api.content.find(**query)
    with api.env.adopt_user(username=username):
        return api.content.find(**query)


@pytest.fixture(name="find_as")
def find_as_fixture(portal):
    return _find_as


@pytest.fixture(name="as_anonymous")
def as_anonymous_fixture(portal):
    return anonymous


@pytest.fixture(name="read_pdf")
def read_pdf_fixture():
    return PdfFile
