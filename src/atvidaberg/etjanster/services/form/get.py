"""GET <case>/@form: the steps of the case's form, the saved answers, completeness.

For the resident and the case's officers only (403 for a registrar, who has the
receipt).
"""

from plone.restapi.serializer.converters import json_compatible

from atvidaberg.etjanster import _
from atvidaberg.etjanster.cases.access import is_owner
from atvidaberg.etjanster.cases.form import steps
from atvidaberg.etjanster.handling.dialog import may_handle
from atvidaberg.etjanster.services.base import Service


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
            return self.error(403, "Forbidden", message, "not_allowed")
        form_steps = steps(self.context, self.request)
        return {
            "@id": f"{self.context.absolute_url()}/@form",
            "steps": form_steps,
            "data": json_compatible(dict(self.context.answers)),
            "complete": bool(form_steps)
            and all(step["complete"] for step in form_steps),
        }
