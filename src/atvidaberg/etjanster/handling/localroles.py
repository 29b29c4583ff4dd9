"""Local roles on a case: CaseOfficer for its unit's group, Registrar for registrars.

A case of a resident with protected identity gives CaseOfficer to the protected-case
group only, and no role to anybody else. The workflow decides what the roles may do
in each state (a draft gives them nothing). The roles must never be granted site-wide:
a global CaseOfficer would see every case, protected ones included.
"""

from borg.localrole.interfaces import ILocalRoleProvider
from zope.component import adapter
from zope.interface import implementer

from atvidaberg.etjanster.cases.content import Case
from atvidaberg.etjanster.cases.content import ICase
from atvidaberg.etjanster.handling import units

CASE_OFFICER = "CaseOfficer"
REGISTRAR = "Registrar"


def unit_of(case: Case) -> str | None:
    """The responsible unit, kept on the case when it was sent in (a draft has none).

    Read from the case only: this runs while the case is being indexed, where a
    catalog query (to find the e-service) would index the case a second time.
    """
    return getattr(case, "responsible_unit", None)


def handler_roles(case: Case) -> list[tuple[str, tuple[str, ...]]]:
    """(principal id, roles) pairs that the case gives its handlers."""
    if getattr(case, "protected_identity", False):
        group = units.protected_case_group()
        return [(group, (CASE_OFFICER,))] if group else []
    pairs: list[tuple[str, tuple[str, ...]]] = [
        (group, (CASE_OFFICER,)) for group in units.groups_for_unit(unit_of(case))
    ]
    registrars = units.registrar_group()
    if registrars:
        pairs.append((registrars, (REGISTRAR,)))
    return pairs


@implementer(ILocalRoleProvider)
@adapter(ICase)
class CaseHandlerRoles:
    def __init__(self, context: Case) -> None:
        self.context = context

    def getRoles(self, principal_id: str) -> list[str]:
        return [
            role
            for principal, roles in handler_roles(self.context)
            if principal == principal_id
            for role in roles
        ]

    def getAllRoles(self) -> list[tuple[str, list[str]]]:
        merged: dict[str, set[str]] = {}
        for principal, roles in handler_roles(self.context):
            merged.setdefault(principal, set()).update(roles)
        return [(principal, sorted(roles)) for principal, roles in merged.items()]
