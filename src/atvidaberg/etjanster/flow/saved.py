"""<case>/@@sparat: "Spara och fortsätt senare" leads here; the draft waits on Mina sidor."""

from zope.i18n import translate
from zope.interface import implementer

from atvidaberg.etjanster import _
from atvidaberg.etjanster.browser.interfaces import IFlowPage
from atvidaberg.etjanster.cases.cleanup import retention_days
from atvidaberg.etjanster.cases.form import visible_steps
from atvidaberg.etjanster.cases.urls import mina_sidor_url
from atvidaberg.etjanster.cases.urls import step_url
from atvidaberg.etjanster.flow.page import DraftPage
from atvidaberg.etjanster.flow.progress import first_incomplete


@implementer(IFlowPage)
class SavedView(DraftPage):
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
