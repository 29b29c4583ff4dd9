"""What a file is, decided by its content (magic bytes), never by its name.

puremagic knows the simple signatures (PDF, JPEG, PNG and many more). DOCX and ODT
are ZIP containers and HEIC an ISO media file, which puremagic cannot tell apart from
their siblings, so those are recognised here by looking inside. Executables are
recognised first so that a renamed program is named as such in the refusal.
"""

import io
import zipfile
from dataclasses import dataclass

import puremagic


@dataclass(frozen=True)
class FileType:
    key: str
    mime: str
    extensions: tuple = ()  # the first is the one given to a name without one
    label: str = ""  # how a resident knows the type, e.g. "Word"


PDF = FileType("pdf", "application/pdf", (".pdf",), "PDF")
JPEG = FileType("jpeg", "image/jpeg", (".jpg", ".jpeg", ".jpe", ".jfif"), "JPEG")
PNG = FileType("png", "image/png", (".png",), "PNG")
HEIC = FileType("heic", "image/heic", (".heic", ".heif", ".hif"), "HEIC")
DOCX = FileType(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
    "Word (DOCX)",
)
ODT = FileType("odt", "application/vnd.oasis.opendocument.text", (".odt",), "ODT")
EXE = FileType("exe", "application/vnd.microsoft.portable-executable", (".exe",))
ELF = FileType("elf", "application/x-executable", ())
MACHO = FileType("macho", "application/x-mach-binary", ())
SCRIPT = FileType("script", "text/x-shellscript", (".sh",))
ZIP = FileType("zip", "application/zip", (".zip",))

KNOWN = {t.key: t for t in (PDF, JPEG, PNG, HEIC, DOCX, ODT, EXE, ELF, MACHO, SCRIPT)}
_BY_MIME = {t.mime: t for t in (PDF, JPEG, PNG)}
_EXECUTABLE_MAGIC = (
    (b"MZ", EXE),
    (b"\x7fELF", ELF),
    (b"\xfe\xed\xfa\xce", MACHO),
    (b"\xfe\xed\xfa\xcf", MACHO),
    (b"\xce\xfa\xed\xfe", MACHO),
    (b"\xcf\xfa\xed\xfe", MACHO),
    (b"\xca\xfe\xba\xbe", MACHO),
    (b"#!", SCRIPT),
)
_HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs"}
# mif1/msf1 are generic HEIF brands that AVIF files carry too.
_HEIF_BRANDS = {b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# Not docm/dotx: those declare another main part, and a macro document is refused.
_DOCX_MAIN = (
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
_ZIP_ENTRY_READ_LIMIT = 256 * 1024  # never inflate more than this of any entry


def detect_type(data: bytes) -> FileType | None:
    """The type of ``data`` by its content, or None when it is not recognised."""
    for magic, file_type in _EXECUTABLE_MAGIC:
        if data.startswith(magic):
            return file_type
    if data.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    if data[4:8] == b"ftyp":
        return _iso_media_type(data)
    return _puremagic_type(data)


def _zip_type(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = _read(archive, "mimetype") if "mimetype" in names else b""
            if mimetype.strip() == _ODT_MIMETYPE:
                return ODT
            docx = {"[Content_Types].xml", "word/document.xml"} <= names
            if docx and _DOCX_MAIN in _read(archive, "[Content_Types].xml"):
                return DOCX
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError):
        return None  # damaged or encrypted
    return ZIP


def _read(archive, name):
    with archive.open(name) as entry:
        return entry.read(_ZIP_ENTRY_READ_LIMIT)


def _iso_media_type(data):
    size = int.from_bytes(data[0:4], "big")
    end = min(size, len(data), 4096) if size >= 16 else 16
    brands = {data[8:12]}
    brands.update(data[i : i + 4] for i in range(16, end - 3, 4))
    if brands & _HEIC_BRANDS:
        return HEIC
    if brands & _HEIF_BRANDS and not brands & _AVIF_BRANDS:
        return HEIC
    return None


def _puremagic_type(data):
    try:
        matches = puremagic.magic_string(data[:8192])
    except (puremagic.PureError, ValueError):
        return None
    if not matches:
        return None
    best = max(match.confidence for match in matches)
    for match in matches:
        if match.confidence == best and match.mime_type in _BY_MIME:
            return _BY_MIME[match.mime_type]
    top = matches[0]
    extension = top.extension.lower()
    key = extension.lstrip(".") or top.mime_type or "unknown"
    return FileType(key, top.mime_type, (extension,) if extension else ())
