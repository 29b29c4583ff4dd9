"""A case's status in plain words, and its history, for residents and officers.

The workflow has four states; "waiting for the resident" is a flag on a case in
review (set when an officer asks for completion, cleared when the resident writes),
so that the case stays in the officer's hands meanwhile.

The history is read from two stores: the workflow's own (``workflow_history``) and
the case's ``events`` (a ``PersistentList`` of ``StoredEvent``, written by
``handling.dialog``). Both are kept as they are in the ZODB; readers get
``HistoryEntry`` records, made here.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Self
from typing import TypedDict

from plone import api

from atvidaberg.etjanster import _
from atvidaberg.etjanster.cases.access import DRAFT
from atvidaberg.etjanster.cases.content import Case

SUBMITTED = "submitted"
IN_REVIEW = "in_review"
AWAITING_RESIDENT = "awaiting_resident"
CLOSED = "closed"
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


class StoredEvent(TypedDict):
    """What ``handling.dialog`` appends to ``case.events`` (a plain dict, as stored)."""

    action: str  # "request_completion" or "completion_received"
    time: datetime  # UTC


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a case's history, oldest first.

    ``comment`` and ``actor`` are what the reader may see: the resident's history
    has only the public comments and no actors.
    """

    action: str  # a key of HISTORY_LABELS
    time: datetime
    comment: str = ""
    actor: str | None = None

    @classmethod
    def from_event(cls, event: StoredEvent) -> Self:
        return cls(action=event["action"], time=event["time"])


def case_status(case: Case) -> str:
    state = api.content.get_state(case, default=DRAFT)
    if state in (SUBMITTED, IN_REVIEW) and getattr(case, "awaiting_resident", False):
        return AWAITING_RESIDENT
    return state


def _workflow_history(case: Case) -> list[dict]:
    """The workflow's record of the case, without the permission check of getInfoFor."""
    workflow_history = getattr(case, "workflow_history", None) or {}
    return list(workflow_history.get("case_workflow", ()))


def history(case: Case, officers: bool = False) -> list[HistoryEntry]:
    """What happened, oldest first.

    For the resident, ``comment`` is the public text of a closing (the decision) or a
    reopening; other comments stay with the officers, who (``officers``) see every
    comment and who did it, except who sent the case in (the resident, not named).
    Completion requests and answers come from the messages (``handling.dialog``
    records them in ``case.events``).
    """
    entries = []
    for entry in _workflow_history(case):
        action = entry.get("action")
        if action not in HISTORY_LABELS:
            continue
        shown = officers or action in ("close", "reopen")
        entries.append(
            HistoryEntry(
                action=action,
                time=entry["time"].asdatetime(),
                comment=(entry.get("comments") or "") if shown else "",
                actor=entry.get("actor") if officers and action != "submit" else None,
            )
        )
    entries.extend(HistoryEntry.from_event(e) for e in getattr(case, "events", ()))
    return sorted(entries, key=lambda entry: entry.time)


def decision(case: Case) -> str:
    """The text of the last closing, when the case is closed."""
    if case_status(case) != CLOSED:
        return ""
    closings = [e for e in history(case) if e.action == "close"]
    return closings[-1].comment if closings else ""
