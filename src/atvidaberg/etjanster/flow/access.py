"""Who may use the resident's pages of a case, and what they may never cache."""

from Acquisition import aq_base
from plone import api
from plone.protect.utils import safeWrite
from zExceptions import Forbidden

from atvidaberg.etjanster.cases.attachments import attachments_of
from atvidaberg.etjanster.cases.content import FILL_IN_CASE


def is_owner(case):
    """The resident who started the case (the only one with the local role Owner)."""
    if api.user.is_anonymous():
        return False
    user = api.user.get_current()
    return "Owner" in case.get_local_roles_for_userid(user.getId())


def require_owner(case):
    """The pages of a case are for its owner alone, whoever else may view it.

    Drafts are visible to their owner only (case_workflow); a submitted case is also
    visible to case officers, who must not land on the resident's pages.
    """
    if not is_owner(case):
        raise Forbidden("These pages are for the resident who started the case.")


def is_submitted(case):
    return bool(case.registration_number)


def may_edit(case):
    return not is_submitted(case) and api.user.has_permission(FILL_IN_CASE, obj=case)


def private_page(request):
    """A resident's answers must stay out of shared caches and the back-forward cache."""
    request.response.setHeader("Cache-Control", "no-store")
    request.set("disable_plone.leftcolumn", True)
    request.set("disable_plone.rightcolumn", True)


def prepare(case, request):
    """Create the case's (empty) attachment store before a page reads it.

    ``attachments_of`` creates it on first use; on a GET that write would make
    plone.protect refuse the page, and an empty store is no change worth refusing.
    """
    if getattr(aq_base(case), "attachments", None) is None:
        attachments_of(case)
        safeWrite(case, request)
