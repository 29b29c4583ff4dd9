"""The login page "Logga in med e-legitimation" and the QR image it refreshes."""

from urllib.parse import quote

from plone import api
from Products.Five.browser import BrowserView

from atvidaberg.etjanster.eid.qr import qr_svg_document
from atvidaberg.etjanster.login import flow
from atvidaberg.etjanster.login.settings import METHOD_BANKID_OTHER
from atvidaberg.etjanster.login.settings import METHOD_BANKID_SAME
from atvidaberg.etjanster.login.settings import METHOD_FREJA
from atvidaberg.etjanster.login.transaction import BINDING_COOKIE
from atvidaberg.etjanster.login.transaction import TransactionError


class EidLoginView(BrowserView):
    def __call__(self):
        self.request.response.setHeader("Cache-Control", "no-store")
        return self.index()

    def came_from(self):
        return flow.safe_came_from(self.request.form.get("came_from"))

    def methods(self):
        enabled = flow.providers.setting("enabled_methods") or []
        return {
            "bankid_same": METHOD_BANKID_SAME in enabled,
            "bankid_other": METHOD_BANKID_OTHER in enabled,
            "freja": METHOD_FREJA in enabled,
        }

    def api_url(self):
        return f"{api.portal.get().absolute_url()}/++api++/@eid"

    def qr_url(self):
        return f"{api.portal.get().absolute_url()}/@@eid-qr"

    def staff_login_url(self):
        came_from = quote(self.came_from(), safe="")
        return f"{api.portal.get().absolute_url()}/login?came_from={came_from}"


class EidQrImage(BrowserView):
    """The current animated-QR frame as SVG; the secret never leaves the server."""

    def __call__(self):
        response = self.request.response
        response.setHeader("Cache-Control", "no-store")
        try:
            data = flow.current_qr(
                self.request.form.get("transaction"),
                self.request.cookies.get(BINDING_COOKIE),
            )
        except TransactionError:
            data = None
        if not data:
            response.setStatus(400)
            response.setHeader("Content-Type", "text/plain; charset=utf-8")
            return "No QR code for this transaction."
        response.setHeader("Content-Type", "image/svg+xml")
        return qr_svg_document(data)
