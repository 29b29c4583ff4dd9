"""Files a resident attaches to a case: checked by content, kept as blobs on the case.

A file is stored as a plain mapping (``StoredFile``, ``StoredAttachment``) so that the
cases already in the ZODB keep working without a migration; everything that reads
one gets a frozen record (``FileRecord``, ``AttachmentRecord``) made from it here.
The files sent with messages (``handling.messages``) are stored and read the same way.
"""

import logging
import secrets
from dataclasses import dataclass
from dataclasses import fields
from typing import Any
from typing import Self
from typing import TypedDict

from BTrees.OOBTree import OOBTree
from persistent.mapping import PersistentMapping
from plone import api
from plone.namedfile.file import NamedBlobFile

from atvidaberg.etjanster.attachments import InvalidAddress
from atvidaberg.etjanster.attachments import ValidatedFile
from atvidaberg.etjanster.attachments import scanner_for
from atvidaberg.etjanster.attachments import validate
from atvidaberg.etjanster.attachments.scanner import Scanner
from atvidaberg.etjanster.attachments.scanner import UnusableScanner
from atvidaberg.etjanster.cases.content import Case
from atvidaberg.etjanster.cases.urls import attachment_url
from atvidaberg.etjanster.content.eservice import EService
from atvidaberg.etjanster.controlpanel.settings import CLAMD_RECORD

MB = 2**20
logger = logging.getLogger("atvidaberg.etjanster.attachments")


class StoredFile(TypedDict):
    """A checked file as kept on the case (a ``PersistentMapping``; old data has it)."""

    id: str
    filename: str
    content_type: str
    size: int
    sha256: str
    file: NamedBlobFile


class StoredAttachment(StoredFile):
    """A file of the application, kept in ``case.attachments`` by its id."""

    field: str | None  # the form field it answers


@dataclass(frozen=True)
class FileRecord:
    """A checked file of a case, as read: what the pages, services and delivery get."""

    id: str
    filename: str
    content_type: str
    size: int
    sha256: str
    file: NamedBlobFile

    @classmethod
    def from_stored(cls, stored: StoredFile) -> Self:
        """The record of its stored mapping: the one place that reads its keys."""
        return cls(**{field.name: stored[field.name] for field in fields(cls)})


@dataclass(frozen=True)
class AttachmentRecord(FileRecord):
    """A file of the application: a ``FileRecord`` that answers a form field."""

    field: str | None


def store_file(checked: ValidatedFile, data: bytes, **extra: Any) -> PersistentMapping:
    """The stored form of a checked file (``StoredFile`` and ``extra``), with a new id."""
    return PersistentMapping(
        id=secrets.token_hex(8),
        **extra,
        filename=checked.filename,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        file=NamedBlobFile(
            data, contentType=checked.content_type, filename=checked.filename
        ),
    )


def configured_scanner() -> Scanner | None:
    """The virus scanner of the control panel's setting; None when it is empty.

    A setting that cannot be used (written to the registry past the form's check)
    gives a scanner that refuses every file: it never switches scanning off.
    """
    address = api.portal.get_registry_record(CLAMD_RECORD, default=None) or ""
    try:
        return scanner_for(address)
    except InvalidAddress as error:
        logger.error("The clamd address in %s cannot be used: %s", CLAMD_RECORD, error)
        return UnusableScanner(f"unusable clamd address: {error}")


def attachments_of(case: Case) -> OOBTree:
    """The case's store of ``StoredAttachment`` by id, created on first use.

    For adding and removing; to read the files, use ``attachment_records``.
    """
    stored = getattr(case, "attachments", None)
    if stored is None:
        stored = case.attachments = OOBTree()
    return stored


def attachment_records(case: Case) -> list[AttachmentRecord]:
    """The application's files, in the order of their ids."""
    return [AttachmentRecord.from_stored(a) for a in attachments_of(case).values()]


def attachment_record(case: Case, attachment_id: str) -> AttachmentRecord | None:
    """The application's file ``attachment_id``, or None."""
    stored = attachments_of(case).get(attachment_id)
    return None if stored is None else AttachmentRecord.from_stored(stored)


def total_size(case: Case) -> int:
    return sum(a.size for a in attachment_records(case))


def limits_of(eservice: EService | None) -> dict[str, Any]:
    """The e-service's file rules as ``validate``'s keywords (its defaults if none)."""
    if eservice is None:
        return {}
    return {
        "allowed": frozenset(eservice.attachment_types or ()),
        "max_file_bytes": eservice.max_file_mb * MB,
        "max_case_bytes": eservice.max_case_mb * MB,
    }


def add_attachment(
    case: Case,
    filename: str,
    data: bytes,
    field: str | None = None,
    eservice: EService | None = None,
) -> AttachmentRecord:
    """Validate and store one file; raises AttachmentRefused with the reason.

    The e-service decides which types and sizes it takes; the control panel's clamd
    setting whether (and where) the file is scanned for viruses.
    """
    checked = validate(
        filename,
        data,
        case_total_bytes=total_size(case),
        scanner=configured_scanner(),
        **limits_of(eservice),
    )
    stored = store_file(checked, data, field=field)
    attachments_of(case)[stored["id"]] = stored
    return AttachmentRecord.from_stored(stored)


def describe(case: Case, attachment: AttachmentRecord) -> dict[str, Any]:
    """The attachment as the REST API shows it."""
    return {
        "@id": f"{case.absolute_url()}/@attachments/{attachment.id}",
        "id": attachment.id,
        "field": attachment.field,
        "filename": attachment.filename,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "download": attachment_url(case.absolute_url(), attachment.id),
    }
