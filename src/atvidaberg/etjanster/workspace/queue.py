"""/Plone/@@handlaggning: the queue of the sent-in cases a case officer may see.

Every list and count is a catalog query answered from metadata; the catalog's
security filter (``allowedRolesAndUsers``, fed by ``handling.localroles``) keeps each
officer to their units' cases, and protected cases to the protected-case group.
Filters are plain GET parameters, so a filtered page can be bookmarked and the batch
navigation keeps them.
"""

from urllib.parse import urlencode

from AccessControl import Unauthorized
from plone import api
from plone.batching import Batch
from Products.Five.browser import BrowserView
from zExceptions import Forbidden
from zope.component import getMultiAdapter
from zope.i18n import translate
from zope.interface import implementer

from atvidaberg.etjanster import _
from atvidaberg.etjanster.browser.pages import private_page
from atvidaberg.etjanster.cases.answers import date_and_time
from atvidaberg.etjanster.handling import HANDLING_VIEW
from atvidaberg.etjanster.handling.listings import QUEUED
from atvidaberg.etjanster.handling.listings import eservices_with_cases
from atvidaberg.etjanster.handling.listings import queue_query
from atvidaberg.etjanster.handling.listings import queued_cases
from atvidaberg.etjanster.handling.listings import status_counts
from atvidaberg.etjanster.handling.status import AWAITING_RESIDENT
from atvidaberg.etjanster.handling.status import CLOSED
from atvidaberg.etjanster.handling.status import IN_REVIEW
from atvidaberg.etjanster.handling.status import OFFICER_LABELS
from atvidaberg.etjanster.handling.status import SUBMITTED
from atvidaberg.etjanster.handling.units import handles_protected_cases
from atvidaberg.etjanster.handling.units import units_of
from atvidaberg.etjanster.workspace.access import StaffNames
from atvidaberg.etjanster.workspace.access import current_officer
from atvidaberg.etjanster.workspace.interfaces import IWorkspacePage

PAGE_SIZE = 20
OPEN = "open"
ALL = "all"
STATUS_FILTERS = {
    OPEN: (SUBMITTED, IN_REVIEW, AWAITING_RESIDENT),
    **{status: (status,) for status in QUEUED},
    ALL: QUEUED,
}
ASCENDING = "asc"
DESCENDING = "desc"
SORT_ORDERS = {ASCENDING: "ascending", DESCENDING: "descending"}


def _single(form, name, allowed, default):
    """A filter's value from the request; anything unexpected means the default."""
    value = form.get(name)
    return value if isinstance(value, str) and value in allowed else default


def _start(form):
    try:
        return max(int(form.get("b_start", 0)), 0)
    except (TypeError, ValueError):
        return 0


@implementer(IWorkspacePage)
class QueueView(BrowserView):
    def __call__(self):
        if api.user.is_anonymous():
            raise Unauthorized("Log in to handle cases.")
        self.user = current_officer()
        if self.user is None:
            raise Forbidden("The case queue is for case officers and registrars.")
        private_page(self.request)
        self.update()
        return self.index()

    def is_officer(self):
        """For the personal menu's "Handläggning" (profiles/default/actions.xml)."""
        return current_officer() is not None

    def page_title(self):
        return translate(_("Case handling"), context=self.request)

    def update(self):
        form = self.request.form
        self.catalog = api.portal.get_tool("portal_catalog")
        self.eservices = self._eservices()
        self.eservice = _single(
            form, "eservice", {e["uid"] for e in self.eservices}, ""
        )
        self.status = _single(form, "status", STATUS_FILTERS, OPEN)
        self.mine = form.get("mine") == "1"
        self.order = _single(form, "order", SORT_ORDERS, ASCENDING)
        query = queue_query(
            eservice=self.eservice,
            assignee=self.user.getId() if self.mine else None,
        )
        self.counts = [
            {
                "status": status,
                "title": translate(OFFICER_LABELS[status], context=self.request),
                "count": number,
                "url": self.filter_url(status=status),
                "current": self.status == status,
            }
            for status, number in status_counts(query).items()
        ]
        start = _start(form)
        results = queued_cases(
            query,
            STATUS_FILTERS[self.status],
            SORT_ORDERS[self.order],
            b_start=start,
            b_size=PAGE_SIZE,
        )
        self.batch = Batch(results, PAGE_SIZE, start)
        self.total = getattr(results, "actual_result_count", len(results))
        self.names = StaffNames()
        self.my_units = set(units_of(self.user))
        self.protected_handler = handles_protected_cases(self.user)

    def _eservices(self):
        """The e-services of which the officer sees cases, by title (metadata only).

        E-service titles are no secret to staff, so the e-services themselves are
        looked up unrestricted (a retracted e-service still has its cases).
        """
        with_cases = eservices_with_cases(self.user)
        if not with_cases:
            return []
        brains = self.catalog.unrestrictedSearchResults(
            portal_type="EService", UID=with_cases, sort_on="sortable_title"
        )
        return [{"uid": brain.UID, "title": brain.Title} for brain in brains]

    def filter_url(self, **changes):
        params = {
            "eservice": self.eservice,
            "status": self.status,
            "mine": "1" if self.mine else "",
            "order": self.order,
        }
        params.update(changes)
        query = urlencode({key: value for key, value in params.items() if value})
        return f"{self.context.absolute_url()}/@@{HANDLING_VIEW}?{query}"

    def status_options(self):
        labels = {
            OPEN: _("All open cases"),
            **OFFICER_LABELS,
            ALL: _("All cases"),
        }
        return [
            {
                "value": value,
                "title": translate(labels[value], context=self.request),
                "selected": value == self.status,
            }
            for value in STATUS_FILTERS
        ]

    def may_handle_row(self, brain):
        """Whether the row's case is one to handle, not only to register.

        Decided from metadata: a registrar who handles no unit sees the case (and its
        receipt) but has no handling page for it.
        """
        return self.protected_handler or brain.case_unit in self.my_units

    def rows(self):
        request = self.request
        for brain in self.batch:
            url = brain.getURL()
            handles = self.may_handle_row(brain)
            label = OFFICER_LABELS.get(brain.case_status)
            yield {
                "number": brain.registration_number,
                "url": f"{url}/@@{HANDLING_VIEW}" if handles else f"{url}/@@receipt",
                "handles": handles,
                "eservice": brain.Title,
                "received": date_and_time(brain.case_received, request)
                if brain.case_received
                else "",
                "status": brain.case_status,
                "status_title": translate(label, context=request) if label else "",
                "assignee": self.names(brain.case_assignee),
                "unread": brain.unread_by_officer or 0,
                "may_take": handles
                and not brain.case_assignee
                and brain.case_status != CLOSED,
                "take_url": f"{url}/@@{HANDLING_VIEW}",
            }

    def batch_navigation(self):
        navigation = getMultiAdapter(
            (self.context, self.request), name="batchnavigation"
        )
        return navigation(self.batch)
