"""<case>/@@ta-bort: the resident deletes a draft, after saying yes on this page.

Only the owner, only a draft (a sent-in case is a public record), only by POST with
the CSRF token. The case folder gives residents no rights of its own, so the draft is
removed from it directly once those checks have passed, as the clean-up does.
"""

from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import Forbidden
from zope.i18n import translate
from zope.interface import implementer

from atvidaberg.etjanster import _
from atvidaberg.etjanster.browser.interfaces import IFlowPage
from atvidaberg.etjanster.cases.access import is_draft
from atvidaberg.etjanster.cases.access import is_submitted
from atvidaberg.etjanster.cases.answers import date_and_time
from atvidaberg.etjanster.cases.urls import case_page_url
from atvidaberg.etjanster.cases.urls import mina_sidor_url
from atvidaberg.etjanster.cases.urls import remove_url
from atvidaberg.etjanster.flow.page import owners_page


def is_removable(case):
    return (
        not is_submitted(case)
        and is_draft(case)
        and api.user.has_permission("Delete objects", obj=case)
    )


@implementer(IFlowPage)
class RemoveDraftView(BrowserView):
    def __call__(self):
        case, request = self.context, self.request
        owners_page(case, request)
        if not is_removable(case):
            if request.method == "POST":
                raise Forbidden("Only a draft can be removed.")
            return request.response.redirect(case_page_url(case.absolute_url()))
        if request.method == "POST":
            return self.remove()
        return self.index()

    def remove(self):
        CheckAuthenticator(self.request)
        case = self.context
        title, back = case.Title(), mina_sidor_url(case)
        case.aq_parent._delObject(case.getId(), suppress_events=False)
        IStatusMessage(self.request).add(
            translate(
                _("The draft of ${title} is removed.", mapping={"title": title}),
                context=self.request,
            ),
            type="info",
        )
        return self.request.response.redirect(back)

    def page_title(self):
        return translate(_("Remove the draft"), context=self.request)

    def modified(self):
        return date_and_time(self.context.modified().asdatetime(), self.request)

    def action_url(self):
        return remove_url(self.context.absolute_url())

    def mina_sidor_url(self):
        return mina_sidor_url(self.context)
