"""Who uses the workspace, and the names of the staff it shows."""

from plone import api

from atvidaberg.etjanster.handling.units import handles_protected_cases
from atvidaberg.etjanster.handling.units import registrar_group
from atvidaberg.etjanster.handling.units import units_of


def is_registrar(user):
    group = registrar_group()
    return bool(group and user is not None and group in (user.getGroups() or ()))


def is_officer(user):
    """Whether ``user`` handles or registers cases: the queue is for them."""
    if user is None:
        return False
    return bool(units_of(user) or handles_protected_cases(user) or is_registrar(user))


def current_officer():
    """The logged-in user when they may use the workspace, else None."""
    if api.user.is_anonymous():
        return None
    user = api.user.get_current()
    return user if is_officer(user) else None


class StaffNames:
    """Full names of staff user ids, looked up once per page."""

    def __init__(self):
        self._names = {}

    def __call__(self, user_id):
        if not user_id:
            return ""
        if user_id not in self._names:
            user = api.user.get(userid=user_id)
            name = user.getProperty("fullname", "") if user is not None else ""
            self._names[user_id] = name or user_id
        return self._names[user_id]
