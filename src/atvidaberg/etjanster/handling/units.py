"""Which group handles the cases of which unit: the administrators' mapping.

The control panel keeps one line per unit, ``unit | group id | functional address``
(the address is optional). Members of the group get the role CaseOfficer on the
submitted cases of the e-services whose responsible unit it is (see ``localroles``);
the address receives a notice when a resident writes. Cases of residents with
protected identity go to the protected-case group instead, whatever their unit.
"""

from typing import Any

from plone import api

from atvidaberg.etjanster.content.constraints import FieldError
from atvidaberg.etjanster.controlpanel.mapping import UnitHandler
from atvidaberg.etjanster.controlpanel.mapping import parse_line
from atvidaberg.etjanster.controlpanel.settings import REGISTRY_PREFIX

HANDLERS_RECORD = f"{REGISTRY_PREFIX}.unit_handlers"
PROTECTED_GROUP_RECORD = f"{REGISTRY_PREFIX}.protected_case_group"
REGISTRAR_GROUP_RECORD = f"{REGISTRY_PREFIX}.registrar_group"


def unit_handlers() -> list[UnitHandler]:
    """The mapping as set; lines that do not parse (set past the form) are skipped."""
    handlers = []
    for line in api.portal.get_registry_record(HANDLERS_RECORD, default=None) or ():
        try:
            handlers.append(parse_line(line))
        except FieldError:
            continue
    return handlers


def groups_for_unit(unit: str | None) -> list[str]:
    return [handler.group for handler in unit_handlers() if handler.unit == unit]


def functional_address(unit: str | None) -> str | None:
    return next(
        (h.address for h in unit_handlers() if h.unit == unit and h.address), None
    )


def protected_case_group() -> str | None:
    return api.portal.get_registry_record(PROTECTED_GROUP_RECORD, default=None) or None


def registrar_group() -> str | None:
    return api.portal.get_registry_record(REGISTRAR_GROUP_RECORD, default=None) or None


def units_of(user: Any) -> list[str]:
    """The units whose cases ``user`` handles, by their groups (sorted)."""
    groups = set(user.getGroups() or ()) if user is not None else set()
    return sorted({h.unit for h in unit_handlers() if h.group in groups})


def handles_protected_cases(user: Any) -> bool:
    group = protected_case_group()
    return bool(group and user is not None and group in (user.getGroups() or ()))
