"""Send queued jobs: claim in one transaction, send outside it, record in another.

A job is claimed by committing state "sending" with a lease; a ConflictError on that
commit means another thread or process claimed it first, so it is sent once. The send
happens outside any transaction; then a new transaction records the result. If the
process dies between a successful send and that record, the lease expires and the job
is sent again: delivery is at-least-once (every copy has the same Message-ID).

Triggers: right after the committing transaction (in a thread, so the request is never
delayed or failed), and a worker thread per Zope process that wakes every
`ETJANSTER_DELIVERY_INTERVAL` seconds (default 60, 0 disables) and runs every site's
due jobs. Both are safe to run in several processes on ZEO/RelStorage.
"""

import logging
import os
import threading
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING
from typing import Self

import transaction
from ZODB.POSException import ConflictError
from zope.component.hooks import getSite
from zope.component.hooks import setSite

from atvidaberg.etjanster.delivery import queue as queue_module
from atvidaberg.etjanster.delivery.queue import DeliveryQueue
from atvidaberg.etjanster.delivery.queue import get_queue

if TYPE_CHECKING:
    from Products.CMFPlone.Portal import PloneSite
    from ZODB.DB import DB
    from zope.processlifetime import DatabaseOpenedWithRoot
    from zope.processlifetime import ProcessStarting
    from zope.sendmail.mailer import SMTPMailer

logger = logging.getLogger("atvidaberg.etjanster.delivery")

# "thread": after commit, send in a new thread (production); "sync": send in the
# committing thread after commit (tests); "off": leave it to the worker.
DISPATCH = "thread"
_threads: list[threading.Thread] = []


def describe(exc: BaseException) -> str:
    """Log-safe text of a sending error: its type and the server's reply, no content."""
    code = getattr(exc, "smtp_code", None)
    text = getattr(exc, "smtp_error", None) or str(exc)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    detail = f"{code} {text}" if code else text
    return f"{type(exc).__name__}: {' '.join(detail.split())[:300]}"


def make_mailer(site: "PloneSite") -> "SMTPMailer":
    """The MailHost's SMTP mailer: sends immediately and raises on every failure.

    Plone patches the mailer to take host, port and login from the site's registry
    (the "Mail" control panel), so the site hook must be this site while it is built.
    """
    previous = getSite()
    setSite(site)
    try:
        return site.MailHost._makeMailer()
    finally:
        setSite(previous)


class Runner:
    """Deliver the jobs of one site through a connection of its own."""

    def __init__(self, db: "DB", site_path: Iterable[str]) -> None:
        self.db = db
        self.site_path = tuple(site_path)
        self.tm = transaction.TransactionManager()
        self.connection = db.open(transaction_manager=self.tm)

    def close(self) -> None:
        self.tm.abort()
        self.connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def site(self) -> "PloneSite":
        app = self.connection.root()["Application"]
        return app.unrestrictedTraverse("/".join(self.site_path))

    def queue(self) -> DeliveryQueue | None:
        return get_queue(self.site())

    def due(self) -> list[str]:
        with self.tm:
            queue = self.queue()
            return [] if queue is None else queue.due(queue_module.clock())

    def claim(self, job_id: str) -> tuple[str, "SMTPMailer"] | None:
        """Claim the job in its own transaction; None if not due or claimed elsewhere."""
        token = uuid.uuid4().hex
        try:
            with self.tm:
                site = self.site()
                job = get_queue(site).jobs.get(job_id)
                if job is None or not job.is_due(queue_module.clock()):
                    return None
                job.claim_for(token, queue_module.clock())
                mailer = make_mailer(site)
        except ConflictError:
            logger.debug("Job %s was claimed by another process.", job_id)
            return None
        return token, mailer

    def record(self, job_id: str, token: str, error: str | None) -> None:
        for attempt in self.tm.attempts(5):
            with attempt:
                queue = self.queue()
                job = queue.jobs[job_id]
                if error is None:
                    queue.mark_delivered(job, queue_module.clock())
                else:
                    job.failed(token, queue_module.clock(), error)

    def deliver(self, job_id: str) -> bool | None:
        """Attempt one job; True delivered, False failed, None not attempted."""
        claimed = self.claim(job_id)
        if claimed is None:
            return None
        token, mailer = claimed
        with self.tm:
            job = self.queue().jobs[job_id]
            sender, recipients = job.sender, list(job.recipients)
            message = job.message_bytes()
        error = None
        try:
            mailer.send(sender, recipients, message)
        except Exception as exc:
            error = describe(exc)
            logger.warning("Sending job %s failed: %s", job_id, error)
        self.record(job_id, token, error)
        return error is None

    def run(self, job_ids: Iterable[str] | None = None) -> dict[str, int]:
        """Attempt the given jobs (default: all due); a count per outcome."""
        counts = {"delivered": 0, "failed": 0, "skipped": 0}
        for job_id in self.due() if job_ids is None else job_ids:
            try:
                result = self.deliver(job_id)
            except Exception:
                logger.exception("Delivering job %s broke off.", job_id)
                result = False
            key = {True: "delivered", False: "failed", None: "skipped"}[result]
            counts[key] += 1
        if job_ids is None:
            self.compact()
        return counts

    def compact(self) -> None:
        """Tidy the queue in a round of its own; a conflict waits for the next round."""
        try:
            with self.tm:
                queue = self.queue()
                if queue is not None:
                    queue.compact()
        except ConflictError:
            logger.debug("Queue compaction conflicted; next round.")


def run_site(
    db: "DB", site_path: Iterable[str], job_ids: Iterable[str] | None = None
) -> dict[str, int]:
    with Runner(db, site_path) as runner:
        return runner.run(job_ids)


def sites_with_queue(db: "DB") -> list[tuple[str, ...]]:
    """Paths of the Plone sites at the root of the database that have a queue."""
    tm = transaction.TransactionManager()
    connection = db.open(transaction_manager=tm)
    try:
        with tm:
            app = connection.root()["Application"]
            return [
                site.getPhysicalPath()
                for site in app.objectValues()
                if getattr(site, "portal_type", None) == "Plone Site"
                and get_queue(site) is not None
            ]
    finally:
        tm.abort()
        connection.close()


def run_all(db: "DB") -> dict[tuple[str, ...], dict[str, int]]:
    return {path: run_site(db, path) for path in sites_with_queue(db)}


def after_commit(
    status: bool, db: "DB", site_path: tuple[str, ...], job_ids: Iterable[str]
) -> None:
    """The after-commit hook of `queue.enqueue`: attempt the new jobs now."""
    if not status or DISPATCH == "off":
        return
    if DISPATCH == "sync":
        _safe_run(db, site_path, list(job_ids))
        return
    thread = threading.Thread(
        target=_safe_run,
        args=(db, site_path, list(job_ids)),
        name="etjanster-delivery",
        daemon=True,
    )
    _threads.append(thread)
    thread.start()


def _safe_run(db: "DB", site_path: tuple[str, ...], job_ids: list[str]) -> None:
    try:
        run_site(db, site_path, job_ids)
    except Exception:
        logger.exception("Delivery after commit broke off; the worker retries.")


def wait_for_dispatch(timeout: float = 10) -> None:
    """Wait for the after-commit threads (tests)."""
    while _threads:
        _threads.pop().join(timeout)


class Worker(threading.Thread):
    """Per process: wake every `interval` seconds and run every site's due jobs."""

    def __init__(self, db: "DB", interval: float) -> None:
        super().__init__(name="etjanster-delivery-worker", daemon=True)
        self.db = db
        self.interval = interval
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(self.interval):
            try:
                run_all(self.db)
            except Exception:
                logger.exception("The delivery worker's round failed.")

    def stop(self) -> None:
        self.stopping.set()


_database: dict[str, "DB"] = {}


def database_opened(event: "DatabaseOpenedWithRoot") -> None:
    _database["db"] = event.database


def process_starting(event: "ProcessStarting") -> None:
    interval = float(os.environ.get("ETJANSTER_DELIVERY_INTERVAL", "60"))
    db = _database.get("db")
    if interval <= 0 or db is None:
        return
    Worker(db, interval).start()
    logger.info("Delivery worker started (every %s s).", interval)
