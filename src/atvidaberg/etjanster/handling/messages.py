"""The messages of a case: between the resident and the case officers, and notes.

A message is a persistent record on its case, not content: it is shown, searched and
protected only through its case. External messages are seen by the resident and the
officers; internal notes (``internal``) only by those who handle the case. Files sent
with a message follow the e-service's attachment rules, and count towards the case's
total size together with the files of the application. They are stored and read as
the application's are (``cases.attachments.StoredFile`` and ``FileRecord``).
"""

import secrets
from collections.abc import Sequence
from datetime import UTC
from datetime import datetime

from BTrees.OOBTree import OOBTree
from persistent import Persistent
from persistent.list import PersistentList

from atvidaberg.etjanster import _
from atvidaberg.etjanster.attachments import validate
from atvidaberg.etjanster.cases.attachments import FileRecord
from atvidaberg.etjanster.cases.attachments import configured_scanner
from atvidaberg.etjanster.cases.attachments import limits_of
from atvidaberg.etjanster.cases.attachments import store_file
from atvidaberg.etjanster.cases.attachments import total_size
from atvidaberg.etjanster.cases.content import Case
from atvidaberg.etjanster.content.eservice import EService

RESIDENT = "resident"
OFFICER = "officer"
MAX_TEXT = 10_000  # characters


class MessageRefused(Exception):
    """A message that cannot be kept; ``message`` says why, for the writer."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


class Message(Persistent):
    def __init__(
        self,
        id: str,
        author: str,
        author_id: str,
        text: str,
        created: datetime,
        internal: bool = False,
    ) -> None:
        self.id = id
        self.author = author  # RESIDENT or OFFICER
        self.author_id = author_id
        self.text = text
        self.created = created  # UTC
        self.internal = internal
        self.requests_completion = False
        self.files = PersistentList()  # of StoredFile
        self.read = None  # when the other side first saw it (UTC)

    def seen_by(self, reader: str) -> bool:
        """Whether ``reader`` (RESIDENT or OFFICER) has this message as read."""
        return self.author == reader or self.internal or self.read is not None

    def file_records(self) -> list[FileRecord]:
        """The files sent with the message, as read."""
        return [FileRecord.from_stored(stored) for stored in self.files]


def messages_of(case: Case) -> OOBTree:
    """The case's messages by id (ids sort by time), created on first use."""
    stored = getattr(case, "messages", None)
    if stored is None:
        stored = case.messages = OOBTree()
    return stored


def visible_messages(case: Case, officer: bool) -> list[Message]:
    """Oldest first; internal notes only when ``officer``."""
    return [m for m in messages_of(case).values() if officer or not m.internal]


def message_files_size(case: Case) -> int:
    return sum(f.size for m in messages_of(case).values() for f in m.file_records())


def find_file(case: Case, file_id: str, officer: bool) -> FileRecord | None:
    """The file ``file_id`` among the messages the reader may see, or None."""
    for message in visible_messages(case, officer):
        for record in message.file_records():
            if record.id == file_id:
                return record
    return None


def add_message(
    case: Case,
    author: str,
    author_id: str,
    text: str,
    files: Sequence[tuple[str, bytes]] = (),
    internal: bool = False,
    eservice: EService | None = None,
    now: datetime | None = None,
) -> Message:
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
        message.files.append(store_file(result, data))
    messages_of(case)[message_id] = message
    return message


def unread_count(case: Case, reader: str) -> int:
    return sum(
        1 for message in messages_of(case).values() if not message.seen_by(reader)
    )


def mark_read(case: Case, reader: str, now: datetime | None = None) -> int:
    """Mark the other side's messages as read by ``reader``; how many were new."""
    now = now or datetime.now(UTC)
    fresh = [m for m in messages_of(case).values() if not m.seen_by(reader)]
    for message in fresh:
        message.read = now
    return len(fresh)
