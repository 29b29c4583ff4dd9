"""<case>/@@bekraftelse: the case is received; its number, the receipt, where to follow it."""

from Products.Five.browser import BrowserView
from zope.i18n import translate
from zope.interface import implementer

from atvidaberg.etjanster import _
from atvidaberg.etjanster.browser.interfaces import IFlowPage
from atvidaberg.etjanster.browser.pages import summary
from atvidaberg.etjanster.cases.access import is_submitted
from atvidaberg.etjanster.cases.answers import date_and_time
from atvidaberg.etjanster.cases.form import visible_steps
from atvidaberg.etjanster.cases.urls import mina_sidor_url
from atvidaberg.etjanster.cases.urls import receipt_url
from atvidaberg.etjanster.flow.page import owners_page
from atvidaberg.etjanster.flow.progress import first_incomplete


@implementer(IFlowPage)
class ConfirmationView(BrowserView):
    def __call__(self):
        case, request = self.context, self.request
        owners_page(case, request)
        if not is_submitted(case):
            return request.response.redirect(first_incomplete(case, request))
        return self.index()

    def page_title(self):
        return translate(_("Application received"), context=self.request)

    def received(self):
        return date_and_time(self.context.received, self.request)

    def receipt_url(self):
        return receipt_url(self.context)

    def mina_sidor_url(self):
        return mina_sidor_url(self.context)

    def summary(self):
        case = self.context
        return summary(case, self.request, visible_steps(case, self.request))
