"""Plone's member pages keep a resident's name to the resident and administrators.

Plone shows anybody's full name to any logged-in user: the author page
(``/author/<user id>``, also ``@@author``), the byline's link to it, and the heading
of ``@@personal-information?userid=…`` (which takes its label from ``userid`` without
checking who asks). For a resident the user id is a pseudonym and the name must not
be had from it (``pas.names``).
"""

import os

from plone import api
from plone.app.layout.viewlets.content import DocumentBylineViewlet
from plone.app.users.browser.account import AccountPanelForm
from Products.CMFPlone.browser import author as plone_author
from Products.CMFPlone.browser.author import AuthorView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import NotFound

from atvidaberg.etjanster.pas.names import MANAGE_USERS
from atvidaberg.etjanster.pas.names import name_hidden_from_current_user


class ResidentAwareAuthorView(AuthorView):
    """The author page; not found for a resident, unless it is theirs (or the
    reader administers users). Not found rather than forbidden: the page does not
    tell whether the pseudonym belongs to anyone."""

    index = ViewPageTemplateFile(
        os.path.join(os.path.dirname(plone_author.__file__), "templates", "author.pt")
    )

    def __call__(self):
        if name_hidden_from_current_user(self.username):
            raise NotFound(self.username)
        return super().__call__()


# The pages residents read: no byline there ("av admin", "av Karin Kommunikatör"
# says nothing to a resident and names staff; issue 12).
RESIDENT_PAGE_TYPES = frozenset(
    {"EServicePortal", "EService", "Blankett", "FAQ", "FAQSection", "FAQItem", "Case"}
)


class ResidentAwareByline(DocumentBylineViewlet):
    """The byline names a resident only to that resident and administrators; others
    see the pseudonymous id, without a link to the author page. On the residents'
    pages there is none."""

    def show(self):
        if getattr(self.context, "portal_type", None) in RESIDENT_PAGE_TYPES:
            return False
        return super().show()

    def get_member_info(self, user_id):
        if name_hidden_from_current_user(user_id):
            return None
        return super().get_member_info(user_id)


def account_panels_for_own_account_only(event):
    """``?userid=`` on Plone's account panels counts only for administrators.

    Plone uses it for the page's heading (the user's full name) whoever asks, while
    the form itself shows the reader's own account."""
    request = event.request
    if not isinstance(request.get("PUBLISHED"), AccountPanelForm):
        return
    if "userid" not in request.form:
        return
    if api.user.has_permission(MANAGE_USERS, obj=api.portal.get()):
        return
    request.form.pop("userid", None)
    request.taintedform.pop("userid", None)
