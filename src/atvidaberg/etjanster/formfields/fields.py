"""Field types for e-service forms, offered in EasyForm's field editor.

- Phone: a telephone number, checked for a plausible form.
- PersonalDetails: the applicant's details as one block, filled from e-legitimation
  and the person register (see ``cases.personal_details``).
- StepCondition: placed in a step, shows that step only when an earlier answer has a
  given value.

The last two carry no answer of their own; they subclass EasyForm's Label so that
EasyForm's own form view shows them as a text, and are interpreted by the case's
step engine (``cases.form``).
"""

import re

from collective.easyform.fields import Label
from collective.easyform.interfaces import ILabel
from plone.schemaeditor.fields import FieldFactory
from plone.supermodel.exportimport import BaseHandler
from zope import schema
from zope.interface import implementer
from zope.schema.interfaces import ITextLine

from atvidaberg.etjanster import _
from atvidaberg.etjanster.content.constraints import FieldError

# Digits with the usual separators, an optional leading +; 7 to 15 digits in all
# (E.164 allows at most 15).
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]*$")


def is_phone(value):
    digits = sum(ch.isdigit() for ch in value)
    if not _PHONE.match(value.strip()) or not 7 <= digits <= 15:
        raise FieldError(
            _("Enter a telephone number with digits only, for example 0120-830 00.")
        )
    return True


class IPhone(ITextLine):
    """A telephone number."""


@implementer(IPhone)
class Phone(schema.TextLine):
    def __init__(self, **kw):
        kw.setdefault("constraint", is_phone)
        super().__init__(**kw)


class IPersonalDetails(ILabel):
    include_address = schema.Bool(
        title=_("Ask for the address"),
        description=_(
            "The address is filled in from the population register. Never for "
            "people with protected identity."
        ),
        default=True,
        required=False,
    )


@implementer(IPersonalDetails)
class PersonalDetails(Label):
    include_address = True

    def __init__(self, include_address=True, **kw):
        self.include_address = include_address
        super().__init__(**kw)


class IStepCondition(ILabel):
    depends_on = schema.TextLine(
        title=_("Answer to look at"),
        description=_(
            "The short name or the title of a field in an earlier step, "
            "for example 'atgard'."
        ),
        required=True,
    )
    expected = schema.TextLine(
        title=_("Value that shows this step"),
        description=_(
            "The step is shown only when the answer is this value. For yes/no "
            "questions write Ja or Nej."
        ),
        required=True,
    )


@implementer(IStepCondition)
class StepCondition(Label):
    depends_on = ""
    expected = ""

    def __init__(self, depends_on="", expected="", **kw):
        self.depends_on = depends_on
        self.expected = expected
        super().__init__(**kw)


PhoneFactory = FieldFactory(Phone, _("Telephone number"))
PersonalDetailsFactory = FieldFactory(
    PersonalDetails, _("Personal details (from the register)")
)
StepConditionFactory = FieldFactory(StepCondition, _("Condition for showing this step"))

PhoneHandler = BaseHandler(Phone)
PersonalDetailsHandler = BaseHandler(PersonalDetails)
StepConditionHandler = BaseHandler(StepCondition)
