"""Starting an e-service: a draft case, owned by the resident and seen by nobody else."""

import secrets
from typing import Any

from plone import api

from atvidaberg.etjanster import _
from atvidaberg.etjanster.cases.content import CASE_FOLDER_ID
from atvidaberg.etjanster.cases.content import Case
from atvidaberg.etjanster.cases.content import CaseFolder
from atvidaberg.etjanster.cases.form import personal_details_block
from atvidaberg.etjanster.cases.form import snapshot
from atvidaberg.etjanster.cases.personal_details import prefill
from atvidaberg.etjanster.content.eservice import EService
from atvidaberg.etjanster.login.session import has_protected_identity


class StartRefused(Exception):
    """The e-service cannot be started by this visitor; the message (a msgid) says why."""


def case_folder() -> CaseFolder:
    return api.portal.get()[CASE_FOLDER_ID]


def ensure_case_folder() -> CaseFolder:
    portal = api.portal.get()
    if CASE_FOLDER_ID not in portal.objectIds():
        with api.env.adopt_roles(["Manager"]):
            api.content.create(
                container=portal,
                type="CaseFolder",
                id=CASE_FOLDER_ID,
                title="Ärenden",
                exclude_from_nav=True,
            )
    folder = portal[CASE_FOLDER_ID]
    # Its creator (the installing administrator) would be Owner of every case by
    # acquisition: drafts and protected cases included. Cases get their own Owner.
    # Not so for the Zope administrator who created the portal: they are Owner of the
    # portal itself, and Zope gives a Zope-level user's local roles down to every
    # object whatever Plone's blocks say. So that administrator reads every case; it
    # is documented (docs/administrators.md) and such reads are logged
    # (handling.reads), as are those of anyone else without a role on the case.
    creators = [principal for principal, _roles in folder.get_local_roles()]
    if creators:
        folder.manage_delLocalRoles(creators)
        folder.reindexObjectSecurity()
    return folder


def start_case(eservice: EService, request: Any) -> Case:
    """Create the resident's draft for ``eservice`` and return it."""
    if api.user.is_anonymous():
        raise StartRefused(_("Log in to start the e-service"))
    if eservice.is_external:
        raise StartRefused(_("This e-service is run in another system"))
    if not eservice.available:
        raise StartRefused(_("The e-service is not available at the moment"))
    resident = api.user.get_current()
    protected = has_protected_identity(resident)
    if protected and not eservice.allows_protected_identity:
        raise StartRefused(_("Contact the contact centre for this e-service."))
    # The resident may not add content anywhere; the portal creates the case for them
    # and makes them its owner, and only owner.
    with api.env.adopt_roles(["Manager"]):
        case = api.content.create(
            container=case_folder(),
            type="Case",
            id=secrets.token_hex(8),  # nothing about the resident or a count in the URL
            title=eservice.title,
        )
    case.eservice_uid = api.content.get_uuid(eservice)
    case.protected_identity = protected
    case.form_model, case.default_step_title = snapshot(eservice)
    case.saved_steps = ()
    block = personal_details_block(case)
    if block is not None:
        prefill(
            case,
            resident.getId(),
            protected=protected,
            include_address=block.include_address,
        )
    case.changeOwnership(resident.getUser(), recursive=False)
    case.manage_setLocalRoles(resident.getId(), ["Owner"])
    case.setCreators([resident.getId()])
    case.reindexObjectSecurity()
    case.reindexObject()
    return case
