"""POST /Plone/@eid/start, /collect and /cancel: e-legitimation for headless clients.

The login page uses the same endpoints. Bad input (unknown action, broken JSON, a
tampered, expired or foreign transaction) gets 400 with a JSON error, never a 500.
"""

import logging

from plone.restapi.exceptions import DeserializationError

from atvidaberg.etjanster import _
from atvidaberg.etjanster.eid.types import EidError
from atvidaberg.etjanster.login import flow
from atvidaberg.etjanster.login.limits import TooManyStarts
from atvidaberg.etjanster.login.transaction import BINDING_COOKIE
from atvidaberg.etjanster.login.transaction import TransactionError
from atvidaberg.etjanster.login.transaction import ensure_binding
from atvidaberg.etjanster.services.base import PathParamsService
from atvidaberg.etjanster.services.errors import eid_unavailable
from atvidaberg.etjanster.services.errors import too_many_starts

ACTIONS = ("start", "collect", "cancel")
logger = logging.getLogger(__name__)


class EidPost(PathParamsService):
    def reply(self):
        action = self.params[0] if len(self.params) == 1 else None
        if action not in ACTIONS:
            return self._bad_request(_("Use @eid/start, @eid/collect or @eid/cancel."))
        try:
            data = self.json_body()
        except DeserializationError:
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
            return eid_unavailable(self.request, failure)

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
        return self.error(400, "BadRequest", message)
