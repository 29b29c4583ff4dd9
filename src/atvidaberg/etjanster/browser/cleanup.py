from Products.Five.browser import BrowserView

from atvidaberg.etjanster.cases.cleanup import purge_old_drafts
from atvidaberg.etjanster.httpsecurity.csrf import write_without_form_token


class PurgeDrafts(BrowserView):
    """POST by a daily cron job with an administrator's credentials."""

    def __call__(self):
        response = self.request.response
        response.setHeader("Content-Type", "text/plain; charset=utf-8")
        if self.request.method != "POST":
            response.setStatus(405)
            return "Use POST."
        write_without_form_token(self.request)  # basic auth from cron, no form
        return f"{purge_old_drafts()} draft(s) purged.\n"
