"""PATCH <case>/@form {"step": …, "data": {…}}: save a step of a draft.

What is valid is saved; the errors of the rest answer 400 with ``errors`` beside the
saved ``data``.
"""

from plone.restapi.exceptions import DeserializationError
from plone.restapi.serializer.converters import json_compatible

from atvidaberg.etjanster import _
from atvidaberg.etjanster.cases.form import UnknownStep
from atvidaberg.etjanster.cases.form import save_step
from atvidaberg.etjanster.services.base import Service


class FormPatch(Service):
    def reply(self):
        try:
            body = self.json_body()
        except DeserializationError:
            body = None
        if body is None or not isinstance(body.get("data"), dict):
            return self.error(
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
            return self.error(400, "BadRequest", unknown.message, "no_step")
        # A saved step is a touch: the draft clean-up counts from the last one.
        self.context.setModificationDate()
        self.context.reindexObject(idxs=["modified"])
        if errors:
            self.request.response.setStatus(400)
            return {"errors": errors, "data": json_compatible(saved)}
        return {"data": json_compatible(saved)}
