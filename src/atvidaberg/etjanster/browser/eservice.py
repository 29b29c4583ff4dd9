"""The start page of an e-service, and the gate behind "Starta e-tjänsten"."""

from urllib.parse import quote

from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView

from atvidaberg.etjanster.browser.contact import contact_centre
from atvidaberg.etjanster.cases.answers import date_and_time
from atvidaberg.etjanster.cases.attachments import attachments_of
from atvidaberg.etjanster.cases.drafts import drafts_of
from atvidaberg.etjanster.cases.form import eservice_form
from atvidaberg.etjanster.cases.form import visible_steps
from atvidaberg.etjanster.cases.start import StartRefused
from atvidaberg.etjanster.cases.start import start_case
from atvidaberg.etjanster.cases.urls import review_url
from atvidaberg.etjanster.cases.urls import step_url
from atvidaberg.etjanster.content.eservice import AUDIENCE_ELECTED_OFFICIALS
from atvidaberg.etjanster.content.eservice import AUDIENCE_EMPLOYEES
from atvidaberg.etjanster.login.session import has_protected_identity


def first_step(case, request) -> str:
    """Where a new case starts: its first shown step."""
    shown = visible_steps(case, request)
    return step_url(case, shown[0].id) if shown else review_url(case)


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

    External e-services go straight to the other system. Anonymous visitors are sent
    to the e-legitimation login when the e-service requires it (and back here after).
    A logged-in resident gets a POST button that starts a draft (``start_case``) and
    links to their own drafts of the e-service; the start leads to the form's first
    step. What stops a start (unavailable, no form yet, protected identity) is said
    here, with the contact centre.
    """

    def __call__(self):
        context, request = self.context, self.request
        if context.is_external and context.available:
            return request.response.redirect(context.external_url)
        self.anonymous = api.user.is_anonymous()
        if context.available and self.anonymous and context.needs_login:
            return request.response.redirect(self.login_url())
        request.response.setHeader("Cache-Control", "no-store")
        request.set("disable_plone.leftcolumn", True)
        request.set("disable_plone.rightcolumn", True)
        if request.method == "POST" and self.refusal() is None and not self.anonymous:
            return self.start()
        return self.index()

    def refusal(self):
        """Why this visitor cannot start the e-service here, or None."""
        context = self.context
        if not context.available:
            return "unavailable"
        if context.is_external:
            return "external"
        if (
            not api.user.is_anonymous()
            and not context.allows_protected_identity
            and has_protected_identity()
        ):
            return "protected-identity"
        if eservice_form(context) is None:
            return "no-form"
        return None

    def start(self):
        CheckAuthenticator(self.request)
        try:
            case = start_case(self.context, self.request)
        except StartRefused:  # refusal() knew every reason; the state changed meanwhile
            return self.index()
        attachments_of(case)  # created now, on a POST, rather than by a later page view
        return self.request.response.redirect(first_step(case, self.request))

    def login_url(self):
        came_from = quote(f"{self.context.absolute_url()}/@@start", safe="")
        return f"{api.portal.get().absolute_url()}/@@eid-login?came_from={came_from}"

    def drafts(self):
        return [
            {
                "url": draft["url"],
                "saved": date_and_time(draft["modified"].asdatetime(), self.request),
            }
            for draft in drafts_of(self.context)
        ]

    def contact_centre(self):
        return contact_centre()
