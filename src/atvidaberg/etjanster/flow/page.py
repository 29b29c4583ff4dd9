"""How the resident's pages of a case open: for its owner alone, never cached.

``owners_page`` is the opening of every such page (the flow's and Mina sidor's);
``DraftPage`` that of the pages that fill in the application, which is frozen once
it is sent in.
"""

from Products.Five.browser import BrowserView

from atvidaberg.etjanster.browser.pages import private_page
from atvidaberg.etjanster.cases.access import is_submitted
from atvidaberg.etjanster.cases.access import require_owner
from atvidaberg.etjanster.cases.urls import confirmation_url


def owners_page(case, request) -> None:
    """Open a resident's page of ``case``: Forbidden to anyone but its owner."""
    require_owner(case)
    private_page(request)


class DraftPage(BrowserView):
    """A page of the application before it is sent in (a step, the review, "saved").

    Once the case is sent in, the application is frozen: the page leads to the
    confirmation instead. ``render`` is the page itself.
    """

    def __call__(self):
        case, request = self.context, self.request
        owners_page(case, request)
        if is_submitted(case):
            return request.response.redirect(confirmation_url(case))
        return self.render()

    def render(self):
        return self.index()
