"""Checks a file a resident attaches to a case, before it is stored.

Pure: takes the name and bytes, the e-service's limits and an optional virus scanner,
and returns a ``ValidatedFile`` or raises ``AttachmentRefused`` with a Swedish message
(an i18n message; translate it where it is shown).
"""

import hashlib
import logging
import os
import unicodedata
from dataclasses import dataclass

from atvidaberg.etjanster import _
from atvidaberg.etjanster.attachments.scanner import ScannerUnavailable
from atvidaberg.etjanster.attachments.types import DOCX
from atvidaberg.etjanster.attachments.types import HEIC
from atvidaberg.etjanster.attachments.types import JPEG
from atvidaberg.etjanster.attachments.types import KNOWN
from atvidaberg.etjanster.attachments.types import ODT
from atvidaberg.etjanster.attachments.types import PDF
from atvidaberg.etjanster.attachments.types import PNG
from atvidaberg.etjanster.attachments.types import FileType
from atvidaberg.etjanster.attachments.types import detect_type

__all__ = [
    "ALLOWED_DEFAULT",
    "MAX_CASE_BYTES",
    "MAX_FILE_BYTES",
    "AttachmentRefused",
    "FileType",
    "ValidatedFile",
    "detect_type",
    "safe_filename",
    "validate",
]

logger = logging.getLogger("atvidaberg.etjanster.attachments")

MB = 2**20
MAX_FILE_BYTES = 20 * MB
MAX_CASE_BYTES = 50 * MB
ALLOWED_DEFAULT = frozenset(t.key for t in (PDF, JPEG, PNG, HEIC, DOCX, ODT))
MAX_NAME_LENGTH = 120
FALLBACK_STEM = "bilaga"
# Reserved on Windows, where case handlers open the files.
_FORBIDDEN = set('<>:"/\\|?*')
_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL"} | {
    f"{port}{n}" for port in ("COM", "LPT") for n in range(1, 10)
}
_EXTENSIONS = {ext: t for t in KNOWN.values() for ext in t.extensions}


class AttachmentRefused(Exception):
    """The file cannot be attached; ``message`` says why, for the resident."""

    def __init__(self, code, message):
        super().__init__(code, message)
        self.code = code
        self.message = message

    def __str__(self):
        return f"{self.code}: {self.message}"


@dataclass(frozen=True)
class ValidatedFile:
    filename: str
    content_type: str
    type_key: str
    sha256: str
    size: int


def validate(
    filename: str,
    data: bytes,
    allowed=ALLOWED_DEFAULT,
    max_file_bytes: int = MAX_FILE_BYTES,
    case_total_bytes: int = 0,
    max_case_bytes: int = MAX_CASE_BYTES,
    scanner=None,
) -> ValidatedFile:
    """The checked file, or ``AttachmentRefused``.

    ``case_total_bytes`` is the size of the files the case already has. ``scanner``
    is anything with ``scan(data) -> signature name | None`` (see ``ClamdScanner``);
    None means no virus scanning is configured.
    """
    _check_size(len(data), max_file_bytes, case_total_bytes, max_case_bytes)
    file_type = _check_type(filename, data, allowed)
    _check_virus(data, scanner)
    return ValidatedFile(
        filename=safe_filename(filename, file_type),
        content_type=file_type.mime,
        type_key=file_type.key,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )


def _check_size(size, max_file_bytes, case_total_bytes, max_case_bytes):
    if size == 0:
        raise AttachmentRefused("empty", _("The file is empty."))
    if size > max_file_bytes:
        raise AttachmentRefused(
            "too_large",
            _(
                "The file is larger than ${limit} MB.",
                mapping={"limit": megabytes(max_file_bytes)},
            ),
        )
    if case_total_bytes + size > max_case_bytes:
        raise AttachmentRefused(
            "case_too_large",
            _(
                "The attached files may together be at most ${limit} MB. "
                "There is room for ${remaining} MB more.",
                mapping={
                    "limit": megabytes(max_case_bytes),
                    "remaining": megabytes(max(0, max_case_bytes - case_total_bytes)),
                },
            ),
        )


def _check_type(filename, data, allowed):
    detected = detect_type(data)
    claimed = _EXTENSIONS.get(_extension(filename))
    if detected is None or detected.key not in allowed:
        if claimed is not None and claimed.key in allowed:
            raise _mismatch(claimed)
        raise AttachmentRefused(
            "type_not_allowed",
            _(
                "Files of this type cannot be attached. Allowed types: ${types}.",
                mapping={"types": allowed_labels(allowed)},
            ),
        )
    if claimed is not None and claimed.key != detected.key:
        raise _mismatch(claimed)
    return detected


def _mismatch(claimed):
    return AttachmentRefused(
        "type_mismatch",
        _(
            "The file's name says ${type}, but its content is something else. "
            "Save the file again in the right format and attach it once more.",
            mapping={"type": claimed.label or claimed.key.upper()},
        ),
    )


def _check_virus(data, scanner):
    if scanner is None:
        return
    try:
        signature = scanner.scan(data)
    except ScannerUnavailable as error:
        # Administrators must hear of it: every upload is refused until it is fixed.
        logger.warning("A file was refused unscanned: %s", error)
        # Fail closed: an unscanned file would reach the case handlers' computers,
        # and a resident can try again in a while, but a handler cannot un-open it.
        raise AttachmentRefused(
            "scanner_unavailable",
            _(
                "The file could not be checked for viruses just now. "
                "Please try again in a little while."
            ),
        ) from error
    if signature:
        logger.info("A file was refused: the virus scanner found %s.", signature)
        raise AttachmentRefused(
            "infected",
            _(
                "The file contains a virus or other harmful code and cannot be "
                "attached."
            ),
        )


def safe_filename(filename: str, file_type: FileType | None = None) -> str:
    """The last part of ``filename`` without controls or reserved characters.

    Letters such as å, ä and ö are kept (NFC). Unless the name already ends in one
    of ``file_type``'s extensions, the type's extension is added, so that the name
    the case handler sees tells what the content is.
    """
    name = unicodedata.normalize("NFC", filename or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(_clean_char(char) for char in name)
    name = " ".join(name.split()).strip(". ")
    stem, ext = os.path.splitext(name)
    if ext.lower() in _EXTENSIONS:
        ext = ext.lower()
    wrong = file_type is not None and ext not in file_type.extensions
    if wrong and file_type.extensions:
        stem, ext = stem + ext, file_type.extensions[0]
    stem = stem.strip(". ") or FALLBACK_STEM
    if stem.split(".")[0].upper() in _WINDOWS_DEVICES:
        stem = "_" + stem
    return stem[: MAX_NAME_LENGTH - len(ext)].rstrip(". ") + ext


def _clean_char(char):
    # Cf covers the right-to-left override that disguises "fdp.exe" as "exe.pdf".
    if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
        return ""
    return "_" if char in _FORBIDDEN else char


def _extension(filename):
    return os.path.splitext(safe_filename(filename))[1].lower()


def megabytes(size: int) -> str:
    """``size`` in MB the Swedish way: "20", "0,5"."""
    value = round(size / MB, 1)
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def allowed_labels(allowed) -> str:
    labels = [
        KNOWN[key].label or key.upper() for key in sorted(allowed) if key in KNOWN
    ]
    return ", ".join(labels)
