"""GET <case>/@form: the steps of the case's form, the saved answers, completeness.

For the resident and the case's officers only (403 for a registrar, who has the
receipt).
"""

import json

from plone.restapi.serializer.converters import json_compatible
from plone.restapi.services import Service

from atvidaberg.etjanster import _
from atvidaberg.etjanster.cases.access import is_owner
from atvidaberg.etjanster.cases.form import UnknownStep
from atvidaberg.etjanster.cases.form import save_step
from atvidaberg.etjanster.cases.form import steps
from atvidaberg.etjanster.handling.dialog import may_handle
from atvidaberg.etjanster.services.handling.errors import error


class FormGet(Service):
    def reply(self):
        # The answers (the personnummer among them) are for the resident and the
        # case's officers. A registrar may view the case but has the receipt, with the
        # personnummer masked, and no handling page: here the same.
        if not (is_owner(self.context) or may_handle(self.context)):
            message = _(
                "The answers are shown to the applicant and the case's officers only. "
                "Registrars see the receipt."
            )
            return error(self.request, 403, "Forbidden", message, "not_allowed")
        form_steps = steps(self.context, self.request)
        return {
            "@id": f"{self.context.absolute_url()}/@form",
            "steps": form_steps,
            "data": json_compatible(dict(self.context.answers)),
            "complete": bool(form_steps)
            and all(step["complete"] for step in form_steps),
        }


class FormPatch(Service):
    """PATCH <case>/@form {"step": …, "data": {…}}: save a step of a draft."""

    def reply(self):
        try:
            body = json.loads(self.request.get("BODY") or b"{}")
        except ValueError:
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
            return error(
                self.request,
                400,
                "BadRequest",
                _('Send {"step": "<id>", "data": {…}} as JSON.'),
                "bad_json",
            )
        try:
            saved, errors = save_step(
                self.context,
                self.request,
                body.get("step"),
                body["data"],
                from_json=True,
            )
        except UnknownStep as unknown:
            return error(self.request, 400, "BadRequest", unknown.message, "no_step")
        # A saved step is a touch: the draft clean-up counts from the last one.
        self.context.setModificationDate()
        self.context.reindexObject(idxs=["modified"])
        if errors:
            self.request.response.setStatus(400)
            return {"errors": errors, "data": json_compatible(saved)}
        return {"data": json_compatible(saved)}
