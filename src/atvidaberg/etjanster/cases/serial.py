"""Submissions in one Zope process commit one after the other.

A submission writes to objects every submission shares (catalog indexes, the delivery
queue), and BTree buckets that split at the same time in two transactions cannot be
merged: one of them is retried. On a loaded two-core machine twenty simultaneous
submissions made some request lose more than Zope's ten retries, and the resident got
a 500. So a submission takes this process's lock for the rest of its transaction, and
starts that transaction afresh once it holds it, so that it sees the commits of those
that went before (a transaction that began before them would conflict anyway).

This is a throughput measure, not a correctness one: across Zope instances (ZEO,
RelStorage) submissions still meet as ordinary ZODB conflicts, which the storage
detects and Zope retries. Nothing breaks if the lock is not had within ``WAIT``
seconds; the submission then goes ahead on its own, as it would without the lock.
"""

import logging
import threading
from typing import Any

import transaction

WAIT = 30  # seconds
logger = logging.getLogger("atvidaberg.etjanster.cases")
_submissions = threading.Lock()


class _Turn:
    """This transaction's hold of the lock, given back once, however it ends."""

    def __init__(self) -> None:
        self.held = True

    def give_back(self, *ignored: Any) -> None:
        if self.held:
            self.held = False
            _submissions.release()


def one_submission_at_a_time() -> bool:
    """Wait for this process's turn to submit, then begin the transaction afresh.

    Call before reading what the submission depends on. The turn ends when the
    request's transaction commits or aborts (a retried request waits again). True
    when this call began the transaction afresh: what was read before it is stale.
    """
    current = transaction.get()
    if getattr(current, "_etjanster_turn", None) is not None:
        return False  # this transaction already has its turn
    if not _submissions.acquire(timeout=WAIT):
        logger.warning("Submission went ahead without its turn after %s s", WAIT)
        return False
    turn = _Turn()
    try:
        fresh = _begin_afresh(current)
        afresh = fresh is not current
        current = fresh
        current._etjanster_turn = turn
        current.addAfterCommitHook(turn.give_back)
        current.addAfterAbortHook(turn.give_back)
    except BaseException:
        turn.give_back()
        raise
    return afresh


def _begin_afresh(current: transaction.Transaction) -> transaction.Transaction:
    """Abort the request's transaction if it has written nothing, keeping its note.

    The next access to any object then reads the newest committed state. A transaction
    that has written something keeps it (and its older view of the database).
    """
    if current._resources:
        return current
    user, description, extension = (
        current.user,
        current.description,
        dict(current.extension),
    )
    current.abort()
    fresh = transaction.get()
    fresh.user, fresh.description = user, description
    fresh.extension.update(extension)
    return fresh
