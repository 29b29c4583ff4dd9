"""Files a resident attaches to a case: checked by content, kept as blobs on the case."""

import logging
import secrets

from BTrees.OOBTree import OOBTree
from persistent.mapping import PersistentMapping
from plone import api
from plone.namedfile.file import NamedBlobFile

from atvidaberg.etjanster.attachments import InvalidAddress
from atvidaberg.etjanster.attachments import scanner_for
from atvidaberg.etjanster.attachments import validate
from atvidaberg.etjanster.attachments.scanner import UnusableScanner
from atvidaberg.etjanster.controlpanel.settings import CLAMD_RECORD

MB = 2**20
logger = logging.getLogger("atvidaberg.etjanster.attachments")


def configured_scanner():
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


def attachments_of(case):
    stored = getattr(case, "attachments", None)
    if stored is None:
        stored = case.attachments = OOBTree()
    return stored


def total_size(case):
    return sum(item["size"] for item in attachments_of(case).values())


def limits_of(eservice):
    """The e-service's file rules as ``validate``'s keywords (its defaults if none)."""
    if eservice is None:
        return {}
    return {
        "allowed": frozenset(eservice.attachment_types or ()),
        "max_file_bytes": eservice.max_file_mb * MB,
        "max_case_bytes": eservice.max_case_mb * MB,
    }


def add_attachment(case, filename, data, field=None, eservice=None):
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
    attachment_id = secrets.token_hex(8)
    attachments_of(case)[attachment_id] = PersistentMapping(
        id=attachment_id,
        field=field,
        filename=checked.filename,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        file=NamedBlobFile(
            data, contentType=checked.content_type, filename=checked.filename
        ),
    )
    return attachments_of(case)[attachment_id]


def describe(case, attachment):
    return {
        "@id": f"{case.absolute_url()}/@attachments/{attachment['id']}",
        "id": attachment["id"],
        "field": attachment["field"],
        "filename": attachment["filename"],
        "content_type": attachment["content_type"],
        "size": attachment["size"],
        "sha256": attachment["sha256"],
        "download": f"{case.absolute_url()}/@@attachment/{attachment['id']}",
    }
