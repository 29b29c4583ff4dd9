"""The files of a case, always as downloads, for those who may see the case.

Three pages hand out a case's files: ``<case>/@@attachment/<id>`` (the application's
attachments), ``<case>/@@message-file/<id>`` (files sent with messages, only those of
messages the caller may see: ``handling.messages.find_file``) and ``<case>/@@receipt``
(the receipt PDF). They stream the blob the same way (``stream``): with
Content-Disposition: attachment and the declared type (nosniff), so that a browser
never renders a resident's file in the portal's origin.
"""

from plone.namedfile.utils import set_headers
from plone.namedfile.utils import stream_data
from Products.Five.browser import BrowserView
from zExceptions import NotFound
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

from atvidaberg.etjanster.cases.attachments import FileRecord
from atvidaberg.etjanster.cases.attachments import attachment_record
from atvidaberg.etjanster.handling.dialog import may_handle
from atvidaberg.etjanster.handling.messages import find_file


def stream(response, blob, filename):
    """``blob`` (a NamedBlobFile) as a download named ``filename``."""
    set_headers(blob, response, filename=filename)
    response.setHeader("X-Content-Type-Options", "nosniff")
    return stream_data(blob)


@implementer(IPublishTraverse)
class FileDownload(BrowserView):
    """``<case>/@@<name>/<id>``: one name after the view, the file's id."""

    file_id = None

    def publishTraverse(self, request, name):
        if self.file_id is not None:
            raise NotFound(name)
        self.file_id = name
        return self

    def find(self, file_id: str) -> FileRecord | None:
        """The file's record, or None."""
        raise NotImplementedError

    def __call__(self):
        record = self.find(self.file_id or "")
        if record is None:
            raise NotFound(self.file_id)
        return stream(self.request.response, record.file, record.filename)


class AttachmentDownload(FileDownload):
    def find(self, file_id):
        return attachment_record(self.context, file_id)


class MessageFileDownload(FileDownload):
    def find(self, file_id):
        return find_file(self.context, file_id, officer=may_handle(self.context))


class ReceiptDownload(BrowserView):
    def __call__(self):
        receipt = getattr(self.context, "receipt", None)
        if receipt is None:
            raise NotFound("This case has no receipt yet.")
        return stream(self.request.response, receipt, receipt.filename)
