"""GET /Plone/@case-queue: the sent-in cases an officer may see, for the work queue.

A catalog query on the handling indexes, answered from metadata only and batched the
plone.restapi way. The catalog's own security filter keeps each officer to the cases
of their units (or the protected cases, for that group); drafts are never listed.
"""

from plone import api
from plone.restapi.batching import DEFAULT_BATCH_SIZE
from plone.restapi.batching import HypermediaBatch
from plone.restapi.services import Service

from atvidaberg.etjanster import _
from atvidaberg.etjanster.handling.listings import QUEUED
from atvidaberg.etjanster.handling.listings import is_officer
from atvidaberg.etjanster.handling.listings import queue_query
from atvidaberg.etjanster.handling.listings import queued_cases
from atvidaberg.etjanster.handling.listings import status_counts
from atvidaberg.etjanster.handling.status import HANDLED_STATES
from atvidaberg.etjanster.handling.status import OFFICER_LABELS
from atvidaberg.etjanster.services.handling.errors import error
from atvidaberg.etjanster.services.handling.rows import case_row

SORT_ORDERS = ("ascending", "descending")
MAX_BATCH = 1000


class BadParameter(ValueError):
    pass


def _choice(form, name, allowed):
    value = form.get(name)
    if value in (None, ""):
        return None
    if value not in allowed:
        raise BadParameter(f"'{name}' must be one of: {', '.join(allowed)}.")
    return value


def _count(form, name, default, minimum, maximum=None):
    value = form.get(name, default)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise BadParameter(f"'{name}' must be a whole number.") from None
    if number < minimum or (maximum is not None and number > maximum):
        limits = f"from {minimum} to {maximum}" if maximum else f"at least {minimum}"
        raise BadParameter(f"'{name}' must be {limits}.")
    return number


def filters(form, user_id):
    """The queue's filters from the request (the status apart)."""
    values = {"review_state": _choice(form, "review_state", HANDLED_STATES)}
    for parameter in ("unit", "eservice", "assignee"):
        value = form.get(parameter)
        if value not in (None, ""):
            if not isinstance(value, str):
                raise BadParameter(f"Give '{parameter}' once.")
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
            return error(self.request, 401, "Unauthorized", _("Log in first."))
        user = api.user.get_current()
        if not is_officer(user):
            return error(
                self.request, 403, "Forbidden", _("You do not handle any cases.")
            )
        form = self.request.form
        try:
            status = _choice(form, "status", QUEUED)
            query = filters(form, user.getId())
            order = _choice(form, "sort_order", SORT_ORDERS) or "descending"
            b_start = _count(form, "b_start", 0, 0)
            b_size = _count(form, "b_size", DEFAULT_BATCH_SIZE, 1, MAX_BATCH)
        except BadParameter as bad:
            return error(self.request, 400, "BadRequest", str(bad))
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
