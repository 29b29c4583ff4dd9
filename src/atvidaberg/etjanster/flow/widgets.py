"""One widget per field of a step: what the step template needs to draw an input.

Our own small widgets rather than z3c.form's: the step page must work without
JavaScript, keep what the resident typed even when it is wrong, and tie every help
text and error to its input for screen readers.
"""

from dataclasses import dataclass
from dataclasses import field as dataclass_field

from collective.easyform.interfaces import ILabel
from collective.easyform.interfaces import IRichLabel
from plone.schema.email import IEmail
from zope.i18n import translate
from zope.schema.interfaces import IURI
from zope.schema.interfaces import IBool
from zope.schema.interfaces import IChoice
from zope.schema.interfaces import ICollection
from zope.schema.interfaces import IDate
from zope.schema.interfaces import IDatetime
from zope.schema.interfaces import IDecimal
from zope.schema.interfaces import IFloat
from zope.schema.interfaces import IInt
from zope.schema.interfaces import ITextLine

from atvidaberg.etjanster import _
from atvidaberg.etjanster.cases import personal_details as applicant
from atvidaberg.etjanster.cases.answers import FALSE
from atvidaberg.etjanster.cases.answers import TRUE
from atvidaberg.etjanster.cases.answers import display
from atvidaberg.etjanster.cases.answers import form_value
from atvidaberg.etjanster.cases.answers import is_multiple_choice
from atvidaberg.etjanster.cases.answers import vocabulary
from atvidaberg.etjanster.cases.form import is_file_field
from atvidaberg.etjanster.content.constraints import is_email
from atvidaberg.etjanster.formfields.fields import IPhone

MAX_RADIOS = 5  # more options than this become a select
INPUT_PREFIX = "answer."
FILE_PREFIX = "file."

AUTOCOMPLETE = {
    applicant.NAME: "name",
    applicant.EMAIL: "email",
    applicant.PHONE: "tel",
    applicant.STREET_ADDRESS: "street-address",
    applicant.POSTAL_CODE: "postal-code",
    applicant.CITY: "address-level2",
}


@dataclass
class Option:
    value: str
    title: str
    id: str
    checked: bool = False


@dataclass
class Widget:
    kind: str  # text, textarea, radio, checkbox, select, file, readonly, label
    name: str
    id: str
    label: str
    help: str = ""
    required: bool = False
    value: object = ""
    error: str = ""
    input_type: str = "text"
    inputmode: str = ""
    autocomplete: str = ""
    options: list = dataclass_field(default_factory=list)
    files: list = dataclass_field(default_factory=list)
    html: str = ""  # a rich label's text, already made safe by Plone's transform
    accept: str = ""

    @property
    def input_name(self):
        if self.kind == "file":
            return FILE_PREFIX + self.name
        suffix = ":list" if self.kind == "checkbox" else ""
        return INPUT_PREFIX + self.name + suffix

    @property
    def help_id(self):
        return f"{self.id}-help" if self.help else ""

    @property
    def error_id(self):
        return f"{self.id}-error" if self.error else ""

    @property
    def describedby(self):
        return " ".join(i for i in (self.help_id, self.error_id) if i) or None

    @property
    def target_id(self):
        """Where the error summary's link puts the focus."""
        if self.kind in ("radio", "checkbox") and self.options:
            return self.options[0].id
        return self.id

    @property
    def is_group(self):
        return self.kind in ("radio", "checkbox")


def input_id(name):
    return f"falt-{name}"


def widget_for(field, case, request, raw=None, error="", files=()):
    """The widget of ``field``; ``raw`` is what was posted, else the saved answer."""
    name = field.getName()
    widget = Widget(
        kind="text",
        name=name,
        id=input_id(name),
        label=translate(field.title, context=request),
        help=translate(field.description or "", context=request),
        required=bool(field.required) and not field.readonly,
        error=error,
    )
    if ILabel.providedBy(field):
        widget.kind = "label"
        widget.required = False
        widget.html = _rich_label(field) if IRichLabel.providedBy(field) else ""
        return widget
    answer = case.answers.get(name)
    if field.readonly:
        widget.kind = "readonly"
        widget.value = display(field, answer, case, request)
        return widget
    if is_file_field(field):
        widget.kind = "file"
        widget.files = list(files)
        return widget
    value = form_value(field, answer, case) if raw is None else raw
    _shape(widget, field, case, request, value)
    return widget


def _shape(widget, field, case, request, value):
    widget.value = value
    widget.autocomplete = AUTOCOMPLETE.get(widget.name, "")
    if not _shape_choice(widget, field, case, request, value):
        _shape_input(widget, field)


def _shape_choice(widget, field, case, request, value):
    """Radios, a select or checkboxes for the fields that choose; False for others."""
    if IBool.providedBy(field):
        widget.kind = "radio"
        yes, no = (
            translate(_("Yes"), context=request),
            translate(_("No"), context=request),
        )
        widget.options = _options(widget, [(TRUE, yes), (FALSE, no)], [value])
    elif IChoice.providedBy(field):
        terms = _terms(vocabulary(field, case), request)
        widget.kind = "radio" if len(terms) <= MAX_RADIOS else "select"
        widget.options = _options(widget, terms, [value])
    elif is_multiple_choice(field):
        widget.kind = "checkbox"
        terms = _terms(vocabulary(field.value_type, case), request)
        chosen = value if isinstance(value, list | tuple) else [value]
        widget.options = _options(widget, terms, chosen)
    else:
        return False
    return True


# The input of a field that is typed in: the first that the field is decides.
_INPUTS = (
    (IDatetime.providedBy, "input_type", "datetime-local"),
    (IDate.providedBy, "input_type", "date"),
    (IInt.providedBy, "inputmode", "numeric"),
    (IFloat.providedBy, "inputmode", "decimal"),
    (IDecimal.providedBy, "inputmode", "decimal"),
    (
        lambda field: (
            IEmail.providedBy(field) or getattr(field, "constraint", None) is is_email
        ),
        "input_type",
        "email",
    ),
    (IPhone.providedBy, "input_type", "tel"),
    (IURI.providedBy, "input_type", "url"),
)


def _shape_input(widget, field):
    if ICollection.providedBy(field):
        widget.kind = "textarea"
        return
    for provided, attribute, value in _INPUTS:
        if provided(field):
            setattr(widget, attribute, value)
            return
    if not ITextLine.providedBy(field):  # Text and anything else that takes text
        widget.kind = "textarea"


def _terms(vocab, request):
    return [
        (
            term.token,
            translate(term.title, context=request) if term.title else str(term.value),
        )
        for term in vocab
    ]


def _options(widget, terms, chosen):
    chosen = {str(item) for item in chosen if item not in (None, "")}
    return [
        Option(
            value=token, title=title, id=f"{widget.id}-{index}", checked=token in chosen
        )
        for index, (token, title) in enumerate(terms)
    ]


def _rich_label(field):
    text = field.rich_label
    output = getattr(text, "output", None)
    return output or ""
