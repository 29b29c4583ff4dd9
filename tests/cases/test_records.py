"""The records of a case are read from their stored form as it is in the ZODB."""

import dataclasses
from datetime import UTC
from datetime import datetime

import pytest
from DateTime import DateTime
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping

from atvidaberg.etjanster.cases.attachments import AttachmentRecord
from atvidaberg.etjanster.cases.attachments import FileRecord
from atvidaberg.etjanster.cases.attachments import attachment_record
from atvidaberg.etjanster.cases.attachments import attachment_records
from atvidaberg.etjanster.handling.messages import Message
from atvidaberg.etjanster.handling.status import HistoryEntry
from atvidaberg.etjanster.handling.status import history

STORED = {
    "id": "0a1b2c3d4e5f6071",
    "field": "situationsplan",
    "filename": "plan.pdf",
    "content_type": "application/pdf",
    "size": 1234,
    "sha256": "ab" * 32,
    "file": object(),  # a NamedBlobFile on a real case
}


class Case:
    """Only what the readers ask of a case."""


def test_a_stored_attachment_reads_as_a_frozen_record():
    case = Case()
    case.attachments = {STORED["id"]: PersistentMapping(STORED)}
    [record] = attachment_records(case)
    assert record == AttachmentRecord(**STORED)
    assert attachment_record(case, STORED["id"]) == record
    assert attachment_record(case, "missing") is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.filename = "other.pdf"


def test_a_message_file_has_no_field():
    message = Message("m1", "resident", "anna", "Här", datetime.now(UTC))
    message.files.append(
        PersistentMapping({k: v for k, v in STORED.items() if k != "field"})
    )
    [record] = message.file_records()
    assert type(record) is FileRecord
    assert record.filename == "plan.pdf"


def test_history_shows_the_resident_only_public_comments_and_no_actors():
    case = Case()
    sent = datetime(2026, 3, 2, 9, tzinfo=UTC)
    case.workflow_history = {
        "case_workflow": (
            {"action": None, "time": DateTime(sent), "comments": ""},
            {
                "action": "submit",
                "time": DateTime(sent),
                "actor": "anna",
                "comments": "x",
            },
            {
                "action": "start_review",
                "time": DateTime(sent.replace(hour=10)),
                "actor": "olle",
                "comments": "intern",
            },
            {
                "action": "close",
                "time": DateTime(sent.replace(hour=12)),
                "actor": "olle",
                "comments": "Beviljas.",
            },
        )
    }
    asked = sent.replace(hour=11)
    case.events = PersistentList([{"action": "request_completion", "time": asked}])
    resident = history(case)
    assert [(e.action, e.comment, e.actor) for e in resident] == [
        ("submit", "", None),
        ("start_review", "", None),
        ("request_completion", "", None),
        ("close", "Beviljas.", None),
    ]
    assert resident[2] == HistoryEntry("request_completion", asked)
    officers = history(case, officers=True)
    assert [(e.action, e.comment, e.actor) for e in officers] == [
        ("submit", "x", None),
        ("start_review", "intern", "olle"),
        ("request_completion", "", None),
        ("close", "Beviljas.", "olle"),
    ]
