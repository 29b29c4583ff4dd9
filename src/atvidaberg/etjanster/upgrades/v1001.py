"""Profile version 1000 -> 1001 (issue 9, hardening).

Each function of ``STEPS`` is one repair, safe to run more than once. Add the repairs
that existing sites need for other changes of version 1001 to the list.
"""

import logging

import transaction
from DateTime import DateTime
from plone import api

from atvidaberg.etjanster.cases.content import CASE_FOLDER_ID
from atvidaberg.etjanster.cases.start import ensure_case_folder
from atvidaberg.etjanster.login.lifetime import configure_sessions
from atvidaberg.etjanster.upgrades import PROFILE_ID
from atvidaberg.etjanster.upgrades import run_steps

logger = logging.getLogger("atvidaberg.etjanster.upgrades")

CASE_WORKFLOW = "case_workflow"
DRAFT = "draft"
SUBMITTED = "submitted"
REPAIR_ACTION = "repair_unnumbered_submission"
SAVEPOINT_EVERY = 1000


def reimport_registry(setup):
    """New settings fields appear with their defaults; values already set are kept."""
    setup.runImportStepFromProfile(
        f"profile-{PROFILE_ID}", "plone.app.registry", run_dependencies=False
    )


def reimport_case_workflow(setup):
    """The submission's guard and the permission "Fill in case" (issue 9, items 2, 7).

    The new permission mapping of case_workflow is applied to every case: the owner of
    a draft fills it in with "Fill in case" and nobody keeps "Modify portal content".
    Who may view a case does not change, so the catalog's security index stays.
    """
    for step in ("rolemap", "workflow"):
        setup.runImportStepFromProfile(
            f"profile-{PROFILE_ID}", step, run_dependencies=False
        )
    workflow = api.portal.get_tool("portal_workflow")[CASE_WORKFLOW]
    for count, case in enumerate(_cases(), start=1):
        workflow.updateRoleMappingsFor(case)
        if count % SAVEPOINT_EVERY == 0:
            # Lets ZODB move the changed cases out of memory on a large site.
            transaction.savepoint(optimistic=True)


def remove_case_folder_owner(setup):
    """A site installed before the fix kept its installer as Owner of every case."""
    ensure_case_folder()


def end_sessions_signed_with_the_shared_secret(setup):
    """Logging out ends the session on the server, and residents' sessions time out
    when idle (issue 9, item 5): per-user keyrings, kept REST tokens, the idle timeout.

    Sessions signed before with the site's shared secret cannot be logged out by
    plone.session, so they end here: everyone logs in again once after the upgrade.
    The protected-identity flag needs no migration: a resident's record without it
    counts as protected until their next login writes the register's answer.
    """
    configure_sessions(api.portal.get(), end_old_sessions=True)


def reopen_unnumbered_submissions(setup):
    """Cases sent in around the submission go back to their owner as drafts.

    Before 1001 a resident could move a draft to "submitted" through plone.restapi's
    ``@workflow/submit``: no number, receipt, delivery or unit, in nobody's queue and
    impossible to delete. The owner finds it again among their drafts and sends it in
    properly. The log names the case by its UID only.
    """
    tool = api.portal.get_tool("portal_workflow")
    workflow = tool[CASE_WORKFLOW]
    for case in _cases(review_state=SUBMITTED):
        if case.registration_number:
            continue
        tool.setStatusOf(
            CASE_WORKFLOW,
            case,
            {
                "review_state": DRAFT,
                "action": REPAIR_ACTION,
                "actor": api.user.get_current().getId(),
                "comments": "",
                "time": DateTime(),
            },
        )
        workflow.updateRoleMappingsFor(case)
        case.reindexObject()
        case.reindexObjectSecurity()
        logger.warning(
            "Case %s was sent in without a registration number (not through the "
            "submission); it is a draft of its owner again.",
            api.content.get_uuid(case),
        )


STEPS = [
    reimport_registry,
    reimport_case_workflow,
    remove_case_folder_owner,
    end_sessions_signed_with_the_shared_secret,
    reopen_unnumbered_submissions,
]


def upgrade(setup):
    run_steps(setup, STEPS)


def _cases(**query):
    """Every case, whoever may see it (the upgrade runs as an administrator)."""
    portal = api.portal.get()
    if CASE_FOLDER_ID not in portal.objectIds():
        return
    catalog = api.portal.get_tool("portal_catalog")
    # A list first: the steps reindex what they change while they go.
    for brain in list(catalog.unrestrictedSearchResults(portal_type="Case", **query)):
        yield brain._unrestrictedGetObject()
