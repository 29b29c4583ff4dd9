from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from zope.interface import alsoProvides

from atvidaberg.etjanster.cases.cleanup import purge_old_drafts


class PurgeDrafts(BrowserView):
    """POST by a daily cron job with an administrator's credentials."""

    def __call__(self):
        response = self.request.response
        response.setHeader("Content-Type", "text/plain; charset=utf-8")
        if self.request.method != "POST":
            response.setStatus(405)
            return "Use POST."
        alsoProvides(self.request, IDisableCSRFProtection)  # basic auth from cron
        return f"{purge_old_drafts()} draft(s) purged.\n"
