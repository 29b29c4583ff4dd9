"""The workflow's transitions of a case: a decision is needed to close, the resident
hears of every change, and a closed case no longer waits for the resident."""

from typing import TYPE_CHECKING

from Products.CMFCore.WorkflowCore import WorkflowException

from atvidaberg.etjanster import _
from atvidaberg.etjanster.cases.content import Case
from atvidaberg.etjanster.handling import notify
from atvidaberg.etjanster.handling.dialog import touch

if TYPE_CHECKING:
    from Products.DCWorkflow.events import AfterTransitionEvent
    from Products.DCWorkflow.events import BeforeTransitionEvent
    from Products.DCWorkflow.events import TransitionEvent

TOLD_TO_RESIDENT = ("start_review", "close", "reopen")
DECISION_REQUIRED = _("A case is closed with a decision: give it as the comment.")


def _transition_id(event: "TransitionEvent") -> str | None:
    return event.transition.id if event.transition is not None else None


def require_decision(case: Case, event: "BeforeTransitionEvent") -> None:
    if _transition_id(event) != "close":
        return
    if not ((event.kwargs or {}).get("comment") or "").strip():
        raise WorkflowException(DECISION_REQUIRED)


def after_transition(case: Case, event: "AfterTransitionEvent") -> None:
    action = _transition_id(event)
    if action == "close":
        case.awaiting_resident = False
    if action in TOLD_TO_RESIDENT:
        notify.notify_resident(case)
        touch(case)
