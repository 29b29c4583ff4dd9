"""What residents and officers do with a case after it was sent in.

Each action checks its permission, changes the case, records what the resident will
see in the history, tells whoever must know (``notify``) and reindexes the case's
listing data. The workflow's own transitions (start_review, close, reopen) are done
through it too (``transition``), so that REST's ``@workflow`` and the pages agree.
"""

from collections.abc import Sequence
from datetime import UTC
from datetime import datetime

from AccessControl import Unauthorized
from persistent.list import PersistentList
from plone import api

from atvidaberg.etjanster import _
from atvidaberg.etjanster.cases.access import DRAFT
from atvidaberg.etjanster.cases.access import is_draft
from atvidaberg.etjanster.cases.access import is_owner
from atvidaberg.etjanster.cases.content import Case
from atvidaberg.etjanster.cases.content import eservice_of
from atvidaberg.etjanster.handling import notify
from atvidaberg.etjanster.handling.messages import OFFICER
from atvidaberg.etjanster.handling.messages import RESIDENT
from atvidaberg.etjanster.handling.messages import Message
from atvidaberg.etjanster.handling.messages import MessageRefused
from atvidaberg.etjanster.handling.messages import add_message
from atvidaberg.etjanster.handling.messages import mark_read
from atvidaberg.etjanster.handling.status import CLOSED
from atvidaberg.etjanster.handling.status import SUBMITTED
from atvidaberg.etjanster.handling.status import StoredEvent

HANDLE = "atvidaberg.etjanster: Handle cases"
WRITE = "atvidaberg.etjanster: Write messages"
# Reindexing any of these also refreshes the metadata (the unread counts among it).
# The security index holds the queue's entries per status (handling.listings).
LISTING_INDEXES = ["case_status", "case_assignee", "modified", "allowedRolesAndUsers"]


def may_handle(case: Case) -> bool:
    return bool(api.user.has_permission(HANDLE, obj=case))


def may_write(case: Case) -> bool:
    return bool(api.user.has_permission(WRITE, obj=case))


def _record(case: Case, action: str, now: datetime) -> None:
    events = getattr(case, "events", None)
    if events is None:
        events = case.events = PersistentList()
    event: StoredEvent = {"action": action, "time": now}
    events.append(event)


def touch(case: Case) -> None:
    """The case changed: new modification time, listing data reindexed."""
    case.setModificationDate()
    case.reindexObject(idxs=LISTING_INDEXES)


def refusal_for_state(case: Case) -> MessageRefused:
    state = api.content.get_state(case, default=DRAFT)
    if state == DRAFT:
        return MessageRefused(
            "draft",
            _("A draft has no messages. Send in the application first."),
        )
    if state == CLOSED:
        return MessageRefused(
            "closed",
            _(
                "The case is closed and takes no more messages. Contact the unit "
                "that handled it if you have questions."
            ),
        )
    return MessageRefused("not_allowed", _("You cannot write in this case."))


def post_message(
    case: Case,
    text: str,
    files: Sequence[tuple[str, bytes]] = (),
    internal: bool = False,
    request_completion: bool = False,
) -> Message:
    """Keep a message from the current user; MessageRefused or AttachmentRefused.

    ``internal`` makes it a note for the officers; ``request_completion`` asks the
    resident to complete the application (and starts the review if needed).
    """
    officer = may_handle(case)
    if (internal or request_completion) and not officer:
        raise Unauthorized("Only case officers write notes and ask for completion.")
    if internal:
        if is_draft(case):
            raise refusal_for_state(case)
    elif not may_write(case):
        raise refusal_for_state(case)
    now = datetime.now(UTC)
    message = add_message(
        case,
        OFFICER if officer else RESIDENT,
        api.user.get_current().getId(),
        text,
        files=files,
        internal=internal,
        eservice=eservice_of(case),
        now=now,
    )
    if internal:
        touch(case)
        return message
    if officer:
        if request_completion:
            message.requests_completion = True
            if api.content.get_state(case) == SUBMITTED:
                api.content.transition(case, transition="start_review")
            case.awaiting_resident = True
            # After the transition's own entry, so that the history reads in order.
            _record(case, "request_completion", datetime.now(UTC))
        notify.notify_resident(case)
    else:
        if getattr(case, "awaiting_resident", False):
            case.awaiting_resident = False
            _record(case, "completion_received", now)
        notify.notify_unit(case)
    touch(case)
    return message


def read_messages(case: Case) -> None:
    """The resident or an officer has seen the case's messages (reindexed if new).

    Anyone else who may look (a registrar) leaves them unread for both sides.
    """
    if may_handle(case):
        reader = OFFICER
    elif is_owner(case):
        reader = RESIDENT
    else:
        return
    if mark_read(case, reader):
        case.reindexObject(idxs=["case_status"])  # for the metadata: unread counts


def assign(case: Case, user_id: str | None) -> None:
    """Make ``user_id`` (or nobody, with None) the case's officer."""
    if not may_handle(case):
        raise Unauthorized("Only case officers assign cases.")
    case.assigned_to = user_id
    touch(case)


def take(case: Case) -> None:
    """The current officer takes the case: assigned to them, review started."""
    assign(case, api.user.get_current().getId())
    if api.content.get_state(case) == SUBMITTED:
        api.content.transition(case, transition="start_review")
