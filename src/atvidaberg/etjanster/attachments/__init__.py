"""Files residents attach to cases: checking type, size and viruses."""

from atvidaberg.etjanster.attachments.scanner import ClamdScanner
from atvidaberg.etjanster.attachments.scanner import InvalidAddress
from atvidaberg.etjanster.attachments.scanner import ScannerUnavailable
from atvidaberg.etjanster.attachments.scanner import parse_address
from atvidaberg.etjanster.attachments.scanner import scanner_for
from atvidaberg.etjanster.attachments.types import FileType
from atvidaberg.etjanster.attachments.types import detect_type
from atvidaberg.etjanster.attachments.validation import ALLOWED_DEFAULT
from atvidaberg.etjanster.attachments.validation import AttachmentRefused
from atvidaberg.etjanster.attachments.validation import ValidatedFile
from atvidaberg.etjanster.attachments.validation import validate

__all__ = [
    "ALLOWED_DEFAULT",
    "AttachmentRefused",
    "ClamdScanner",
    "FileType",
    "InvalidAddress",
    "ScannerUnavailable",
    "ValidatedFile",
    "detect_type",
    "parse_address",
    "scanner_for",
    "validate",
]
