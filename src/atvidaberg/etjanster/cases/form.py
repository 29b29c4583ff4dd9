"""The form of a case: a copy of its e-service's form, taken when the case started.

Communicators build each e-service's form with collective.easyform's field editor, as
an EasyForm inside the e-service; its fieldsets are the steps. The case keeps the
form's model (supermodel XML) as it was at the start, so editing the form later never
breaks or silently changes a draft.

Two field types of our own shape the steps: a PersonalDetails block becomes the
applicant's fields (``cases.personal_details``), and a StepCondition shows its step
only when an earlier answer has a given value.
"""

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

from collective.easyform.content import EasyForm
from collective.easyform.interfaces import ILabel
from plone.namedfile.interfaces import INamedField
from plone.restapi.interfaces import IFieldDeserializer
from plone.restapi.types.utils import get_fieldsets
from plone.restapi.types.utils import get_jsonschema_properties
from plone.schema.email import IEmail
from plone.schema.email import InvalidEmail
from plone.supermodel import loadString
from z3c.form.field import Fields
from zope.component import queryMultiAdapter
from zope.i18n import translate
from zope.i18nmessageid import Message
from zope.interface.interface import InterfaceClass
from zope.schema import Choice
from zope.schema import Field
from zope.schema.interfaces import ConstraintNotSatisfied
from zope.schema.interfaces import IBool
from zope.schema.interfaces import IChoice
from zope.schema.interfaces import ICollection
from zope.schema.interfaces import IDate
from zope.schema.interfaces import IDatetime
from zope.schema.interfaces import IDecimal
from zope.schema.interfaces import IFloat
from zope.schema.interfaces import IInt
from zope.schema.interfaces import IText
from zope.schema.interfaces import ITextLine
from zope.schema.interfaces import RequiredMissing
from zope.schema.interfaces import TooBig
from zope.schema.interfaces import TooLong
from zope.schema.interfaces import TooShort
from zope.schema.interfaces import TooSmall
from zope.schema.interfaces import ValidationError
from zope.schema.interfaces import WrongContainedType
from zope.schema.interfaces import WrongType

from atvidaberg.etjanster import _
from atvidaberg.etjanster.cases.attachments import attachment_records
from atvidaberg.etjanster.cases.content import Case
from atvidaberg.etjanster.cases.personal_details import NAME
from atvidaberg.etjanster.cases.personal_details import applicant_fields
from atvidaberg.etjanster.content.constraints import FieldError
from atvidaberg.etjanster.content.eservice import EService
from atvidaberg.etjanster.dates import STOCKHOLM
from atvidaberg.etjanster.formfields.fields import IPersonalDetails
from atvidaberg.etjanster.formfields.fields import IStepCondition
from atvidaberg.etjanster.formfields.fields import PersonalDetails
from atvidaberg.etjanster.formfields.fields import StepCondition

DEFAULT_STEP = "default"
YES = ("ja", "yes", "true")
NO = ("nej", "no", "false")


def eservice_form(eservice: EService) -> EasyForm | None:
    """The EasyForm that holds the e-service's form, or None."""
    for child in eservice.objectValues():
        if getattr(child, "portal_type", None) == "EasyForm":
            return child
    return None


def snapshot(eservice: EService) -> tuple[str | None, str | None]:
    """The form's model and the name of its first step, as the case keeps them."""
    form = eservice_form(eservice)
    if form is None:
        return None, None
    return form.fields_model, getattr(form, "default_fieldset_label", None) or None


def case_schema(case: Case) -> InterfaceClass | None:
    model = getattr(case, "form_model", None)
    if not model:
        return None
    cached = getattr(case, "_v_form_schema", None)
    if cached is None or cached[0] != model:
        cached = (model, loadString(model).schema)
        case._v_form_schema = cached
    return cached[1]


def personal_details_block(case: Case) -> PersonalDetails | None:
    """The form's PersonalDetails field, if the communicators put one in."""
    schema = case_schema(case)
    if schema is None:
        return None
    return next(
        (schema[name] for name in schema if IPersonalDetails.providedBy(schema[name])),
        None,
    )


@dataclass
class FormStep:
    """One step of a case's form, as the resident meets it."""

    id: str
    title: str
    description: str = ""
    # fields and texts, in order
    items: list[Field] = dataclass_field(default_factory=list)
    # StepCondition fields
    conditions: list[StepCondition] = dataclass_field(default_factory=list)

    @property
    def fields(self) -> list[Field]:
        """The fields that take an answer."""
        return [item for item in self.items if not ILabel.providedBy(item)]


def form_steps(case: Case, request: Any) -> list[FormStep]:
    """Every step of the case's form, whether shown or not."""
    schema = case_schema(case)
    if schema is None:
        return []
    result = []
    for fieldset in get_fieldsets(case, request, schema):
        step = FormStep(
            id=fieldset["id"],
            title=fieldset["title"],
            description=fieldset.get("description") or "",
        )
        for widget_field in fieldset["fields"]:
            _place(step, widget_field.field)
        if step.id == DEFAULT_STEP:
            step.title = _default_step_title(case, step, request)
        if step.items:
            result.append(step)
    return result


def _default_step_title(case: Case, step: FormStep, request: Any) -> str:
    """The form's first fieldset is "Default" unless the communicators named it."""
    named = getattr(case, "default_step_title", None)
    if named:
        return named
    names = {f.getName() for f in step.fields}
    title = _("Your details") if NAME in names else _("Basic details")
    return translate(title, context=request)


def _place(step: FormStep, form_field: Field) -> None:
    if IStepCondition.providedBy(form_field):
        step.conditions.append(form_field)
    elif IPersonalDetails.providedBy(form_field):
        step.items.extend(applicant_fields(form_field.include_address))
    else:
        step.items.append(form_field)


def visible_steps(case: Case, request: Any) -> list[FormStep]:
    """The steps shown for the answers given so far, in order.

    A step shows when all its conditions are met. A condition looks at a field of an
    earlier step: if that step is hidden, its answer does not count (the condition is
    not met); a condition naming no earlier field at all is a slip of the editor and
    is ignored, so that the step is never lost.
    """
    shown, earlier = [], {}
    for step in form_steps(case, request):
        if all(_condition_met(c, earlier, case.answers) for c in step.conditions):
            shown.append(step)
        hidden = not shown or shown[-1] is not step
        earlier.update({f.getName(): (f, hidden) for f in step.fields})
    return shown


def _condition_met(
    condition: StepCondition,
    earlier_fields: Mapping[str, tuple[Field, bool]],
    answers: Mapping[str, Any],
) -> bool:
    wanted = (condition.depends_on or "").strip().casefold()
    target, hidden = next(
        (
            (f, hidden)
            for name, (f, hidden) in earlier_fields.items()
            if wanted in (name.casefold(), str(f.title).strip().casefold())
        ),
        (None, False),
    )
    if target is None:
        return True
    if hidden:
        return False
    return matches(target, answers.get(target.getName()), condition.expected)


def matches(form_field: Field, answer: Any, expected: str | None) -> bool:
    expected = (expected or "").strip().casefold()
    if IBool.providedBy(form_field):
        return (answer is True and expected in YES) or (
            answer is False and expected in NO
        )
    if isinstance(answer, list | tuple | set | frozenset):
        return any(str(value).strip().casefold() == expected for value in answer)
    return answer is not None and str(answer).strip().casefold() == expected


def is_file_field(form_field: Field) -> bool:
    return INamedField.providedBy(form_field)


def _answered(value: Any) -> bool:
    return value not in (None, "", [], (), set())


def is_answered(case: Case, form_field: Field) -> bool:
    if is_file_field(form_field):
        name = form_field.getName()
        return any(a.field == name for a in attachment_records(case))
    return _answered(case.answers.get(form_field.getName()))


def step_complete(case: Case, step: FormStep) -> bool:
    """Every required field of ``step`` answered: what sending in asks."""
    return all(is_answered(case, f) for f in step.fields if f.required)


def step_done(case: Case, step: FormStep) -> bool:
    """Complete, and saved by the resident at least once: where the pages resume and
    what the step list marks done. A step without required fields is complete
    before anybody has seen it; it is not done. Drafts from before the saved steps
    were recorded (``saved_steps`` None) count every complete step as done.
    """
    saved = case.saved_steps
    return step_complete(case, step) and (saved is None or step.id in saved)


def _mark_saved(case: Case, step_id: str) -> None:
    saved = case.saved_steps
    if saved is not None and step_id not in saved:
        case.saved_steps = (*saved, step_id)


def steps(case: Case, request: Any) -> list[dict[str, Any]]:
    """The shown steps of the case's form: fields as JSON Schema and completeness."""
    result = []
    for step in visible_steps(case, request):
        fields = step.fields
        answerable = [f for f in fields if not is_file_field(f)]
        properties = get_jsonschema_properties(
            case, request, [{"fields": list(Fields(*answerable).values())}]
        )
        properties.update(
            {f.getName(): _file_schema(f, request) for f in fields if is_file_field(f)}
        )
        for form_field in answerable:
            name = form_field.getName()
            properties[name] = exact_schema(form_field.bind(case), properties[name])
            if form_field.readonly:
                properties[name]["readOnly"] = True
        result.append(
            {
                "id": step.id,
                "title": step.title,
                "description": step.description,
                "fields": [f.getName() for f in fields],  # JSON objects lose order
                "schema": {
                    "type": "object",
                    "properties": properties,
                    "required": [f.getName() for f in fields if f.required],
                },
                "complete": step_complete(case, step),
            }
        )
    return result


# The JSON type or format of a field, the first that it provides.
_JSON_TYPES = (
    (IDatetime, {"format": "date-time"}),
    (IDate, {"format": "date"}),
    (IInt, {"type": "integer"}),
    (IFloat, {"type": "number"}),
    (IDecimal, {"type": "number"}),
    (IBool, {"type": "boolean"}),
)


def exact_schema(form_field: Field, schema: dict[str, Any]) -> dict[str, Any]:
    """plone.restapi's JSON Schema of a field, made to say exactly what ``@form``
    takes (``json_value``, then the field's validation): the format of dates, the
    values (not tokens) of choices, bounds and lengths."""
    schema = dict(schema)
    schema.update(
        next((kind for iface, kind in _JSON_TYPES if iface.providedBy(form_field)), {})
    )
    if IEmail.providedBy(form_field):
        schema["format"] = "email"
    for bound, key in (("min", "minimum"), ("max", "maximum")):
        value = getattr(form_field, bound, None)
        if value is not None and not isinstance(value, date):
            schema[key] = float(value) if isinstance(value, Decimal) else value
    _text_schema(form_field, schema)
    _choice_schema(form_field, schema)
    return schema


def _text_schema(form_field: Field, schema: dict[str, Any]) -> None:
    """Lengths of text, and a line is one line."""
    if IText.providedBy(form_field) or ITextLine.providedBy(form_field):
        schema["type"] = "string"
        if form_field.max_length:
            schema["maxLength"] = form_field.max_length
        if form_field.min_length:
            schema["minLength"] = form_field.min_length
    if ITextLine.providedBy(form_field) and not IChoice.providedBy(form_field):
        schema["pattern"] = "^[^\\r\\n]*$"  # one line


def _choice_schema(form_field: Field, schema: dict[str, Any]) -> None:
    """The values of a choice, or of the choices of a multiple choice."""
    if IChoice.providedBy(form_field):
        schema.update(_choices(form_field))
    elif ICollection.providedBy(form_field) and IChoice.providedBy(
        form_field.value_type
    ):
        items = dict(schema.get("items") or {})
        items.update(_choices(form_field.value_type.bind(form_field.context)))
        items.pop("vocabulary", None)  # no source of its own: the values are here
        schema["items"] = items
        schema["type"] = "array"
        schema["uniqueItems"] = bool(form_field.unique)


def _choices(choice: Choice) -> dict[str, list[Any]]:
    """The values a choice takes, as JSON: plone.restapi lists the vocabulary's
    tokens, which escape non-ASCII letters ("\\xc4ndrad"), while ``@form`` takes
    and gives the values ("Ändrad")."""
    terms = list(choice.vocabulary or ())
    return {
        "enum": [term.value for term in terms],
        "enumNames": [term.title or term.value for term in terms],
        "choices": [[term.value, term.title or term.value] for term in terms],
    }


def _file_schema(form_field: Field, request: Any) -> dict[str, Any]:
    """Files are answered by attachments (POST <case>/@attachments, field=<name>)."""
    return {
        "title": translate(form_field.title, context=request),
        "description": translate(form_field.description or "", context=request),
        "type": "array",
        "widget": "file",
        "items": {"type": "string", "description": "Ids of the case's attachments."},
    }


class UnknownStep(ValueError):
    """The client named a step the case's form does not have (or does not show);
    ``message`` is a message id."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def find_step(case: Case, request: Any, step_id: str) -> FormStep:
    for step in visible_steps(case, request):
        if step.id == step_id:
            return step
    mapping = {"step": str(step_id)}
    if any(step.id == step_id for step in form_steps(case, request)):
        raise UnknownStep(
            _(
                "The step '${step}' is not shown for the answers given.",
                mapping=mapping,
            )
        )
    raise UnknownStep(_("The form has no step '${step}'.", mapping=mapping))


def save_step(
    case: Case,
    request: Any,
    step_id: str,
    data: dict[str, Any],
    from_json: bool = False,
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """Save what is valid of ``data``; return (saved values, errors).

    A draft may be incomplete: an empty value clears the answer, and required fields
    are only enforced when the case is submitted. An invalid value is not saved and is
    reported, while the valid ones of the same request are kept. ``from_json``: the
    values are JSON as a REST client sent it (``json_value``), not what the resident's
    pages parsed (``cases.answers.parse``).
    """
    fields = {f.getName(): f for f in find_step(case, request, step_id).fields}
    saved, errors = {}, []
    for name, value in data.items():
        form_field = fields.get(name)
        refusal = _refusal(form_field)
        if refusal is not None:
            errors.append(
                {"field": name, "message": translate(refusal, context=request)}
            )
            continue
        if not _answered(value):
            case.answers.pop(name, None)
            saved[name] = None
            continue
        try:
            if from_json:
                value = json_value(form_field, value)
            value = _deserialize(form_field.bind(case), case, request, value)
        except (ValueError, ValidationError) as error:
            errors.append(
                {"field": name, "message": _error_text(error, form_field, request)}
            )
            continue
        case.answers[name] = value
        saved[name] = value
    if not errors:
        _mark_saved(case, step_id)
    return saved, errors


def _refusal(form_field: Field | None) -> Message | None:
    if form_field is None:
        return _("This step has no such field.")
    if form_field.readonly:
        return _(
            "This information comes from your e-legitimation and cannot be changed."
        )
    if is_file_field(form_field):
        return _("Attach files with @attachments.")
    return None


def _deserialize(field: Field, case: Case, request: Any, value: Any) -> Any:
    if IDatetime.providedBy(field):
        # plone.restapi's deserializer reads the current value through a data
        # manager that a case's answers do not have (a TypeError, a 500).
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
        if moment.tzinfo is None:  # the resident means Swedish time
            moment = moment.replace(tzinfo=STOCKHOLM)
        moment = moment.astimezone(UTC)  # ZODB cannot pickle zoneinfo time zones
        field.validate(moment)
        return moment
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
    (IBool, _("Answer yes or no (true or false).")),
    (IChoice, _("Choose one of the options.")),
    (ICollection, _("Choose among the options (a list).")),
    (IText, _("Enter text.")),
    (ITextLine, _("Enter text.")),
)
_SCALARS = (str, int, float)


class WrongJsonType(ValueError):
    """A JSON value of a type the field never takes (a list for a choice)."""


def json_value(form_field: Field, value: Any) -> Any:
    """``value`` as sent in JSON, made what the field takes, or WrongJsonType.

    As the field's JSON Schema says (``exact_schema``): numbers are JSON numbers
    (an integer is a valid decimal number: ``1`` for a height), never strings or
    booleans; dates, text and choices take strings (a choice any scalar), multiple
    choices a list of them.
    """
    if isinstance(value, bool) or IBool.providedBy(form_field):
        return _accepted(
            isinstance(value, bool) and IBool.providedBy(form_field), value
        )
    for interface, check in _JSON_CHECKS:
        if interface.providedBy(form_field):
            return check(form_field, value)
    return value


def _accepted(ok: bool, value: Any) -> Any:
    if not ok:
        raise WrongJsonType(value)
    return value


def _json_list(form_field: Field, value: Any) -> list:
    ok = isinstance(value, list) and all(isinstance(v, _SCALARS) for v in value)
    # "uniqueItems"
    return _accepted(
        ok and not (form_field.unique and len(set(value)) < len(value)), value
    )


# What each kind of field takes from JSON (bool is taken care of first); the first
# interface the field provides decides, and text fields take strings only.
_JSON_CHECKS = (
    (IInt, lambda field, value: _accepted(isinstance(value, int), value)),
    (IFloat, lambda field, value: _json_number(field, value)),
    (IDecimal, lambda field, value: _json_number(field, value)),
    (ICollection, _json_list),
    (IChoice, lambda field, value: _accepted(isinstance(value, _SCALARS), value)),
    (
        IDatetime,
        lambda field, value: _accepted(
            isinstance(value, str) and _iso_datetime(value), value
        ),
    ),
    # RFC 3339's full-date, as "format": "date" says; "2027-1-5" is not one.
    (
        IDate,
        lambda field, value: _accepted(
            isinstance(value, str)
            and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) is not None,
            value,
        ),
    ),
    (IText, lambda field, value: _accepted(isinstance(value, str), value)),
    (ITextLine, lambda field, value: _accepted(isinstance(value, str), value)),
)


def _iso_datetime(value: str) -> bool:
    """Whether ``value`` is an ISO 8601 date and time ("format": "date-time")."""
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return "T" in value


def _json_number(form_field: Field, value: Any) -> float | Decimal:
    if not isinstance(value, int | float):
        raise WrongJsonType(value)
    try:
        number = float(value)
    except OverflowError:
        raise WrongJsonType(value) from None
    if not math.isfinite(number):  # NaN and Infinity are no answer
        raise WrongJsonType(value)
    if IDecimal.providedBy(form_field):
        return Decimal(str(value))
    return number


def _error_text(error: ValueError | ValidationError, field: Field, request: Any) -> str:
    """A message the resident understands, never Python's own text."""
    if isinstance(error, ValueError):  # could not be read as the field's type at all
        for interface, message in CONVERSION_MESSAGES:
            if interface.providedBy(field):
                return translate(message, context=request)
    if isinstance(error, ValidationError):
        return translate(_validation_message(error, field), context=request)
    return translate(_("The value is not valid."), context=request)


# zope.schema's errors of a bound, and what the resident is told ("bound" mapped).
_BOUND_MESSAGES = (
    (TooSmall, _("Enter at least ${bound}.")),
    (TooBig, _("Enter at most ${bound}.")),
    (TooLong, _("Use at most ${bound} characters.")),
    (TooShort, _("Use at least ${bound} characters.")),
)


def _validation_message(error: ValidationError, field: Field) -> str:
    """zope.schema's own messages are English ("Value is too small"): ours say what
    to do, in the resident's language. A message of our own (FieldError) stays."""
    if isinstance(error, FieldError):
        return error.doc()
    for kind, message in _BOUND_MESSAGES:
        if isinstance(error, kind):
            bound = _number_text(getattr(error, "bound", None))
            return _(message, mapping={"bound": bound})
    if isinstance(error, InvalidEmail):
        return _("Enter an e-mail address in the form name@example.se.")
    if isinstance(error, ConstraintNotSatisfied) and ITextLine.providedBy(field):
        return _("Write the answer on one line.")
    if isinstance(error, RequiredMissing):
        return _("Fill in the field.")
    if isinstance(error, WrongType | ConstraintNotSatisfied | WrongContainedType):
        for interface, message in CONVERSION_MESSAGES:
            if interface.providedBy(field):
                return message
    return _("The value is not valid.")


def _number_text(number: Any) -> str:
    """A bound as a Swedish reader writes it: 0,5 rather than 0.5."""
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    return str(number).replace(".", ",")
