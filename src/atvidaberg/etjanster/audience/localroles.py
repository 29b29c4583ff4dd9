"""Local roles computed from content, so that nobody has to remember to share by hand.

borg.localrole consults these adapters both for permission checks and for the catalog's
allowedRolesAndUsers index, so internal e-services drop out of search for everyone
outside the audience's group.
"""

from borg.localrole.interfaces import ILocalRoleProvider
from zope.component import adapter
from zope.interface import implementer

from atvidaberg.etjanster.audience import GROUP_COMMUNICATORS
from atvidaberg.etjanster.audience import GROUP_ELECTED_OFFICIALS
from atvidaberg.etjanster.audience import GROUP_EMPLOYEES
from atvidaberg.etjanster.content.eservice import AUDIENCE_ELECTED_OFFICIALS
from atvidaberg.etjanster.content.eservice import AUDIENCE_EMPLOYEES
from atvidaberg.etjanster.content.eservice import IEService
from atvidaberg.etjanster.content.eservice_portal import IEServicePortal

AUDIENCE_ROLE = "InternalAudience"
READERS_BY_AUDIENCE = {
    AUDIENCE_EMPLOYEES: GROUP_EMPLOYEES,
    AUDIENCE_ELECTED_OFFICIALS: GROUP_ELECTED_OFFICIALS,
}
COMMUNICATOR_ROLES = ("Contributor", "Editor", "Reader", "Reviewer")


class _StaticLocalRoles:
    def __init__(self, context):
        self.context = context

    def _grants(self):
        return {}

    def getRoles(self, principal_id):
        return self._grants().get(principal_id, ())

    def getAllRoles(self):
        return self._grants().items()


@implementer(ILocalRoleProvider)
@adapter(IEService)
class AudienceLocalRoles(_StaticLocalRoles):
    """The audience's group may read an internal e-service once it is published.

    A role of its own rather than Reader: only the workflow's ``internal`` state lets
    it view, so a private draft stays with the communicators.
    """

    def _grants(self):
        group = READERS_BY_AUDIENCE.get(getattr(self.context, "audience", None))
        return {group: (AUDIENCE_ROLE,)} if group else {}


@implementer(ILocalRoleProvider)
@adapter(IEServicePortal)
class CommunicatorLocalRoles(_StaticLocalRoles):
    """Communicators edit and publish everything inside every self-service portal."""

    def _grants(self):
        return {GROUP_COMMUNICATORS: COMMUNICATOR_ROLES}
