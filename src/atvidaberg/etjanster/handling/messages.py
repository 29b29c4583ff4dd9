"""The messages of a case: between the resident and the case officers, and notes.

A message is a persistent record on its case, not content: it is shown, searched and
protected only through its case. External messages are seen by the resident and the
officers; internal notes (``internal``) only by those who handle the case. Files sent
with a message follow the e-service's attachment rules, and count towards the case's
total size together with the files of the application.
"""

import secrets
from datetime import UTC
from datetime import datetime

from BTrees.OOBTree import OOBTree
from persistent import Persistent
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone.namedfile.file import NamedBlobFile

from atvidaberg.etjanster import _
from atvidaberg.etjanster.attachments import validate
from atvidaberg.etjanster.cases.attachments import configured_scanner
from atvidaberg.etjanster.cases.attachments import limits_of
from atvidaberg.etjanster.cases.attachments import total_size

RESIDENT = "resident"
OFFICER = "officer"
MAX_TEXT = 10_000  # characters


class MessageRefused(Exception):
    """A message that cannot be kept; ``message`` says why, for the writer."""

    def __init__(self, code, message):
        super().__init__(code)
        self.code = code
        self.message = message


class Message(Persistent):
    def __init__(self, id, author, author_id, text, created, internal=False):
        self.id = id
        self.author = author  # RESIDENT or OFFICER
        self.author_id = author_id
        self.text = text
        self.created = created  # UTC
        self.internal = internal
        self.requests_completion = False
        self.files = PersistentList()
        self.read = None  # when the other side first saw it (UTC)

    def seen_by(self, reader):
        """Whether ``reader`` (RESIDENT or OFFICER) has this message as read."""
        return self.author == reader or self.internal or self.read is not None


def messages_of(case):
    stored = getattr(case, "messages", None)
    if stored is None:
        stored = case.messages = OOBTree()
    return stored


def visible_messages(case, officer):
    """Oldest first; internal notes only when ``officer``."""
    return [m for m in messages_of(case).values() if officer or not m.internal]


def message_files_size(case):
    return sum(f["size"] for m in messages_of(case).values() for f in m.files)


def find_file(case, file_id, officer):
    """The file record ``file_id`` among the messages the reader may see, or None."""
    for message in visible_messages(case, officer):
        for record in message.files:
            if record["id"] == file_id:
                return record
    return None


def add_message(
    case, author, author_id, text, files=(), internal=False, eservice=None, now=None
):
    """Check and keep a message; MessageRefused or AttachmentRefused say why not.

    ``files`` are (filename, bytes) pairs. Nothing is kept unless everything passes.
    """
    text = (text or "").strip()
    if not text and not files:
        raise MessageRefused("empty", _("Write a message or attach a file."))
    if len(text) > MAX_TEXT:
        raise MessageRefused(
            "too_long",
            _(
                "The message is longer than ${limit} characters.",
                mapping={"limit": MAX_TEXT},
            ),
        )
    if internal and files:
        raise MessageRefused("note_files", _("An internal note cannot have files."))
    used = total_size(case) + message_files_size(case)
    scanner = configured_scanner() if files else None
    checked = []
    for filename, data in files:
        result = validate(
            filename,
            data,
            case_total_bytes=used,
            scanner=scanner,
            **limits_of(eservice),
        )
        used += result.size
        checked.append((result, data))
    created = now or datetime.now(UTC)
    message_id = f"{created:%Y%m%d%H%M%S%f}-{secrets.token_hex(3)}"
    message = Message(message_id, author, author_id, text, created, internal)
    for result, data in checked:
        message.files.append(
            PersistentMapping(
                id=secrets.token_hex(8),
                filename=result.filename,
                content_type=result.content_type,
                size=result.size,
                sha256=result.sha256,
                file=NamedBlobFile(
                    data, contentType=result.content_type, filename=result.filename
                ),
            )
        )
    messages_of(case)[message_id] = message
    return message


def unread_count(case, reader):
    return sum(
        1 for message in messages_of(case).values() if not message.seen_by(reader)
    )


def mark_read(case, reader, now=None):
    """Mark the other side's messages as read by ``reader``; how many were new."""
    now = now or datetime.now(UTC)
    fresh = [m for m in messages_of(case).values() if not m.seen_by(reader)]
    for message in fresh:
        message.read = now
    return len(fresh)
