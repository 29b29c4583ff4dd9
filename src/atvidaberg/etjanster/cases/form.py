"""The form of a case: a copy of its e-service's form, taken when the case started.

Communicators build each e-service's form with collective.easyform's field editor, as
an EasyForm inside the e-service; its fieldsets are the steps. The case keeps the
form's model (supermodel XML) as it was at the start, so editing the form later never
breaks or silently changes a draft.
"""

from plone.restapi.interfaces import IFieldDeserializer
from plone.restapi.types.utils import get_fieldsets
from plone.restapi.types.utils import get_jsonschema_properties
from plone.supermodel import loadString
from zope.component import queryMultiAdapter
from zope.i18n import translate
from zope.schema.interfaces import IDate
from zope.schema.interfaces import IDatetime
from zope.schema.interfaces import IDecimal
from zope.schema.interfaces import IFloat
from zope.schema.interfaces import IInt
from zope.schema.interfaces import ValidationError

from atvidaberg.etjanster import _

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


class UnknownStep(ValueError):
    """The client named a step the case's form does not have."""


def _step_fields(case, request, step_id):
    schema = case_schema(case)
    if schema is None:
        raise UnknownStep("This case has no form.")
    for fieldset in get_fieldsets(case, request, schema):
        if fieldset["id"] == step_id:
            return {
                widget.field.getName(): widget.field for widget in fieldset["fields"]
            }
    raise UnknownStep(f"The form has no step {step_id!r}.")


def save_step(case, request, step_id, data):
    """Save what is valid of ``data``; return (saved values, errors).

    A draft may be incomplete: an empty value clears the answer, and required fields
    are only enforced when the case is submitted. An invalid value is not saved and is
    reported, while the valid ones of the same request are kept.
    """
    fields = _step_fields(case, request, step_id)
    saved, errors = {}, []
    for name, value in data.items():
        field = fields.get(name)
        if field is None:
            errors.append({"field": name, "message": "This step has no such field."})
            continue
        if not _answered(value):
            case.answers.pop(name, None)
            saved[name] = None
            continue
        try:
            value = _deserialize(field.bind(case), case, request, value)
        except (ValueError, ValidationError) as error:
            errors.append(
                {"field": name, "message": _error_text(error, field, request)}
            )
            continue
        case.answers[name] = value
        saved[name] = value
    return saved, errors


def _deserialize(field, case, request, value):
    deserializer = queryMultiAdapter((field, case, request), IFieldDeserializer)
    if deserializer is None:
        field.validate(value)
        return value
    return deserializer(value)


CONVERSION_MESSAGES = (
    (IInt, _("Enter a whole number.")),
    (IFloat, _("Enter a number.")),
    (IDecimal, _("Enter a number.")),
    (IDatetime, _("Enter a date and time.")),
    (IDate, _("Enter a date as YYYY-MM-DD, for example 2026-11-27.")),
)


def _error_text(error, field, request):
    """A message the resident understands, never Python's own text."""
    if isinstance(error, ValueError):  # could not be read as a number or date at all
        for interface, message in CONVERSION_MESSAGES:
            if interface.providedBy(field):
                return translate(message, context=request)
    if isinstance(error, ValidationError):
        return translate(error.doc(), context=request)
    return translate(_("The value is not valid."), context=request)
