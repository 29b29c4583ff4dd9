"""Download an attachment of a case: only for those who may see the case, always as a
download (Content-Disposition: attachment), so a browser never renders it in the
portal's origin.
"""

from plone.namedfile.utils import set_headers
from plone.namedfile.utils import stream_data
from Products.Five.browser import BrowserView
from zExceptions import NotFound
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

from atvidaberg.etjanster.cases.attachments import attachment_record


@implementer(IPublishTraverse)
class AttachmentDownload(BrowserView):
    attachment_id = None

    def publishTraverse(self, request, name):
        if self.attachment_id is not None:
            raise NotFound(name)
        self.attachment_id = name
        return self

    def __call__(self):
        attachment = attachment_record(self.context, self.attachment_id or "")
        if attachment is None:
            raise NotFound(self.attachment_id)
        response = self.request.response
        set_headers(attachment.file, response, filename=attachment.filename)
        response.setHeader("X-Content-Type-Options", "nosniff")
        return stream_data(attachment.file)
