"""Build the MIME message of a job with the standard library's `email` package."""

import email.policy
import json
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from email.generator import BytesGenerator
from email.message import EmailMessage
from email.utils import formatdate
from email.utils import make_msgid
from typing import TYPE_CHECKING
from typing import Any
from typing import BinaryIO

if TYPE_CHECKING:
    from plone.namedfile.file import NamedBlobFile
    from plone.namedfile.file import NamedFile

# An attachment as given: (filename, content type or None, payload), the payload
# bytes, a ZODB blob or a plone.namedfile file; or such a file itself.
AttachmentPart = tuple[str, str | None, Any]


def attachment_bytes(payload: Any) -> bytes:
    """Bytes of an attachment given as bytes, a ZODB blob or a plone.namedfile file."""
    if isinstance(payload, (bytes, bytearray, memoryview)):
        return bytes(payload)
    if hasattr(payload, "open"):  # ZODB.blob.Blob, NamedBlobFile
        with payload.open() as fp:
            return fp.read()
    if hasattr(payload, "data"):
        return bytes(payload.data)
    raise TypeError(f"Unsupported attachment payload: {type(payload).__name__}")


def normalize_attachment(
    attachment: "AttachmentPart | NamedFile | NamedBlobFile",
) -> tuple[str, str, Any]:
    """(filename, content_type, payload) from a tuple or a plone.namedfile file."""
    if isinstance(attachment, tuple):
        filename, content_type, payload = attachment
    else:
        filename = attachment.filename
        content_type = attachment.contentType
        payload = attachment
    return filename, content_type or "application/octet-stream", payload


def build_message(
    *,
    sender: str,
    recipients: Sequence[str],
    subject: str,
    body: str,
    html: str | None = None,
    attachments: Iterable["AttachmentPart | NamedFile | NamedBlobFile"] = (),
    headers: Mapping[str, str] | None = None,
) -> EmailMessage:
    """An `EmailMessage`: text (and optional HTML) body, every attachment a part."""
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    for attachment in attachments:
        filename, content_type, payload = normalize_attachment(attachment)
        data = attachment_bytes(payload)
        maintype, _, subtype = content_type.partition("/")
        if maintype == "text":
            # Keep text attachments byte for byte (JSON, CSV): base64, not re-encoded.
            message.add_attachment(
                data, maintype="text", subtype=subtype or "plain", filename=filename
            )
        else:
            message.add_attachment(
                data,
                maintype=maintype,
                subtype=subtype or "octet-stream",
                filename=filename,
            )
    return message


def json_attachment(filename: str, data: Any) -> tuple[str, str, bytes]:
    """Form data as a UTF-8 JSON attachment tuple."""
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str)
    return (filename, "application/json", text.encode("utf-8"))


def write_message(message: EmailMessage, fp: BinaryIO) -> None:
    BytesGenerator(fp, policy=email.policy.SMTP).flatten(message)
