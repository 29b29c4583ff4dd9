"""The persistent queue of outgoing e-mail, kept in an annotation on the Plone site.

Every job is its own persistent object, so claiming or marking one job never conflicts
with work on another; the MIME message is a ZODB blob, so the queue does not bloat
Data.fs. States: pending → sending (claimed, with a lease) → delivered, or failing
(retried with back-off: 1 min, 2, 4 … capped at 1 h, for ever until it succeeds).
A job queued without a recipient it may go to is *held*: never attempted, listed for
administrators with the reason, until one of them releases it to an address.
"""

import email
import email.policy
import os
import time
import uuid
from collections.abc import Iterable
from collections.abc import Mapping
from typing import TYPE_CHECKING
from typing import Literal
from typing import overload

from BTrees.OOBTree import OOBTree
from BTrees.OOBTree import OOTreeSet
from persistent import Persistent
from ZODB.blob import Blob
from zope.annotation.interfaces import IAnnotations

from atvidaberg.etjanster.delivery.message import AttachmentPart
from atvidaberg.etjanster.delivery.message import build_message
from atvidaberg.etjanster.delivery.message import write_message

if TYPE_CHECKING:
    from plone.namedfile.file import NamedBlobFile
    from plone.namedfile.file import NamedFile
    from Products.CMFPlone.Portal import PloneSite

ANNOTATION_KEY = "atvidaberg.etjanster.delivery"
MAILBOX_RECORD = "atvidaberg.etjanster.delivery_mailbox"

PENDING = "pending"
SENDING = "sending"
DELIVERED = "delivered"
FAILING = "failing"
HELD = "held"
STATES = (HELD, PENDING, SENDING, FAILING, DELIVERED)

FIRST_DELAY = 60  # seconds before the first retry
MAX_DELAY = 3600  # back-off cap
# A claim older than this is stale: the process that held it stopped. It must be
# longer than any send takes (a copy is sent again after it); the fault tests shorten
# it with ETJANSTER_DELIVERY_LEASE so that a killed instance's claims expire in time.
LEASE = float(os.environ.get("ETJANSTER_DELIVERY_LEASE", "600"))

# The time source (epoch seconds). Tests replace it to move through the back-off.
clock = time.time


def backoff(attempts: int) -> int:
    """Seconds to wait after the `attempts`-th failed attempt."""
    return min(FIRST_DELAY * 2 ** max(attempts - 1, 0), MAX_DELAY)


class Job(Persistent):
    """One outgoing e-mail. `last_error` is log-safe: never the message's contents."""

    def __init__(
        self,
        id: str,
        created: float,
        sender: str,
        recipients: Iterable[str],
        subject: str,
        kind: str,
        reference: str | None,
    ) -> None:
        self.id = id
        self.created = created
        self.sender = sender
        self.recipients = tuple(recipients)
        self.subject = subject
        self.kind = kind
        self.reference = reference
        self.state = PENDING
        self.attempts = 0
        self.next_attempt_at = created
        self.lease_until: float | None = None
        self.claim: str | None = None
        self.last_error: str | None = None  # log-safe
        self.delivered_at: float | None = None
        self.size = 0
        self.message = Blob()

    def is_due(self, now: float) -> bool:
        if self.state in (PENDING, FAILING):
            return self.next_attempt_at <= now
        if self.state == SENDING:
            return self.lease_until is None or self.lease_until <= now
        return False

    def message_bytes(self) -> bytes:
        with self.message.open("r") as fp:
            return fp.read()

    # Transitions. The runner calls them inside its own transactions.
    def claim_for(self, token: str, now: float) -> None:
        if self.state == SENDING:
            self.last_error = "The previous attempt did not finish (lease expired)."
        self.state = SENDING
        self.claim = token
        self.lease_until = now + LEASE
        self.attempts += 1

    def failed(self, token: str, now: float, error: str) -> bool:
        if self.claim != token or self.state != SENDING:
            return False  # reclaimed by another process meanwhile: its result counts
        self.state = FAILING
        self.claim = None
        self.lease_until = None
        self.last_error = error
        self.next_attempt_at = now + backoff(self.attempts)
        return True

    def delivered(self, now: float) -> None:
        self.state = DELIVERED
        self.claim = None
        self.lease_until = None
        self.last_error = None
        self.delivered_at = now


class DeliveryQueue(Persistent):
    def __init__(self) -> None:
        self.jobs = OOBTree()  # job id -> Job, ids sort by creation time
        self.open = OOTreeSet()  # ids of the jobs not yet delivered (see compact)

    def add(self, job: Job) -> None:
        self.jobs[job.id] = job
        self.open.add(job.id)

    def mark_delivered(self, job: Job, now: float) -> None:
        # The id stays in `open` until `compact`: removing the oldest id there would
        # conflict with every submission adding its own at the same moment.
        job.delivered(now)

    def compact(self) -> int:
        """Drop the delivered jobs' ids from `open`; the worker's rounds call it."""
        done = [job_id for job_id in self.open if self.jobs[job_id].state == DELIVERED]
        for job_id in done:
            self.open.remove(job_id)
        return len(done)

    def due(self, now: float) -> list[str]:
        """Ids of the jobs to attempt now, oldest first."""
        return [
            job_id
            for job_id in self.open
            if (job := self.jobs.get(job_id)) is not None and job.is_due(now)
        ]

    def retry(self, job_id: str, now: float) -> bool:
        """Make a failing (or stale) job due now; False if there is nothing to retry."""
        job = self.jobs.get(job_id)
        if job is None or job.state in (DELIVERED, HELD):
            return False
        if job.state == SENDING and not job.is_due(now):
            return False  # being sent right now
        if job.state == SENDING:
            job.state = FAILING
            job.claim = None
        job.next_attempt_at = now
        return True

    def listing(self, limit: int = 200) -> list[Job]:
        """The jobs not yet delivered, then the latest delivered; newest first."""
        keys = self.jobs.keys()
        result = [
            job for job_id in self.open if (job := self.jobs[job_id]).state != DELIVERED
        ]
        index = len(keys) - 1
        delivered = 0
        while index >= 0 and delivered < limit:
            job = self.jobs[keys[index]]
            if job.state == DELIVERED:
                result.append(job)
                delivered += 1
            index -= 1
        result.sort(key=lambda job: job.id, reverse=True)
        return result

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATES, 0)
        for job_id in self.open:
            counts[self.jobs[job_id].state] += 1
        waiting = sum(n for state, n in counts.items() if state != DELIVERED)
        counts[DELIVERED] = len(self.jobs) - waiting
        return counts


@overload
def get_queue(site: "PloneSite", create: Literal[True]) -> DeliveryQueue: ...


@overload
def get_queue(site: "PloneSite", create: bool = False) -> DeliveryQueue | None: ...


def get_queue(site: "PloneSite", create: bool = False) -> DeliveryQueue | None:
    annotations = IAnnotations(site)
    queue = annotations.get(ANNOTATION_KEY)
    if queue is None and create:
        queue = annotations[ANNOTATION_KEY] = DeliveryQueue()
    return queue


def new_job_id(now: float) -> str:
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now))
    return f"{stamp}.{int(now * 1e6) % 1_000_000:06d}-{uuid.uuid4().hex[:12]}"


def default_sender(site: "PloneSite") -> str | None:
    registry = site.portal_registry
    address = registry.get("plone.email_from_address") or registry.get(
        "atvidaberg.etjanster.contact_centre_email"
    )
    name = registry.get("plone.email_from_name")
    return f"{name} <{address}>" if name and address else address


def default_mailbox(site: "PloneSite") -> str | None:
    return site.portal_registry.get(MAILBOX_RECORD)


def enqueue(
    site: "PloneSite",
    *,
    to: str | Iterable[str] | None,
    subject: str,
    body: str,
    attachments: Iterable["AttachmentPart | NamedFile | NamedBlobFile"] = (),
    html: str | None = None,
    sender: str | None = None,
    kind: str = "mail",
    reference: str | None = None,
    headers: Mapping[str, str] | None = None,
    held: str | None = None,
) -> str:
    """Queue one e-mail and return its job id; it is attempted right after commit.

    `to` is an address or a list; `attachments` are (filename, content_type, payload)
    with payload bytes, a ZODB blob or a plone.namedfile file (or such a file itself).
    The job exists only if the current transaction commits. With `held` (a log-safe
    reason) and no `to`, the job is held until an administrator releases it.
    """
    recipients = [] if not to else [to] if isinstance(to, str) else list(to)
    if not all(recipients) or not (recipients or held):
        raise ValueError("An e-mail needs a recipient.")
    sender = sender or default_sender(site)
    now = clock()
    job_id = new_job_id(now)
    headers = {"X-Etjanster-Job": job_id, **(headers or {})}
    message = build_message(
        sender=sender,
        recipients=recipients,
        subject=subject,
        body=body,
        html=html,
        attachments=attachments,
        headers=headers,
    )
    job = Job(job_id, now, sender, recipients, subject, kind, reference)
    with job.message.open("w") as fp:
        write_message(message, fp)
        job.size = fp.tell()
    if held:
        job.state = HELD
        job.last_error = held
    get_queue(site, create=True).add(job)
    if not held:
        _dispatch_after_commit(site, job_id)
    return job_id


def _dispatch_after_commit(site: "PloneSite", job_id: str) -> None:
    from atvidaberg.etjanster.delivery import runner

    txn = site._p_jar.transaction_manager.get()
    try:
        pending = txn.data(runner)
    except KeyError:
        pending = []
        txn.set_data(runner, pending)
        txn.addAfterCommitHook(
            runner.after_commit,
            args=(site._p_jar.db(), site.getPhysicalPath(), pending),
        )
    pending.append(job_id)


def retry(site: "PloneSite", job_id: str) -> bool:
    """Administrators' retry: due now, and attempted right after this commit."""
    queue = get_queue(site)
    if queue is None or not queue.retry(job_id, clock()):
        return False
    _dispatch_after_commit(site, job_id)
    return True


def release(site: "PloneSite", job_id: str, to: str) -> bool:
    """Send a held job to ``to`` (an address): due now, attempted after this commit."""
    queue = get_queue(site)
    job = queue.jobs.get(job_id) if queue is not None else None
    if job is None or job.state != HELD or not to:
        return False
    message = email.message_from_bytes(job.message_bytes(), policy=email.policy.SMTP)
    del message["To"]
    message["To"] = to
    with job.message.open("w") as fp:
        write_message(message, fp)
        job.size = fp.tell()
    job.recipients = (to,)
    job.state = PENDING
    job.last_error = None
    job.next_attempt_at = clock()
    _dispatch_after_commit(site, job_id)
    return True
