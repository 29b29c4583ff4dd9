"""<case>/@@signera: "Signera och skicka in", the last step of the resident's flow.

The page starts a sign order (POST <case>/@sign) and polls ``@eid/collect`` with
the same script as the login page; when the signature is stored, the script posts
the page's form, which submits the case and goes on to the confirmation.
"""

from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zExceptions import Unauthorized

from atvidaberg.etjanster import _
from atvidaberg.etjanster.cases.content import FILL_IN_CASE
from atvidaberg.etjanster.cases.serial import one_submission_at_a_time
from atvidaberg.etjanster.cases.signing import PROVIDER_NAMES
from atvidaberg.etjanster.cases.signing import visible_text
from atvidaberg.etjanster.cases.snapshot import application_of
from atvidaberg.etjanster.cases.submit import NotReady
from atvidaberg.etjanster.cases.submit import submit_case
from atvidaberg.etjanster.dates import today_in_sweden
from atvidaberg.etjanster.login import flow
from atvidaberg.etjanster.login.session import login_provider

CONFIRMATION = "@@bekraftelse"
REVIEW = "@@granska"


class SignView(BrowserView):
    error = None

    def __call__(self):
        self.request.response.setHeader("Cache-Control", "no-store")
        case = self.context
        if case.registration_number:
            return self._redirect(CONFIRMATION)
        if not api.user.has_permission(FILL_IN_CASE, obj=case):
            raise Unauthorized("Only the applicant signs the application.")
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            # The turn first: it may begin the transaction afresh, and the snapshot
            # must be the newest (a step saved in another tab meanwhile).
            one_submission_at_a_time()
            application = application_of(case, self.request)
            if application.signature_is_current:
                try:
                    submit_case(case, self.request, application)
                except NotReady as not_ready:
                    self.error = " ".join(not_ready.translated(self.request))
                else:
                    return self._redirect(CONFIRMATION)
            else:
                self.error = _(
                    "The application is not signed, or it has changed since you "
                    "signed it. Sign it here."
                )
        return self.index()

    def _redirect(self, view):
        self.request.response.redirect(f"{self.context.absolute_url()}/{view}")
        return ""

    def provider(self):
        return login_provider(self.request) or "bankid"

    def provider_name(self):
        return PROVIDER_NAMES[self.provider()]

    def methods(self):
        provider = self.provider()
        return [
            {"device": device, "label": label}
            for device, label in (
                ("same", self._same_device_label(provider)),
                ("other", self._other_device_label(provider)),
            )
            if label and flow.is_enabled(provider, device)
        ]

    @staticmethod
    def _same_device_label(provider):
        return _("Sign with BankID on this device") if provider == "bankid" else None

    @staticmethod
    def _other_device_label(provider):
        if provider == "bankid":
            return _("Sign with Mobilt BankID on another device")
        return _("Sign with Freja eID+")

    def preview(self):
        """The text the resident will see in the app, for reading before signing."""
        user = api.user.get_current()
        return visible_text(
            self.context,
            user.getProperty("fullname") or "",
            today_in_sweden(),
        )

    def sign_url(self):
        return f"{self.context.absolute_url()}/++api++/@sign"

    def api_url(self):
        return f"{api.portal.get().absolute_url()}/++api++/@eid"

    def qr_url(self):
        return f"{api.portal.get().absolute_url()}/@@eid-qr"

    def review_url(self):
        return f"{self.context.absolute_url()}/{REVIEW}"
