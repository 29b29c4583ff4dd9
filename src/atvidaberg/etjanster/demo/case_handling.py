"""Who handles the demo's cases: a group per unit, the unit mapping, protected cases
and registrars, so that the demo accounts of ``users`` can handle what residents send.

Safe to run again: a unit that already has a line in the mapping keeps it (an
administrator may have changed it), and groups that exist are kept as they are.
"""

from plone import api

from atvidaberg.etjanster.controlpanel.mapping import UnitHandler
from atvidaberg.etjanster.handling.units import HANDLERS_RECORD
from atvidaberg.etjanster.handling.units import PROTECTED_GROUP_RECORD
from atvidaberg.etjanster.handling.units import REGISTRAR_GROUP_RECORD
from atvidaberg.etjanster.handling.units import unit_handlers

BUILDING_GROUP = "handlaggare-samhallsbyggnad"
SCHOOL_GROUP = "handlaggare-barn-och-utbildning"
PROTECTED_GROUP = "skyddade-arenden"
REGISTRAR_GROUP = "registratorer"

# One group of case officers per unit of the demo's e-services, with the unit's
# functional address (illustrative: in the demo all mail goes to the local sink).
UNIT_HANDLERS = (
    UnitHandler("Samhällsbyggnadsförvaltningen", BUILDING_GROUP, "bygg@atvidaberg.se"),
    UnitHandler(
        "Barn- och utbildningsförvaltningen",
        SCHOOL_GROUP,
        "barn-och-utbildning@atvidaberg.se",
    ),
    UnitHandler(
        "Socialförvaltningen", "handlaggare-social", "socialforvaltningen@atvidaberg.se"
    ),
    UnitHandler(
        "Kultur- och fritidsförvaltningen",
        "handlaggare-kultur-och-fritid",
        "kultur-och-fritid@atvidaberg.se",
    ),
    UnitHandler(
        "Kommunledningsförvaltningen",
        "handlaggare-kommunledning",
        "kommunledning@atvidaberg.se",
    ),
)

GROUP_TITLES = {
    handler.group: (
        f"Handläggare, {handler.unit}",
        f"Handlägger inskickade ärenden från e-tjänster där {handler.unit} är "
        "ansvarig enhet.",
    )
    for handler in UNIT_HANDLERS
}
GROUP_TITLES[PROTECTED_GROUP] = (
    "Handläggare av skyddade ärenden",
    "De enda som ser och handlägger ärenden från personer med skyddade "
    "personuppgifter.",
)
GROUP_TITLES[REGISTRAR_GROUP] = (
    "Registratorer",
    "Ser alla inskickade ärenden utom dem från personer med skyddade personuppgifter.",
)


def _line(handler):
    return f"{handler.unit} | {handler.group} | {handler.address}"


def ensure_unit_mapping():
    """Add a line for each demo unit that has none; keep every existing line."""
    mapped = {handler.unit for handler in unit_handlers()}
    missing = [_line(h) for h in UNIT_HANDLERS if h.unit not in mapped]
    if missing:
        lines = list(api.portal.get_registry_record(HANDLERS_RECORD) or ())
        api.portal.set_registry_record(HANDLERS_RECORD, lines + missing)


def _ensure_group_record(record, default):
    """The group a record names; an empty record gets the control panel's default."""
    group = api.portal.get_registry_record(record, default=None)
    if not group:
        api.portal.set_registry_record(record, default)
        group = default
    return group


def ensure_handler_groups():
    """Create the groups of the mapping and the two records (without global roles)."""
    ensure_unit_mapping()
    groups = [h.group for h in unit_handlers()]
    groups.append(_ensure_group_record(PROTECTED_GROUP_RECORD, PROTECTED_GROUP))
    groups.append(_ensure_group_record(REGISTRAR_GROUP_RECORD, REGISTRAR_GROUP))
    for group_id in dict.fromkeys(groups):
        if api.group.get(groupname=group_id) is None:
            title, description = GROUP_TITLES.get(group_id, (group_id, ""))
            api.group.create(groupname=group_id, title=title, description=description)
