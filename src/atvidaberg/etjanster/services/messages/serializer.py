"""A message of the case's dialog as ``@messages`` answers it (GET's items, POST's
answer)."""

from plone.restapi.serializer.converters import json_compatible

from atvidaberg.etjanster.cases.attachments import FileRecord
from atvidaberg.etjanster.cases.urls import message_file_url
from atvidaberg.etjanster.handling.messages import Message


def describe_file(case, record: FileRecord) -> dict:
    return {
        "id": record.id,
        "filename": record.filename,
        "content_type": record.content_type,
        "size": record.size,
        "sha256": record.sha256,
        "download": message_file_url(case.absolute_url(), record.id),
    }


def describe(case, message: Message) -> dict:
    return {
        "id": message.id,
        "author": message.author,
        "text": message.text,
        "created": json_compatible(message.created),
        "internal": message.internal,
        "requests_completion": message.requests_completion,
        "read": json_compatible(message.read),
        "files": [describe_file(case, record) for record in message.file_records()],
    }
