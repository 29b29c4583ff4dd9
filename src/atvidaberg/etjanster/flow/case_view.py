"""The address of a case: its owner lands where they are in the flow.

A draft opens at its first step that lacks an answer (or the review when none
does); a submitted case at its page on Mina sidor (``minasidor``). Anyone else
who may view the case (case officers, once it is submitted) gets Plone's ordinary
view of it.
"""

from Products.Five.browser import BrowserView
from zope.component import getMultiAdapter

from atvidaberg.etjanster.browser.pages import prepare
from atvidaberg.etjanster.cases.access import is_owner
from atvidaberg.etjanster.cases.access import is_submitted
from atvidaberg.etjanster.cases.urls import case_page_url
from atvidaberg.etjanster.flow.progress import first_incomplete


class CaseView(BrowserView):
    def __call__(self):
        case, request = self.context, self.request
        if not is_owner(case):
            return getMultiAdapter((case, request), name="view")()
        request.response.setHeader("Cache-Control", "no-store")
        if is_submitted(case):
            return request.response.redirect(case_page_url(case.absolute_url()))
        prepare(case, request)
        return request.response.redirect(first_incomplete(case, request))
