"""Who may do what with a case: its owner? sent in? may it still be edited?

The pages (``flow/``, ``minasidor/``), the officers' dialog and the services ask
these questions of a case; they are answered here, once, below all of them.
"""

from plone import api
from zExceptions import Forbidden

from atvidaberg.etjanster.cases.content import FILL_IN_CASE
from atvidaberg.etjanster.cases.content import Case

# The case workflow's first state, where a case stays until it is sent in.
DRAFT = "draft"


def is_owner(case: Case) -> bool:
    """The resident who started the case (the only one with the local role Owner)."""
    if api.user.is_anonymous():
        return False
    user = api.user.get_current()
    return "Owner" in case.get_local_roles_for_userid(user.getId())


def require_owner(case: Case) -> None:
    """The pages of a case are for its owner alone, whoever else may view it.

    Drafts are visible to their owner only (case_workflow); a submitted case is also
    visible to case officers, who must not land on the resident's pages.
    """
    if not is_owner(case):
        raise Forbidden("These pages are for the resident who started the case.")


def is_submitted(case: Case) -> bool:
    """Sent in: the case has its registration number.

    The number, the received time and the transition to "submitted" are written in
    one transaction (``cases.submit``), so this and ``is_draft`` agree on every case;
    the pages ask the number (an attribute), the checks that read the workflow (what
    may be written, removed, logged) ask the state.
    """
    return bool(case.registration_number)


def is_draft(case: Case) -> bool:
    """The case is in the workflow state "draft" (not sent in)."""
    return api.content.get_state(case, default=None) == DRAFT


def may_edit(case: Case) -> bool:
    return not is_submitted(case) and api.user.has_permission(FILL_IN_CASE, obj=case)
