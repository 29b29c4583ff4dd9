"""A case's status in plain words, and its history, for residents and officers.

The workflow has four states; "waiting for the resident" is a flag on a case in
review (set when an officer asks for completion, cleared when the resident writes),
so that the case stays in the officer's hands meanwhile.
"""

from plone import api

from atvidaberg.etjanster import _
from atvidaberg.etjanster.cases.access import DRAFT

SUBMITTED = "submitted"
IN_REVIEW = "in_review"
AWAITING_RESIDENT = "awaiting_resident"
CLOSED = "closed"
STATUSES = (DRAFT, SUBMITTED, IN_REVIEW, AWAITING_RESIDENT, CLOSED)
HANDLED_STATES = (SUBMITTED, IN_REVIEW, CLOSED)

RESIDENT_LABELS = {
    DRAFT: _("Not sent in"),
    SUBMITTED: _("Received, not yet handled"),
    IN_REVIEW: _("Being handled"),
    AWAITING_RESIDENT: _("Waiting for your completion"),
    CLOSED: _("Closed"),
}
OFFICER_LABELS = {
    DRAFT: _("Draft"),
    SUBMITTED: _("New"),
    IN_REVIEW: _("In review"),
    AWAITING_RESIDENT: _("Waiting for the resident"),
    CLOSED: _("Closed"),
}
HISTORY_LABELS = {
    "submit": _("Sent in"),
    "start_review": _("Handling started"),
    "request_completion": _("Completion requested"),
    "completion_received": _("Completion received"),
    "close": _("Closed"),
    "reopen": _("Reopened"),
}


def case_status(case):
    state = api.content.get_state(case, default=DRAFT)
    if state in (SUBMITTED, IN_REVIEW) and getattr(case, "awaiting_resident", False):
        return AWAITING_RESIDENT
    return state


def review_history(case):
    """The workflow's record of the case, without the permission check of getInfoFor."""
    workflow_history = getattr(case, "workflow_history", None) or {}
    return list(workflow_history.get("case_workflow", ()))


def history(case):
    """What happened, oldest first: ``{"action", "time", "comment"}``.

    ``comment`` is the public text of a closing (the decision) or a reopening; other
    comments stay with the officers. Completion requests and answers come from the
    messages (``handling.dialog`` records them in ``case.events``).
    """
    entries = []
    for entry in review_history(case):
        action = entry.get("action")
        if action not in HISTORY_LABELS:
            continue
        public = action in ("close", "reopen")
        entries.append(
            {
                "action": action,
                "time": entry["time"].asdatetime(),
                "comment": (entry.get("comments") or "") if public else "",
            }
        )
    for event in getattr(case, "events", ()):
        entries.append(dict(event, comment=""))
    return sorted(entries, key=lambda entry: entry["time"])


def decision(case):
    """The text of the last closing, when the case is closed."""
    if case_status(case) != CLOSED:
        return ""
    closings = [e for e in history(case) if e["action"] == "close"]
    return closings[-1]["comment"] if closings else ""
