"""Whose name a resident's pseudonymous user id may be turned into, and for whom.

A resident's user id (``eid-…``) is a pseudonym precisely so that it can appear in
URLs, the catalog and logs; the name behind it is for the resident themself and for
administrators. Officers read the applicant's name from the case they handle (the
answers and the receipt), never through Plone's member pages.
"""

from plone import api

from atvidaberg.etjanster.pas.plugin import USER_ID_PREFIX

# Administrators: the permission of Plone's "Users and Groups" control panel.
MANAGE_USERS = "Plone Site Setup: Users and Groups"


def is_resident(user_id):
    return isinstance(user_id, str) and user_id.startswith(USER_ID_PREFIX)


def name_hidden_from_current_user(user_id):
    """True when ``user_id`` is a resident and the current user is neither that
    resident nor an administrator."""
    if not is_resident(user_id):
        return False
    if api.user.is_anonymous():
        return True
    if api.user.get_current().getId() == user_id:
        return False
    return not api.user.has_permission(MANAGE_USERS, obj=api.portal.get())
