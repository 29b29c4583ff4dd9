"""<case>/@@sparat: "Spara och fortsätt senare" leads here; the draft waits on Mina sidor."""

from Products.Five.browser import BrowserView
from zope.i18n import translate
from zope.interface import implementer

from atvidaberg.etjanster import _
from atvidaberg.etjanster.browser.interfaces import IFlowPage
from atvidaberg.etjanster.browser.pages import private_page
from atvidaberg.etjanster.cases.access import is_submitted
from atvidaberg.etjanster.cases.access import require_owner
from atvidaberg.etjanster.cases.cleanup import retention_days
from atvidaberg.etjanster.cases.form import visible_steps
from atvidaberg.etjanster.cases.urls import confirmation_url
from atvidaberg.etjanster.cases.urls import mina_sidor_url
from atvidaberg.etjanster.cases.urls import step_url
from atvidaberg.etjanster.flow.progress import first_incomplete


@implementer(IFlowPage)
class SavedView(BrowserView):
    def __call__(self):
        case, request = self.context, self.request
        require_owner(case)
        private_page(request)
        if is_submitted(case):
            return request.response.redirect(confirmation_url(case))
        return self.index()

    def page_title(self):
        return translate(_("Your draft is saved"), context=self.request)

    def continue_url(self):
        wanted = self.request.form.get("steg")
        shown = [s.id for s in visible_steps(self.context, self.request)]
        if wanted in shown:
            return step_url(self.context, wanted)
        return first_incomplete(self.context, self.request)

    def mina_sidor_url(self):
        return mina_sidor_url(self.context)

    def retention_days(self):
        return retention_days()
