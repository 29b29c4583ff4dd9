"""The files of a case as the resident's pages list them."""

from zope.i18n import translate

from atvidaberg.etjanster import _
from atvidaberg.etjanster.attachments.types import KNOWN
from atvidaberg.etjanster.cases.attachments import AttachmentRecord
from atvidaberg.etjanster.cases.attachments import attachment_records
from atvidaberg.etjanster.cases.urls import attachment_url
from atvidaberg.etjanster.dates import file_size


def describe(case, attachment: AttachmentRecord) -> dict[str, str | None]:
    """A file as a row of the pages: its size for people, its download link."""
    return {
        "id": attachment.id,
        "field": attachment.field,
        "filename": attachment.filename,
        "size": file_size(attachment.size),
        "download": attachment_url(case.absolute_url(), attachment.id),
    }


def all_files(case) -> list[dict[str, str | None]]:
    return [describe(case, a) for a in attachment_records(case)]


def files_of_field(case, name: str) -> list[dict[str, str | None]]:
    return [describe(case, a) for a in attachment_records(case) if a.field == name]


def file_rules(eservice, request) -> tuple[str, str]:
    """What the e-service takes, for the help text, and the input's accept list."""
    if eservice is None:
        return "", ""
    types = [KNOWN[key] for key in eservice.attachment_types or () if key in KNOWN]
    if not types:
        return "", ""
    text = translate(
        _(
            "You can attach ${types}, at most ${size} MB a file.",
            mapping={
                "types": ", ".join(t.label or t.key.upper() for t in types),
                "size": eservice.max_file_mb,
            },
        ),
        context=request,
    )
    accept = ",".join(ext for t in types for ext in t.extensions)
    return text, accept
