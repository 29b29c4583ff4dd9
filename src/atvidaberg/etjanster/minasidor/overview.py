"""<EServicePortal>/mina-sidor: the resident's drafts and cases, in three lists.

A restricted catalog query for the cases the current user started (``Creator``); the
rows are metadata only, so no case is woken up to be listed. External e-services have
no cases, so they never appear here.
"""

from urllib.parse import quote

from plone import api
from Products.Five.browser import BrowserView
from zope.i18n import translate
from zope.interface import implementer

from atvidaberg.etjanster import _
from atvidaberg.etjanster.browser.interfaces import IFlowPage
from atvidaberg.etjanster.browser.pages import private_page
from atvidaberg.etjanster.cases.access import DRAFT
from atvidaberg.etjanster.cases.answers import date_and_time
from atvidaberg.etjanster.cases.urls import case_page_url
from atvidaberg.etjanster.cases.urls import remove_url
from atvidaberg.etjanster.handling.listings import resident_cases
from atvidaberg.etjanster.handling.status import CLOSED
from atvidaberg.etjanster.handling.status import RESIDENT_LABELS

VIEW_NAME = "mina-sidor"


@implementer(IFlowPage)
class MinaSidorView(BrowserView):
    def __call__(self):
        request = self.request
        if api.user.is_anonymous():
            return request.response.redirect(self.login_url())
        private_page(request)
        self.drafts, self.ongoing, self.closed = [], [], []
        for brain in resident_cases(api.user.get_current().getId()):
            if brain.review_state == DRAFT:
                self.drafts.append(self._draft(brain))
            elif brain.review_state == CLOSED:
                self.closed.append(self._case(brain))
            else:
                self.ongoing.append(self._case(brain))
        return self.index()

    def page_title(self):
        return translate(_("Mina sidor"), context=self.request)

    def login_url(self):
        came_from = quote(f"{self.context.absolute_url()}/{VIEW_NAME}", safe="")
        return f"{api.portal.get().absolute_url()}/@@eid-login?came_from={came_from}"

    def _changed(self, brain):
        return date_and_time(brain.modified.asdatetime(), self.request)

    def _draft(self, brain):
        url = brain.getURL()
        return {
            "title": brain.Title,
            "modified": self._changed(brain),
            "continue_url": url,
            "remove_url": remove_url(url),
        }

    def _case(self, brain):
        label = RESIDENT_LABELS.get(brain.case_status)
        return {
            "title": brain.Title,
            "url": case_page_url(brain.getURL()),
            "number": brain.registration_number or "",
            "status": translate(label, context=self.request) if label else "",
            "status_id": brain.case_status or "",
            "modified": self._changed(brain),
            "unread": brain.unread_by_resident or 0,
        }
