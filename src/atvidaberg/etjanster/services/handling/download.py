"""<case>/@@message-file/<id>: a file sent with a message, always as a download.

Only files of messages the caller may see (``find_file``); served like the
application's attachments (``cases/download.py``), never rendered in the portal's
origin.
"""

from plone.namedfile.utils import set_headers
from plone.namedfile.utils import stream_data
from Products.Five.browser import BrowserView
from zExceptions import NotFound
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

from atvidaberg.etjanster.handling.dialog import may_handle
from atvidaberg.etjanster.handling.messages import find_file


@implementer(IPublishTraverse)
class MessageFileDownload(BrowserView):
    file_id = None

    def publishTraverse(self, request, name):
        if self.file_id is not None:
            raise NotFound(name)
        self.file_id = name
        return self

    def __call__(self):
        record = find_file(
            self.context, self.file_id or "", officer=may_handle(self.context)
        )
        if record is None:
            raise NotFound(self.file_id)
        response = self.request.response
        set_headers(record.file, response, filename=record.filename)
        response.setHeader("X-Content-Type-Options", "nosniff")
        return stream_data(record.file)
