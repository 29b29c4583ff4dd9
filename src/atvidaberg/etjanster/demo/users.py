"""Demo accounts, one for each group of people who use the portal.

The user names and passwords are the ones ``make start`` prints.
"""

from plone import api

from atvidaberg.etjanster.audience import GROUP_COMMUNICATORS
from atvidaberg.etjanster.audience import GROUP_ELECTED_OFFICIALS
from atvidaberg.etjanster.audience import GROUP_EMPLOYEES
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
)


def ensure_users():
    ensure_groups()
    for username, password, fullname, group in DEMO_USERS:
        if api.user.get(username=username) is None:
            api.user.create(
                username=username,
                password=password,
                email=f"{username}@example.com",
                properties={"fullname": fullname},
            )
        if group not in {g.getId() for g in api.group.get_groups(username=username)}:
            api.group.add_user(groupname=group, username=username)
