"""<case>/@@receipt: the receipt PDF, for those who may see the case."""

from plone.namedfile.utils import set_headers
from plone.namedfile.utils import stream_data
from Products.Five.browser import BrowserView
from zExceptions import NotFound


class ReceiptDownload(BrowserView):
    def __call__(self):
        receipt = getattr(self.context, "receipt", None)
        if receipt is None:
            raise NotFound("This case has no receipt yet.")
        set_headers(receipt, self.request.response, filename=receipt.filename)
        return stream_data(receipt)
