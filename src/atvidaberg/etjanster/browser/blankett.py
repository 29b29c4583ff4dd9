"""A blankett: download it, fill it in, sign it by hand, and hand it in."""

from Products.Five.browser import BrowserView

from atvidaberg.etjanster import _
from atvidaberg.etjanster.browser.contact import contact_centre

FORMATS = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.oasis.opendocument.text": "ODT",
}


class BlankettView(BrowserView):
    def contact_centre(self):
        return contact_centre()

    def download(self):
        file = self.context.file
        if file is None:
            return None
        return {
            "url": f"{self.context.absolute_url()}/@@download/file/{file.filename}",
            "filename": file.filename,
            "format": FORMATS.get(file.contentType, _("document")),
            "size_kb": max(1, round(file.getSize() / 1024)),
        }
