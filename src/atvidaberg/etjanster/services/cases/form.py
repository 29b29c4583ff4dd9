"""GET <case>/@form: the steps of the case's form, the saved answers, completeness."""

from plone.restapi.services import Service

from atvidaberg.etjanster.cases.form import steps


class FormGet(Service):
    def reply(self):
        form_steps = steps(self.context, self.request)
        return {
            "@id": f"{self.context.absolute_url()}/@form",
            "steps": form_steps,
            "data": dict(self.context.answers),
            "complete": bool(form_steps)
            and all(step["complete"] for step in form_steps),
        }
