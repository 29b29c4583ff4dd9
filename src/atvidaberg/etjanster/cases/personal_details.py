"""The applicant's personal details: one block of fields, filled in at the start.

A communicator puts the block into a step of the form (the field type "Personal
details" in the form editor). When a case starts, the name and personnummer come
from the e-legitimation and may not be changed; the address comes from the
population register (Skatteverket), and is neither fetched nor stored for a person
with protected identity. The resident types the e-mail and phone.
"""

import logging

from plone import api
from zope import schema
from zope.interface import Interface
from zope.schema import Field

from atvidaberg.etjanster import _
from atvidaberg.etjanster.cases.content import Case
from atvidaberg.etjanster.content.constraints import is_email
from atvidaberg.etjanster.eid.types import RegisterError
from atvidaberg.etjanster.formfields.fields import Phone

NAME = "applicant_name"
PERSONAL_NUMBER = "applicant_personal_number"
STREET_ADDRESS = "applicant_street_address"
POSTAL_CODE = "applicant_postal_code"
CITY = "applicant_city"
EMAIL = "applicant_email"
PHONE = "applicant_phone"
ADDRESS = (STREET_ADDRESS, POSTAL_CODE, CITY)

logger = logging.getLogger(__name__)


class IApplicant(Interface):
    applicant_name = schema.TextLine(title=_("Name"), readonly=True)
    applicant_personal_number = schema.TextLine(
        title=_("Personal identity number"), readonly=True
    )
    applicant_street_address = schema.TextLine(
        title=_("Street address"), required=False
    )
    applicant_postal_code = schema.TextLine(title=_("Postal code"), required=False)
    applicant_city = schema.TextLine(title=_("City"), required=False)
    applicant_email = schema.TextLine(
        title=_("E-mail"),
        description=_(
            "If you give your e-mail address, we let you know when your case is "
            "received and when something happens in it."
        ),
        required=False,
        constraint=is_email,
    )
    applicant_phone = Phone(title=_("Telephone number"), required=False)


def applicant_fields(include_address: bool) -> list[Field]:
    names = [
        name for name in IApplicant.names() if include_address or name not in ADDRESS
    ]
    ordered = sorted((IApplicant[name] for name in names), key=lambda f: f.order)
    return ordered


def prefill(
    case: Case, resident_id: str, *, protected: bool, include_address: bool
) -> None:
    """Fill the block of a new case from the login and (unless protected) the register."""
    from atvidaberg.etjanster.login import providers
    from atvidaberg.etjanster.pas.setup import get_plugin

    personal_number = get_plugin().personal_number(resident_id)
    if personal_number is None:  # not an e-legitimation login (an employee, say)
        return
    user = api.user.get(userid=resident_id)
    case.answers[PERSONAL_NUMBER] = _formatted(personal_number)
    case.answers[NAME] = (user.getProperty("fullname") if user else "") or ""
    if protected or not include_address:
        return
    try:
        # SPAR is told who asks: the resident's pseudonymous user id.
        answer = providers.register_client().lookup(personal_number, resident_id)
    except RegisterError:
        logger.warning("Person register unavailable; the address is left empty.")
        return
    if answer.protected_identity or not answer.found:
        return
    case.answers[STREET_ADDRESS] = answer.street_address
    case.answers[POSTAL_CODE] = answer.postal_code
    case.answers[CITY] = answer.city


def _formatted(personal_number: str) -> str:
    """YYYYMMDD-NNNN, the way residents write it."""
    return f"{personal_number[:8]}-{personal_number[8:]}"
