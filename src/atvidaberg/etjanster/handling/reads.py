"""A log line for every request to a draft or a protected case by someone without a role
on it: neither its owner (the resident) nor one of its handlers (a case officer or
registrar through the case's local roles).

Nobody gets a role on a case from above it (``cases.start.ensure_case_folder``), so
such a request comes from a user who can read everything anyway (Zope's emergency user)
or who gave themselves a role (an administrator on the sharing page or in the ZMI).
The line says who, which case and which view, and nothing about the resident: the user
id (residents' ids are pseudonyms), the case's UID and registration number, its state,
the method and the first name after the case's address (never the rest of the path,
where a file's name could be).
"""

import logging
from typing import TYPE_CHECKING
from typing import Any

from AccessControl import getSecurityManager
from Acquisition import aq_base
from Acquisition import aq_chain
from plone import api

from atvidaberg.etjanster.cases.access import DRAFT
from atvidaberg.etjanster.cases.content import Case
from atvidaberg.etjanster.cases.content import ICase
from atvidaberg.etjanster.handling.localroles import handler_roles

if TYPE_CHECKING:
    from ZPublisher.HTTPRequest import HTTPRequest
    from ZPublisher.pubevents import PubAfterTraversal

logger = logging.getLogger("atvidaberg.etjanster.reads")


def case_in(request: "HTTPRequest") -> Case | None:
    """The case this request is published on or inside, or None.

    plone.rest wraps what it traverses; the published service or view holds its
    context, whose acquisition chain leads to the case.
    """
    published = request.get("PUBLISHED")
    for obj in (getattr(published, "context", None), published):
        for item in aq_chain(obj) if obj is not None else ():
            if ICase.providedBy(item):
                return item
    return None


def is_rightful(user: Any, case: Case) -> bool:
    """Whether ``user`` is the case's resident or one of its handlers.

    Asked of the case, not of the user's roles: an administrator who gave themselves
    Owner on the case is still neither.
    """
    user_id = user.getId()
    if user_id == case.getOwnerTuple()[1]:
        return True
    principals = {user_id, *getattr(user, "getGroups", list)()}
    return any(principal in principals for principal, _roles in handler_roles(case))


def view_name(request: "HTTPRequest", case: Case) -> str:
    """The first name after the case's address ("@form", "@@mitt-arende"), or ""."""
    rest = request.get("ACTUAL_URL", request.get("URL", ""))
    base = case.absolute_url()
    if not rest.startswith(base):
        return ""
    return rest[len(base) :].lstrip("/").split("/", 1)[0]


def log_unexpected_read(event: "PubAfterTraversal") -> None:
    request = event.request
    case = case_in(request)
    if case is None:
        return
    state = api.content.get_state(case, default=None)
    protected = bool(getattr(aq_base(case), "protected_identity", False))
    if state != DRAFT and not protected:
        return
    user = getSecurityManager().getUser()
    user_id = user.getId() if user is not None else None
    if user_id is None or is_rightful(user, case):
        return
    logger.warning(
        "Case read without a role on it: user=%s case=%s number=%s state=%s "
        "protected=%s method=%s view=%s",
        user_id,
        api.content.get_uuid(case),
        case.registration_number or "-",
        state,
        protected,
        request.get("REQUEST_METHOD", ""),
        view_name(request, case) or "-",
    )
