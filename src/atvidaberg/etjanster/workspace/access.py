"""Who uses the workspace, and the names of the staff it shows."""

from plone import api

from atvidaberg.etjanster.handling.listings import is_officer


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
