"""One line of the administrators' unit mapping: ``unit | group id | address``."""

import re
from dataclasses import dataclass

from atvidaberg.etjanster import _
from atvidaberg.etjanster.content.constraints import FieldError
from atvidaberg.etjanster.content.constraints import is_email

SEPARATOR = "|"
_GROUP_ID = re.compile(r"^[A-Za-z0-9_.@-]+$")


@dataclass(frozen=True)
class UnitHandler:
    unit: str
    group: str
    address: str | None = None


def parse_line(line):
    """One line of the mapping as a ``UnitHandler``; FieldError when it is not one."""
    parts = [part.strip() for part in (line or "").split(SEPARATOR)]
    if len(parts) not in (2, 3) or not parts[0] or not _GROUP_ID.match(parts[1]):
        raise FieldError(
            _(
                "Write the unit, the group's id and, if you like, the unit's e-mail "
                "address, separated by |. For example: Samhällsbyggnadsförvaltningen "
                "| handlaggare-samhallsbyggnad | bygg@atvidaberg.se"
            )
        )
    address = parts[2] if len(parts) == 3 and parts[2] else None
    if address:
        is_email(address)
    return UnitHandler(parts[0], parts[1], address)


def are_unit_handlers(lines):
    for line in lines or ():
        parse_line(line)
    return True
