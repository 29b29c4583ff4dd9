"""The case folder and the case: an application from its first save to its closing."""

from typing import Any

from persistent.mapping import PersistentMapping
from plone.app.uuid.utils import uuidToObject
from plone.base.interfaces import IHideFromBreadcrumbs
from plone.dexterity.content import Container
from plone.supermodel import model
from zope import schema
from zope.interface import implementer

from atvidaberg.etjanster import _
from atvidaberg.etjanster.content.eservice import EService

CASE_FOLDER_ID = "arenden"

# The owner of a draft fills it in through the case's own pages and endpoints (@form,
# @attachments, @sign, @submit), which ask for this permission. Nobody has "Modify
# portal content" on a case: Plone's generic edit paths (PATCH, @@edit, renaming)
# would let a resident write what officers see, such as the title (issue 9, item 7).
FILL_IN_CASE = "atvidaberg.etjanster: Fill in case"


class ICaseFolder(model.Schema):
    """Holds every case. Never listed to visitors; see CaseFolder."""


@implementer(ICaseFolder, IHideFromBreadcrumbs)
class CaseFolder(Container):
    """An unordered BTree folder: an ordered one would make every concurrent creation
    conflict on its order list. Local roles are not inherited from the site, so
    nobody's rights above it (communicators', editors') reach the cases. Not in the
    breadcrumbs: a resident on a step of the form may not open it ("Otillräckliga
    rättigheter"), and finds the case on Mina sidor.
    """

    _ordering = "unordered"
    __ac_local_roles_block__ = True


class ICase(model.Schema):
    eservice_uid = schema.ASCIILine(title=_("E-service"), readonly=True)
    registration_number = schema.ASCIILine(
        title=_("Registration number"), required=False, readonly=True
    )
    received = schema.Datetime(title=_("Received"), required=False, readonly=True)


@implementer(ICase)
class Case(Container):
    """A resident's application. The answers are kept per step of the form."""

    eservice_uid = ""
    registration_number = None
    received = None
    protected_identity = False
    responsible_unit = None  # the e-service's unit when the case was sent in
    assigned_to = None  # the user id of the officer who took the case
    awaiting_resident = False  # an officer asked for completion
    form_model = None  # the e-service's form (supermodel XML) when the case started
    default_step_title = None  # and the name it gave its first step, if any
    # The ids of the steps the resident has saved (cases.form.step_done); None on
    # drafts started before they were recorded.
    saved_steps = None

    def __init__(self, id: str | None = None, **kwargs: Any) -> None:
        super().__init__(id, **kwargs)
        self.answers = PersistentMapping()


def eservice_of(case: Case) -> EService | None:
    """The e-service a case was started from, whoever asks (None if it is gone)."""
    return uuidToObject(case.eservice_uid, unrestricted=True)
