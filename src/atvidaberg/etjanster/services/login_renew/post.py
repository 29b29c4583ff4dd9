"""POST /Plone/@login-renew: a resident's renewed token is a resident's token.

plone.restapi's own service gives every renewed token its 12 hours and drops our
claims; a resident's lives as long as a session without activity and keeps them
(``login.session.renew_token``). Anyone else (staff, service accounts) gets
plone.restapi's answer.
"""

from plone import api
from plone.restapi.services.auth.renew import Renew

from atvidaberg.etjanster.login.session import renew_token
from atvidaberg.etjanster.pas.setup import get_plugin
from atvidaberg.etjanster.services.base import Service


class ResidentRenew(Renew, Service):
    def reply(self):
        if api.user.is_anonymous():
            return super().reply()
        user_id = api.user.get_current().getId()
        if get_plugin().is_protected(user_id) is None:  # not a resident
            return super().reply()
        # No CSRF exemption here: httpsecurity.origin has checked this POST's origin
        # and lets it write (the request holds a token, not a form's authenticator).
        return {"token": renew_token(user_id, self.request)}
