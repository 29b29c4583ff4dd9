"""The start page of an e-service, and the gate behind "Starta e-tjänsten"."""

from urllib.parse import quote

from plone import api
from Products.Five.browser import BrowserView

from atvidaberg.etjanster.browser.contact import contact_centre
from atvidaberg.etjanster.content.eservice import AUDIENCE_ELECTED_OFFICIALS
from atvidaberg.etjanster.content.eservice import AUDIENCE_EMPLOYEES
from atvidaberg.etjanster.login.session import has_protected_identity


def visible_relations(relations):
    """Related items the current user may see, skipping broken links."""
    result = []
    for relation in relations or ():
        if relation.isBroken():
            continue
        obj = relation.to_object
        if obj is not None and api.user.has_permission("View", obj=obj):
            result.append(obj)
    return result


class EServiceView(BrowserView):
    def contact_centre(self):
        return contact_centre()

    def is_external(self):
        return self.context.is_external

    def is_available(self):
        return bool(self.context.available)

    def start_url(self):
        if self.context.is_external:
            return self.context.external_url
        return f"{self.context.absolute_url()}/@@start"

    def phone_href(self):
        phone = self.context.contact_phone or ""
        return "tel:" + "".join(c for c in phone if c.isdigit() or c == "+")

    def audience_is_employees(self):
        return self.context.audience == AUDIENCE_EMPLOYEES

    def audience_is_elected_officials(self):
        return self.context.audience == AUDIENCE_ELECTED_OFFICIALS

    def related_blanketter(self):
        return visible_relations(self.context.related_blanketter)

    def related_faq(self):
        return [
            {"title": item.Title(), "url": faq_item_url(item)}
            for item in visible_relations(self.context.related_faq)
        ]


def faq_item_url(item):
    """A question is read on the FAQ page, opened at its anchor."""
    faq = item.aq_parent.aq_parent
    return f"{faq.absolute_url()}#{item.getId()}"


class StartView(BrowserView):
    """What "Starta e-tjänsten" leads to.

    External e-services go straight to the other system; the rest need the resident
    to be logged in when the e-service requires e-legitimation. The form itself is
    shown here once the e-service has one.
    """

    def __call__(self):
        context = self.context
        if context.is_external and context.available:
            return self.request.response.redirect(context.external_url)
        if context.available and context.requires_eid and api.user.is_anonymous():
            came_from = quote(f"{context.absolute_url()}/@@start", safe="")
            return self.request.response.redirect(
                f"{api.portal.get().absolute_url()}/@@eid-login?came_from={came_from}"
            )
        self.refused_for_protected_identity = (
            context.available
            and not context.allows_protected_identity
            and not api.user.is_anonymous()
            and has_protected_identity(self.request)
        )
        return self.index()

    def contact_centre(self):
        return contact_centre()
