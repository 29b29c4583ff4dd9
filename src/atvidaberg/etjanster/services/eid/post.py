"""POST /Plone/@eid/start, /collect and /cancel: e-legitimation for headless clients.

The login page uses the same endpoints. Bad input (unknown action, broken JSON, a
tampered, expired or foreign transaction) gets 400 with a JSON error, never a 500.
"""

import json
import logging

from plone import api

from atvidaberg.etjanster import _
from atvidaberg.etjanster.eid.types import EidError
from atvidaberg.etjanster.login import flow
from atvidaberg.etjanster.login.limits import TOO_MANY_STARTS
from atvidaberg.etjanster.login.limits import TooManyStarts
from atvidaberg.etjanster.login.transaction import BINDING_COOKIE
from atvidaberg.etjanster.login.transaction import TransactionError
from atvidaberg.etjanster.login.transaction import new_binding
from atvidaberg.etjanster.services.base import PathParamsService
from atvidaberg.etjanster.services.handling.errors import error

ACTIONS = ("start", "collect", "cancel")
logger = logging.getLogger(__name__)


def ensure_binding(request):
    """The browser's binding nonce, set as a cookie for the whole portal if new."""
    binding = request.cookies.get(BINDING_COOKIE) or new_binding()
    portal_path = "/" + api.portal.get().absolute_url(1).lstrip("/")
    request.response.setCookie(
        BINDING_COOKIE,
        binding,
        path=portal_path,
        http_only=True,
        same_site="Strict",
        secure=request.get("SERVER_URL", "").startswith("https:"),
    )
    return binding


def too_many_starts(request, error):
    """429 with ``Retry-After`` and a message in the reader's language."""
    request.response.setStatus(429)
    request.response.setHeader("Retry-After", str(error.seconds))
    text = api.portal.translate(
        _(TOO_MANY_STARTS, mapping={"seconds": error.seconds}),
        domain="atvidaberg.etjanster",
        lang=flow.language(),
    )
    return {
        "error": {
            "type": "TooManyRequests",
            "message": text,
            "retryAfter": error.seconds,
        }
    }


class EidPost(PathParamsService):
    def reply(self):
        action = self.params[0] if len(self.params) == 1 else None
        if action not in ACTIONS:
            return self._bad_request(_("Use @eid/start, @eid/collect or @eid/cancel."))
        try:
            data = json.loads(self.request.get("BODY") or b"{}")
        except ValueError:
            return self._bad_request(_("Send the request's body as a JSON object."))
        if not isinstance(data, dict):
            return self._bad_request(_("Send the request's body as a JSON object."))
        try:
            return getattr(self, action)(data)
        except (flow.LoginError, TransactionError) as bad:
            return self._bad_request(bad.args[0])
        except TooManyStarts as limited:
            return too_many_starts(self.request, limited)
        except EidError as failure:
            # Only start can get here: collect and cancel answer failures as a status.
            logger.warning("eID start failed on the relying party's side: %s", failure)
            self.request.response.setStatus(503)
            message = flow.user_message(failure.message_code)
            return {"error": {"type": "EidUnavailable", **message}}

    def start(self, data):
        binding = ensure_binding(self.request)
        return flow.start(
            data.get("provider"),
            data.get("device"),
            data.get("cameFrom"),
            binding,
            self.request,
        )

    def collect(self, data):
        return flow.collect(data.get("transaction"), self._binding(), self.request)

    def cancel(self, data):
        return flow.cancel(data.get("transaction"), self._binding())

    def _binding(self):
        return self.request.cookies.get(BINDING_COOKIE)

    def _bad_request(self, message):
        return error(self.request, 400, "BadRequest", message)
