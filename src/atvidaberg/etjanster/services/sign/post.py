"""POST <case>/@sign {"provider", "device"}: start signing the resident's application.

Answers like ``@eid/start``; the order completes through ``POST /Plone/@eid/collect``,
which stores the signature on the case. 409 with the reasons when the case cannot be
signed yet, 403 when it is not the caller's draft.
"""

import logging

from plone.restapi.exceptions import DeserializationError
from zope.i18n import translate

from atvidaberg.etjanster import _
from atvidaberg.etjanster.cases.signing import SignRefused
from atvidaberg.etjanster.cases.signing import start_signing
from atvidaberg.etjanster.eid.types import EidError
from atvidaberg.etjanster.login import flow
from atvidaberg.etjanster.login.limits import TooManyStarts
from atvidaberg.etjanster.login.transaction import ensure_binding
from atvidaberg.etjanster.services.base import Service
from atvidaberg.etjanster.services.errors import eid_unavailable
from atvidaberg.etjanster.services.errors import too_many_starts

logger = logging.getLogger(__name__)
KINDS = {400: "BadRequest", 403: "Forbidden"}


class SignPost(Service):
    def reply(self):
        try:
            data = self.json_body()
        except DeserializationError:
            return self.error(
                400, "BadRequest", _("Send the request's body as a JSON object.")
            )
        try:
            return start_signing(
                self.context,
                data.get("provider"),
                data.get("device") or "other",
                ensure_binding(self.request),
                self.request,
            )
        except SignRefused as refusal:
            reasons = [translate(r, context=self.request) for r in refusal.reasons]
            kind = KINDS.get(refusal.status, "Conflict")
            return self.error(refusal.status, kind, reasons[0], reasons=reasons)
        except flow.LoginError as error:
            return self.error(400, "BadRequest", error.args[0])
        except TooManyStarts as error:
            return too_many_starts(self.request, error)
        except EidError as error:
            logger.warning(
                "eID sign start failed on the relying party's side: %s", error
            )
            return eid_unavailable(self.request, error)
