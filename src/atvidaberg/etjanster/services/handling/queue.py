"""GET /Plone/@case-queue: the sent-in cases an officer may see, for the work queue.

A catalog query on the handling indexes, answered from metadata only and batched the
plone.restapi way. The catalog's own security filter keeps each officer to the cases
of their units (or the protected cases, for that group); drafts are never listed.
"""

from plone import api
from plone.restapi.batching import DEFAULT_BATCH_SIZE
from plone.restapi.batching import HypermediaBatch
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.services import Service
from zope.i18n import translate

from atvidaberg.etjanster import _
from atvidaberg.etjanster.handling.status import DRAFT
from atvidaberg.etjanster.handling.status import HANDLED_STATES
from atvidaberg.etjanster.handling.status import OFFICER_LABELS
from atvidaberg.etjanster.handling.status import STATUSES
from atvidaberg.etjanster.handling.units import handles_protected_cases
from atvidaberg.etjanster.handling.units import registrar_group
from atvidaberg.etjanster.handling.units import units_of
from atvidaberg.etjanster.services.handling.errors import error

HANDLED_STATUSES = tuple(status for status in STATUSES if status != DRAFT)
SORT_ORDERS = ("ascending", "descending")
MAX_BATCH = 1000


class BadParameter(ValueError):
    pass


def may_use_queue(user):
    if units_of(user) or handles_protected_cases(user):
        return True
    registrars = registrar_group()
    return bool(registrars and registrars in (user.getGroups() or ()))


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


def queue_query(form, user_id):
    """The catalog query of the request's filters, without the status filter."""
    query = {
        "portal_type": "Case",
        "review_state": _choice(form, "review_state", HANDLED_STATES)
        or list(HANDLED_STATES),
        # The date index counts in minutes; the number orders a minute's cases.
        "sort_on": ["case_received", "registration_number"],
        "sort_order": _choice(form, "sort_order", SORT_ORDERS) or "descending",
    }
    for parameter, index in (("unit", "case_unit"), ("eservice", "case_eservice")):
        value = form.get(parameter)
        if value not in (None, ""):
            if not isinstance(value, str):
                raise BadParameter(f"Give '{parameter}' once.")
            query[index] = value
    assignee = form.get("assignee")
    if assignee not in (None, ""):
        if not isinstance(assignee, str):
            raise BadParameter("Give 'assignee' once.")
        query["case_assignee"] = user_id if assignee == "me" else assignee
    return query


def officer_row(brain, request):
    label = OFFICER_LABELS.get(brain.case_status)
    return {
        "@id": brain.getURL(),
        "title": brain.Title,
        "eservice": brain.case_eservice,
        "registration_number": brain.registration_number,
        "review_state": brain.review_state,
        "status": brain.case_status,
        "status_title": translate(label, context=request) if label else None,
        "received": json_compatible(brain.case_received),
        "unit": brain.case_unit,
        "assignee": brain.case_assignee,
        "unread": brain.unread_by_officer or 0,
        "modified": json_compatible(brain.modified),
    }


class CaseQueueGet(Service):
    def reply(self):
        if api.user.is_anonymous():
            return error(self.request, 401, "Unauthorized", _("Log in first."))
        user = api.user.get_current()
        if not may_use_queue(user):
            return error(
                self.request, 403, "Forbidden", _("You do not handle any cases.")
            )
        form = self.request.form
        try:
            status = _choice(form, "status", HANDLED_STATUSES)
            query = queue_query(form, user.getId())
            _count(form, "b_start", 0, 0)
            _count(form, "b_size", DEFAULT_BATCH_SIZE, 1, MAX_BATCH)
        except BadParameter as bad:
            return error(self.request, 400, "BadRequest", str(bad))
        catalog = api.portal.get_tool("portal_catalog")
        counts = {
            name: len(catalog(**query, case_status=name)) for name in HANDLED_STATUSES
        }
        if status:
            query["case_status"] = status
        batch = HypermediaBatch(self.request, catalog(**query))
        answer = {
            "@id": batch.canonical_url,
            "items": [officer_row(brain, self.request) for brain in batch],
            "items_total": batch.items_total,
            "counts": counts,
        }
        if batch.links:
            answer["batching"] = batch.links
        return answer
