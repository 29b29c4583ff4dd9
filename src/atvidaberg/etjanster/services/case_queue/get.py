"""GET /Plone/@case-queue: the sent-in cases an officer may see, for the work queue.

A catalog query on the handling indexes, answered from metadata only and batched the
plone.restapi way. The catalog's own security filter keeps each officer to the cases
of their units (or the protected cases, for that group); drafts are never listed.
"""

from plone import api
from plone.restapi.batching import DEFAULT_BATCH_SIZE
from plone.restapi.batching import HypermediaBatch

from atvidaberg.etjanster import _
from atvidaberg.etjanster.handling.listings import QUEUED
from atvidaberg.etjanster.handling.listings import is_officer
from atvidaberg.etjanster.handling.listings import queue_query
from atvidaberg.etjanster.handling.listings import queued_cases
from atvidaberg.etjanster.handling.listings import status_counts
from atvidaberg.etjanster.handling.status import HANDLED_STATES
from atvidaberg.etjanster.handling.status import OFFICER_LABELS
from atvidaberg.etjanster.services.base import Service
from atvidaberg.etjanster.services.case_rows import case_row
from atvidaberg.etjanster.services.limits import BadInput
from atvidaberg.etjanster.services.limits import check_paging

SORT_ORDERS = ("ascending", "descending")


class BadParameter(ValueError):
    """A query parameter the queue cannot use; ``message`` is a message id."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _choice(form, name, allowed):
    value = form.get(name)
    if value in (None, ""):
        return None
    if value not in allowed:
        raise BadParameter(
            _(
                "'${name}' must be one of: ${allowed}.",
                mapping={"name": name, "allowed": ", ".join(allowed)},
            )
        )
    return value


def _paging(form, name, default):
    """``b_start`` or ``b_size``; checked against ``PAGING`` before the service runs
    (``services.limits``), read here with the same bounds."""
    try:
        check_paging({name: form.get(name, default)})
    except BadInput as refused:
        raise BadParameter(refused.message) from None
    return int(form.get(name, default))


def filters(form, user_id):
    """The queue's filters from the request (the status apart)."""
    values = {"review_state": _choice(form, "review_state", HANDLED_STATES)}
    for parameter in ("unit", "eservice", "assignee"):
        value = form.get(parameter)
        if value not in (None, ""):
            if not isinstance(value, str):
                raise BadParameter(
                    _("Give '${name}' once.", mapping={"name": parameter})
                )
            values[parameter] = value
    if values.get("assignee") == "me":
        values["assignee"] = user_id
    return queue_query(**values)


def officer_row(brain, request):
    return {
        **case_row(brain, request, OFFICER_LABELS),
        "unit": brain.case_unit,
        "assignee": brain.case_assignee,
        "unread": brain.unread_by_officer or 0,
    }


class CaseQueueGet(Service):
    def reply(self):
        if api.user.is_anonymous():
            return self.error(401, "Unauthorized", _("Log in first."))
        user = api.user.get_current()
        if not is_officer(user):
            return self.error(403, "Forbidden", _("You do not handle any cases."))
        form = self.request.form
        try:
            status = _choice(form, "status", QUEUED)
            query = filters(form, user.getId())
            order = _choice(form, "sort_order", SORT_ORDERS) or "descending"
            b_start = _paging(form, "b_start", 0)
            b_size = _paging(form, "b_size", DEFAULT_BATCH_SIZE)
        except BadParameter as bad:
            return self.error(400, "BadRequest", bad.message)
        results = queued_cases(
            query,
            (status,) if status else QUEUED,
            order,
            b_start=b_start,
            b_size=b_size,
        )
        batch = HypermediaBatch(self.request, results)
        answer = {
            "@id": batch.canonical_url,
            "items": [officer_row(brain, self.request) for brain in batch],
            "items_total": batch.items_total,
            "counts": status_counts(query),
        }
        if batch.links:
            answer["batching"] = batch.links
        return answer
