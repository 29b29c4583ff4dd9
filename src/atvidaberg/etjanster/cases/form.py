"""The form of a case: a copy of its e-service's form, taken when the case started.

Communicators build each e-service's form with collective.easyform's field editor, as
an EasyForm inside the e-service; its fieldsets are the steps. The case keeps the
form's model (supermodel XML) as it was at the start, so editing the form later never
breaks or silently changes a draft.
"""

from plone.restapi.types.utils import get_fieldsets
from plone.restapi.types.utils import get_jsonschema_properties
from plone.supermodel import loadString

DEFAULT_STEP = "default"


def eservice_form(eservice):
    """The EasyForm that holds the e-service's form, or None."""
    for child in eservice.objectValues():
        if getattr(child, "portal_type", None) == "EasyForm":
            return child
    return None


def snapshot(eservice):
    form = eservice_form(eservice)
    return getattr(form, "fields_model", None) if form is not None else None


def case_schema(case):
    model = getattr(case, "form_model", None)
    if not model:
        return None
    cached = getattr(case, "_v_form_schema", None)
    if cached is None or cached[0] != model:
        cached = (model, loadString(model).schema)
        case._v_form_schema = cached
    return cached[1]


def _answered(value):
    return value not in (None, "", [], (), set())


def steps(case, request):
    """The steps of the case's form: fields as JSON Schema, answers, completeness."""
    schema = case_schema(case)
    if schema is None:
        return []
    answers = case.answers
    result = []
    for fieldset in get_fieldsets(case, request, schema):
        fields = [widget.field for widget in fieldset["fields"]]
        if not fields:
            continue
        required = [f.getName() for f in fields if f.required]
        result.append(
            {
                "id": fieldset["id"],
                "title": fieldset["title"],
                "schema": {
                    "type": "object",
                    "properties": get_jsonschema_properties(case, request, [fieldset]),
                    "required": required,
                },
                "complete": all(_answered(answers.get(name)) for name in required),
            }
        )
    return result
