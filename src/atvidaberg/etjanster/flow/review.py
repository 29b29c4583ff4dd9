"""<case>/@@granska: the whole application before it is sent in.

Every shown step's answers with a link to change them, the attached files, and what
is still missing. POST "Skicka in" submits the case (``cases.submit.submit_case``)
and leads to the confirmation; an e-service that requires signing leads to
``<case>/@@signera`` instead, which submits the case itself once it is signed.
"""

from plone.protect import CheckAuthenticator
from zExceptions import Forbidden
from zope.i18n import translate
from zope.interface import implementer

from atvidaberg.etjanster import _
from atvidaberg.etjanster.browser.files import all_files
from atvidaberg.etjanster.browser.interfaces import IFlowPage
from atvidaberg.etjanster.browser.pages import prepare
from atvidaberg.etjanster.browser.pages import summary
from atvidaberg.etjanster.cases.access import may_edit
from atvidaberg.etjanster.cases.content import eservice_of
from atvidaberg.etjanster.cases.form import visible_steps
from atvidaberg.etjanster.cases.signing import signature_is_current
from atvidaberg.etjanster.cases.submit import NotReady
from atvidaberg.etjanster.cases.submit import submit_case
from atvidaberg.etjanster.cases.urls import confirmation_url
from atvidaberg.etjanster.cases.urls import review_url
from atvidaberg.etjanster.cases.urls import sign_url
from atvidaberg.etjanster.flow.page import DraftPage
from atvidaberg.etjanster.flow.progress import indicator


@implementer(IFlowPage)
class ReviewView(DraftPage):
    errors = ()

    def render(self):
        case, request = self.context, self.request
        prepare(case, request)
        if request.method == "POST":
            return self.submit()
        self.update()
        return self.index()

    def update(self):
        self.shown = visible_steps(self.context, self.request)
        self.summary = summary(self.context, self.request, self.shown)
        self.files = all_files(self.context)

    def submit(self):
        CheckAuthenticator(self.request)
        if not may_edit(self.context):
            raise Forbidden("Only the owner may send in a draft.")
        try:
            submit_case(self.context, self.request)
        except NotReady:
            self.update()
            self.errors = self.reasons() or [
                {
                    "text": translate(
                        _("The application could not be sent in"), context=self.request
                    ),
                    "url": review_url(self.context),
                }
            ]
            return self.index()
        return self.request.response.redirect(confirmation_url(self.context))

    def reasons(self):
        """Why the case cannot be sent in yet, in the resident's words, with links."""
        request = self.request
        reasons = [
            {
                "text": translate(
                    _(
                        "The step ${title} is not complete.",
                        mapping={"title": step["title"]},
                    ),
                    context=request,
                ),
                "url": step["url"],
            }
            for step in self.summary
            if not step["complete"]
        ]
        if not self.summary:
            reasons.append(
                {
                    "text": translate(
                        _("The e-service has no form to fill in."), context=request
                    ),
                    "url": None,
                }
            )
        if self.requires_signature() and not signature_is_current(
            self.context, self.request
        ):
            reasons.append(
                {
                    "text": translate(
                        _("The application must be signed before it is sent in."),
                        context=request,
                    ),
                    "url": sign_url(self.context) if self.complete() else None,
                }
            )
        return reasons

    def incomplete(self):
        return [step for step in self.summary if not step["complete"]]

    def complete(self):
        return bool(self.summary) and not self.incomplete()

    def requires_signature(self):
        eservice = eservice_of(self.context)
        return bool(eservice is not None and eservice.requires_signature)

    def steps(self):
        return indicator(self.context, self.request, self.shown)

    def page_title(self):
        return translate(_("Review and send in"), context=self.request)

    def sign_url(self):
        return sign_url(self.context)

    def action_url(self):
        return review_url(self.context)
