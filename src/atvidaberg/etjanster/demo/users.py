"""Demo accounts, one for each group of people who use the portal.

The user names and passwords are the ones ``make start`` prints. The case officers'
groups and the unit mapping are made by ``case_handling`` first.
"""

from plone import api

from atvidaberg.etjanster.audience import GROUP_COMMUNICATORS
from atvidaberg.etjanster.audience import GROUP_ELECTED_OFFICIALS
from atvidaberg.etjanster.audience import GROUP_EMPLOYEES
from atvidaberg.etjanster.demo.case_handling import BUILDING_GROUP
from atvidaberg.etjanster.demo.case_handling import SCHOOL_GROUP
from atvidaberg.etjanster.demo.case_handling import ensure_handler_groups
from atvidaberg.etjanster.handling.units import protected_case_group
from atvidaberg.etjanster.handling.units import registrar_group
from atvidaberg.etjanster.setuphandlers import ensure_groups

DEMO_USERS = (
    ("kommunikator", "kommunikator-demo", "Karin Kommunikatör", GROUP_COMMUNICATORS),
    ("medarbetare", "medarbetare-demo", "Maria Medarbetare", GROUP_EMPLOYEES),
    (
        "fortroendevald",
        "fortroendevald-demo",
        "Fredrik Förtroendevald",
        GROUP_ELECTED_OFFICIALS,
    ),
    # Case officers: building permits and street reports (Samhällsbyggnad), and
    # another unit's officer, who must not see the first one's cases.
    ("handlaggare", "handlaggare-demo", "Hanna Handläggare", BUILDING_GROUP),
    (
        "handlaggare-skola",
        "handlaggare-skola-demo",
        "Sara Skolhandläggare",
        SCHOOL_GROUP,
    ),
)


def _case_handlers():
    """Accounts whose group is named by a control-panel record."""
    return (
        (
            "skyddad-handlaggare",
            "skyddad-demo",
            "Stina Sekretess",
            protected_case_group(),
        ),
        ("registrator", "registrator-demo", "Rita Registrator", registrar_group()),
    )


def _ensure_user(username, password, fullname, group):
    if api.user.get(username=username) is None:
        api.user.create(
            username=username,
            password=password,
            email=f"{username}@example.com",
            properties={"fullname": fullname},
        )
    if group not in {g.getId() for g in api.group.get_groups(username=username)}:
        api.group.add_user(groupname=group, username=username)


def ensure_users():
    ensure_groups()
    ensure_handler_groups()
    for username, password, fullname, group in DEMO_USERS + _case_handlers():
        _ensure_user(username, password, fullname, group)
